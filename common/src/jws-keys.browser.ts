/**
 * Browser twin of jws-keys.ts, verification only: EdDSA with @noble/curves' ed25519 under RFC 8032's
 * strict rules (zip215: false, as OpenSSL), ES256 with its p256 over SHA-256 of the signing input, r‖s read
 * as the compact 64 bytes JWS uses (never guessed as DER) and high-S accepted (JWS does not forbid it;
 * OpenSSL accepts it too). Same refusals as the Node verifier: wrong key type, wrong length.
 */
import { ed25519 } from "@noble/curves/ed25519";
import { p256 } from "@noble/curves/p256";
import { sha256 } from "@noble/hashes/sha256";
import { base64urlToBytes } from "./base64url.ts";
import { algorithmForJwk, toPublicJwk, type JwkLike, type JwsAlgorithm } from "./public-jwk.ts";

export interface JwsVerifier {
  readonly alg: JwsAlgorithm;
  verify(signingInput: string, signature: string): boolean;
}

// "ascii" as Node's Buffer reads it: the low byte of each code unit (a signing input is base64url anyway).
const asciiBytes = (text: string): Uint8Array => Uint8Array.from(text, (char) => char.charCodeAt(0) & 0xff);

function signatureBytes(signature: string): Uint8Array | null {
  try {
    return base64urlToBytes(signature);
  } catch {
    return null;
  }
}

/** A verifier for one public key (same contract as the Node one: throws for an unsupported key). */
export function createJwsVerifier(publicJwk: JwkLike): JwsVerifier {
  const jwk = toPublicJwk(publicJwk);
  const alg = algorithmForJwk(jwk);
  if (alg === "EdDSA") {
    const publicKey = base64urlToBytes(jwk.x);
    return {
      alg,
      verify(signingInput, signature) {
        const bytes = signatureBytes(signature);
        if (bytes?.length !== 64 || publicKey.length !== 32) return false;
        try {
          return ed25519.verify(bytes, asciiBytes(signingInput), publicKey, { zip215: false });
        } catch {
          return false;
        }
      },
    };
  }
  const publicKey = new Uint8Array([4, ...base64urlToBytes(jwk.x), ...base64urlToBytes(jwk.y as string)]);
  return {
    alg,
    verify(signingInput, signature) {
      const bytes = signatureBytes(signature);
      if (bytes?.length !== 64 || publicKey.length !== 65) return false;
      try {
        const rs = p256.Signature.fromCompact(bytes);
        return p256.verify(rs, sha256(asciiBytes(signingInput)), publicKey, { lowS: false });
      } catch {
        return false;
      }
    },
  };
}
