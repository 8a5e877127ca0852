/** SHA-256 as SD-JWT uses it (RFC 9901 §4.2.3): base64url of the digest over the ASCII of the input. */
import { createHash } from "node:crypto";

export function sdHash(input: string): string {
  return createHash("sha256").update(input, "ascii").digest("base64url");
}
