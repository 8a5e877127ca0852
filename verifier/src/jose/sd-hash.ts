/** SHA-256 as SD-JWT uses it (RFC 9901 §4.2.3): base64url of the digest over the ASCII of the input. */
import { sha256AsciiBase64url } from "../platform/sha256.ts";

export const sdHash = (input: string): string => sha256AsciiBase64url(input);
