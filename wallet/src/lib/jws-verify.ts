/**
 * Checking a compact JWS signature with WebCrypto: EdDSA (Ed25519) or ES256 (P-256), the two
 * algorithms FairLedger uses, each tied to its key type; anything else is refused. WebCrypto's ECDSA
 * takes the JWS `r || s` form as it is. Ed25519 is in WebCrypto in Chrome 137+, Safari 17+, Firefox 129+
 * and Node 20.
 */
import { base64urlToBytes } from "@fairledger/common";

export interface VerificationJwk {
  kty: string;
  crv: string;
  x: string;
  y?: string;
}

function algorithmFor(alg: unknown, jwk: VerificationJwk) {
  if (alg === "EdDSA" && jwk.kty === "OKP" && jwk.crv === "Ed25519")
    return { importAs: { name: "Ed25519" }, verifyAs: { name: "Ed25519" } };
  if (alg === "ES256" && jwk.kty === "EC" && jwk.crv === "P-256")
    return {
      importAs: { name: "ECDSA", namedCurve: "P-256" },
      verifyAs: { name: "ECDSA", hash: "SHA-256" },
    };
  return undefined;
}

/** True only when `compact` is signed by `jwk` with the algorithm its header names. */
export async function verifyJwsSignature(compact: string, alg: unknown, jwk: VerificationJwk): Promise<boolean> {
  const algorithm = algorithmFor(alg, jwk);
  const parts = compact.split(".");
  if (!algorithm || parts.length !== 3) return false;
  const [header, payload, signature] = parts as [string, string, string];
  try {
    const key = await crypto.subtle.importKey(
      "jwk",
      { kty: jwk.kty, crv: jwk.crv, x: jwk.x, ...(jwk.y ? { y: jwk.y } : {}) },
      algorithm.importAs,
      false,
      ["verify"],
    );
    return await crypto.subtle.verify(
      algorithm.verifyAs,
      key,
      new Uint8Array(base64urlToBytes(signature)),
      new TextEncoder().encode(`${header}.${payload}`),
    );
  } catch {
    return false;
  }
}
