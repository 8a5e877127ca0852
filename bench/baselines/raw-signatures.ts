/**
 * The hardware limit of verification: exactly the signature checks a presentation needs (the issuer's
 * Ed25519 signature on the credential, the holder's P-256 signature on the key-binding JWT) done with
 * node:crypto on keys imported beforehand, and nothing else — no parsing, hashing or policy.
 */
import { createPublicKey, verify, type KeyObject } from "node:crypto";

export interface SignatureCheck {
  data: Buffer;
  signature: Buffer;
  key: KeyObject;
  alg: "EdDSA" | "ES256";
}

/** Splits an SD-JWT+KB presentation into its two signature checks. */
export function signatureChecksOf(presentation: string, issuerKey: KeyObject): [SignatureCheck, SignatureCheck] {
  const parts = presentation.split("~");
  const issuerJwt = parts[0]!;
  const kbJwt = parts[parts.length - 1]!;
  const split = (jwt: string) => {
    const last = jwt.lastIndexOf(".");
    return { data: Buffer.from(jwt.slice(0, last), "ascii"), signature: Buffer.from(jwt.slice(last + 1), "base64url") };
  };
  const payload = JSON.parse(Buffer.from(issuerJwt.split(".")[1]!, "base64url").toString("utf8")) as {
    cnf: { jwk: Record<string, string> };
  };
  const holderKey = createPublicKey({ key: payload.cnf.jwk, format: "jwk" });
  return [
    { ...split(issuerJwt), key: issuerKey, alg: "EdDSA" },
    { ...split(kbJwt), key: holderKey, alg: "ES256" },
  ];
}

export function verifySignature(check: SignatureCheck): boolean {
  return check.alg === "EdDSA"
    ? verify(null, check.data, check.key, check.signature)
    : verify("sha256", check.data, { key: check.key, dsaEncoding: "ieee-p1363" }, check.signature);
}
