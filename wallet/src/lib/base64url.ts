/** base64url (RFC 4648 §5, no padding) for bytes and UTF-8 text, in the browser and in Node alike. */
export function bytesToBase64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function textToBase64url(text: string): string {
  return bytesToBase64url(new TextEncoder().encode(text));
}

export function jsonToBase64url(value: unknown): string {
  return textToBase64url(JSON.stringify(value));
}
