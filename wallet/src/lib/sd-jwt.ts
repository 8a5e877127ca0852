/**
 * The @sd-jwt/core instance the wallet uses to decode credentials and build presentations, with a
 * WebCrypto SHA-256 hasher and the holder key as key-binding signer. The wallet never verifies the
 * issuer signature itself (it has no chain access); the verifier does.
 */
import { SDJwtInstance } from "@sd-jwt/core";
import type { Hasher } from "@sd-jwt/types";
import { signEs256 } from "./es256.ts";

export const webCryptoSha256: Hasher = async (data, alg) => {
  if (alg.toLowerCase() !== "sha-256") throw new Error(`unsupported _sd_alg ${alg}`);
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : new Uint8Array(data);
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
};

export function sdJwtInstance(holderPrivateKey?: CryptoKey): SDJwtInstance<Record<string, unknown>> {
  return new SDJwtInstance({
    hasher: webCryptoSha256,
    hashAlg: "sha-256",
    kbSignAlg: "ES256",
    kbSigner: holderPrivateKey ? (signingInput: string) => signEs256(holderPrivateKey, signingInput) : undefined,
  });
}

/** SHA-256 of the issuer-signed JWT (before the first `~`) as 0x-hex: the digest the ledger anchors. */
export async function credentialDigest(credential: string): Promise<`0x${string}`> {
  // split always returns at least one element.
  const [issuerSignedJwt = ""] = credential.split("~", 1);
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(issuerSignedJwt)));
  return `0x${Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
