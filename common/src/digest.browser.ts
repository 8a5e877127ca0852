/** Browser twin of digest.ts: the same digests on @noble/hashes' SHA-256 (the rule is stated there). */
import { sha256 } from "@noble/hashes/sha256";
import { bytesToHex } from "@noble/hashes/utils";
import { FairLedgerError } from "./errors.ts";

const asciiBytes = (text: string): Uint8Array => Uint8Array.from(text, (char) => char.charCodeAt(0) & 0xff);

export function credentialDigest(credential: string): `0x${string}` {
  const [issuerSignedJwt = ""] = credential.split("~", 1);
  if (issuerSignedJwt.split(".").length !== 3) {
    throw new FairLedgerError(
      "ERR_INPUT_INVALID",
      "a credential digest needs a compact JWS (three dot-separated parts)",
    );
  }
  return `0x${bytesToHex(sha256(asciiBytes(issuerSignedJwt)))}`;
}

/** WARNING (as in digest.ts): never for a document with personal data in it — use `documentCommitment`. */
export function documentHash(document: Uint8Array | string): `0x${string}` {
  return `0x${bytesToHex(sha256(typeof document === "string" ? new TextEncoder().encode(document) : document))}`;
}
