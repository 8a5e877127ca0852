/**
 * Signing and verifying JWS signatures with node:crypto — the hot path of issuance and verification.
 * Measured here, pure-JS (noble) signatures are 10–20× slower. Only two algorithms exist in FairLedger,
 * each tied to exactly one key type (RFC 8725 §3.1): EdDSA ↔ Ed25519 (OKP), ES256 ↔ P-256 (EC).
 * Anything else, `none` and HMAC included, is refused before any cryptography runs (public-jwk.ts).
 * Node only: the browser entry has the key rules without the cryptography.
 */
import { createPrivateKey, createPublicKey, sign, verify, type JsonWebKey, type KeyObject } from "node:crypto";
import { algorithmForJwk, toPublicJwk, type JwsAlgorithm } from "./public-jwk.ts";

export interface JwsSigner {
  readonly alg: JwsAlgorithm;
  /** Signs the JWS signing input (`header.payload`), returning the base64url signature. */
  sign(signingInput: string): string;
}

export function createJwsSigner(privateJwk: JsonWebKey): JwsSigner {
  const alg = algorithmForJwk(privateJwk);
  const key = createPrivateKey({ key: privateJwk, format: "jwk" });
  return {
    alg,
    sign: (signingInput) => signWithKey(alg, key, signingInput),
  };
}

export function signWithKey(alg: JwsAlgorithm, key: KeyObject, signingInput: string): string {
  const data = Buffer.from(signingInput, "ascii");
  const signature = alg === "EdDSA" ? sign(null, data, key) : sign("sha256", data, { key, dsaEncoding: "ieee-p1363" });
  return signature.toString("base64url");
}

export interface JwsVerifier {
  readonly alg: JwsAlgorithm;
  verify(signingInput: string, signature: string): boolean;
}

const verifierCache = new Map<string, JwsVerifier>();

/** A verifier for one public key. Key objects are cached: parsing a JWK costs more than verifying. */
export function createJwsVerifier(publicJwk: JsonWebKey): JwsVerifier {
  const jwk = toPublicJwk(publicJwk);
  const cacheKey = `${jwk.crv}:${jwk.x}:${jwk.y ?? ""}`;
  const cached = verifierCache.get(cacheKey);
  if (cached) return cached;
  const alg = algorithmForJwk(jwk);
  const key = createPublicKey({ key: jwk as JsonWebKey, format: "jwk" });
  const verifier: JwsVerifier = {
    alg,
    verify(signingInput, signature) {
      const data = Buffer.from(signingInput, "ascii");
      const bytes = Buffer.from(signature, "base64url");
      if (alg === "EdDSA") return bytes.length === 64 && verify(null, data, key, bytes);
      return bytes.length === 64 && verify("sha256", data, { key, dsaEncoding: "ieee-p1363" }, bytes);
    },
  };
  if (verifierCache.size > 10_000) verifierCache.clear();
  verifierCache.set(cacheKey, verifier);
  return verifier;
}
