/**
 * Browser twin of bytes.ts (this package's `browser` map swaps it in): the same conversions with
 * atob/btoa and TextEncoder/TextDecoder, lenient exactly where Buffer is — a dangling last character
 * (length ≡ 1 mod 4) is ignored and malformed UTF-8 becomes U+FFFD — so a page and Node read one token alike.
 */
const utf8 = new TextDecoder("utf-8");

function binaryOf(base64: string): string {
  const whole = base64.length % 4 === 1 ? base64.slice(0, -1) : base64;
  return atob(whole.replace(/-/g, "+").replace(/_/g, "/"));
}

const bytesOf = (binary: string): Uint8Array => Uint8Array.from(binary, (char) => char.charCodeAt(0));

export const base64urlToUtf8 = (text: string): string => utf8.decode(bytesOf(binaryOf(text)));

export function utf8ToBase64url(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export const base64ToBytes = (text: string): Uint8Array => bytesOf(binaryOf(text.replace(/=+$/, "")));
