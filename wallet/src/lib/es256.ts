/**
 * ES256 compact JWS with a WebCrypto P-256 key. WebCrypto's ECDSA signature is already the IEEE P1363
 * `r || s` form that JWS (RFC 7518 §3.4) wants, so no DER conversion is needed.
 */
import { bytesToBase64url, jsonToBase64url } from "./base64url.ts";

export const ECDSA_P256 = { name: "ECDSA", namedCurve: "P-256" } as const;
const ES256_SIGN = { name: "ECDSA", hash: "SHA-256" } as const;

/** Signs a JWS signing input (`header.payload`) and returns the base64url signature. */
export async function signEs256(privateKey: CryptoKey, signingInput: string): Promise<string> {
  const signature = await crypto.subtle.sign(ES256_SIGN, privateKey, new TextEncoder().encode(signingInput));
  return bytesToBase64url(new Uint8Array(signature));
}

export async function signJwt(
  privateKey: CryptoKey,
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
): Promise<string> {
  const signingInput = `${jsonToBase64url({ ...header, alg: "ES256" })}.${jsonToBase64url(payload)}`;
  return `${signingInput}.${await signEs256(privateKey, signingInput)}`;
}
