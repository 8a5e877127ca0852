/**
 * SHA-256 where the verifier hashes: SD-JWT disclosure digests and KB-JWT sd_hash (RFC 9901 §4.2.3, base64url
 * over ASCII) and used-nonce keys (hex over bytes). On node:crypto here — one-shot `hash` for ASCII input, the
 * fastest Node has; the browser twin (sha256.browser.ts) uses @noble/hashes, selected by the `browser` map.
 */
import { createHash, hash } from "node:crypto";

// eslint-disable-next-line no-control-regex -- ASCII includes the control characters: the range must start at NUL
const ASCII = /^[\x00-\x7f]*$/;

/** base64url of SHA-256 over the ASCII of `input`. */
export function sha256AsciiBase64url(input: string): string {
  // One-shot hashing encodes a string as UTF-8, which equals ASCII exactly when the string is ASCII.
  return ASCII.test(input)
    ? hash("sha256", input, "base64url")
    : createHash("sha256").update(input, "ascii").digest("base64url");
}

/** Lowercase hex of SHA-256 over the concatenated `parts`. */
export function sha256Hex(parts: readonly Uint8Array[]): string {
  const digest = createHash("sha256");
  for (const part of parts) digest.update(part);
  return digest.digest("hex");
}
