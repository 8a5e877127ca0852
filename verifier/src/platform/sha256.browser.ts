/** Browser twin of sha256.ts: @noble/hashes' audited SHA-256 (synchronous, as the checks that call it are). */
import { sha256 } from "@noble/hashes/sha256";
import { bytesToHex } from "@noble/hashes/utils";

// "ascii" as Node's Buffer reads it: each UTF-16 code unit's low byte.
const asciiBytes = (input: string): Uint8Array => Uint8Array.from(input, (char) => char.charCodeAt(0) & 0xff);

export function sha256AsciiBase64url(input: string): string {
  let binary = "";
  for (const byte of sha256(asciiBytes(input))) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function sha256Hex(parts: readonly Uint8Array[]): string {
  const digest = sha256.create();
  for (const part of parts) digest.update(part);
  return bytesToHex(digest.digest());
}
