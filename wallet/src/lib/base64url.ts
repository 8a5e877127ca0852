/** base64url (RFC 4648 §5, no padding) for bytes and UTF-8 text: @fairledger/common's, plus JSON. */
import { textToBase64url } from "@fairledger/common";

export { bytesToBase64url, textToBase64url } from "@fairledger/common";

export function jsonToBase64url(value: unknown): string {
  return textToBase64url(JSON.stringify(value));
}
