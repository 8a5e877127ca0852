/** SHA-256 as SD-JWT uses it (RFC 9901 §4.2.3): base64url of the digest over the ASCII of the input. */
import { createHash, hash } from "node:crypto";

// eslint-disable-next-line no-control-regex -- ASCII includes the control characters: the range must start at NUL
const ASCII = /^[\x00-\x7f]*$/;

export function sdHash(input: string): string {
  // One-shot hashing encodes a string as UTF-8, which equals ASCII exactly when the string is ASCII.
  return ASCII.test(input)
    ? hash("sha256", input, "base64url")
    : createHash("sha256").update(input, "ascii").digest("base64url");
}
