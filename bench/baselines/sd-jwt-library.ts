/**
 * The @sd-jwt/sd-jwt-vc 0.19.0 default path, the way its README wires it: an SDJwtVcInstance with a
 * SHA-256 hasher, a verifier for the (known) issuer key and a key-binding verifier that takes the holder
 * key from `cnf.jwk` of each credential; `verify()` with its default options plus the expected nonce.
 * The callbacks use node:crypto, so the library is not handicapped by slower cryptography: what it
 * costs beyond the hardware limit is its own parsing, hashing and checking.
 */
import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import { sha256Hasher } from "../fixtures/sd-jwt.ts";

export function sdJwtLibraryVerifier(issuerKey: KeyObject): (presentation: string, nonce: string) => Promise<unknown> {
  const instance = new SDJwtVcInstance({
    hasher: sha256Hasher,
    hashAlg: "sha-256",
    verifier: (data, signature) => verify(null, Buffer.from(data), issuerKey, Buffer.from(signature, "base64url")),
    kbVerifier: (data, signature, payload) => {
      const jwk = (payload as { cnf?: { jwk?: Record<string, string> } }).cnf?.jwk;
      if (!jwk) return false;
      const holderKey = createPublicKey({ key: jwk, format: "jwk" });
      return verify(
        "sha256",
        Buffer.from(data),
        { key: holderKey, dsaEncoding: "ieee-p1363" },
        Buffer.from(signature, "base64url"),
      );
    },
  });
  return (presentation, nonce) => instance.verify(presentation, { keyBindingNonce: nonce });
}
