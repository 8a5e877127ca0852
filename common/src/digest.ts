/**
 * What gets anchored for a credential: the SHA-256 of its issuer-signed JWT (for SD-JWT, the part
 * before the first `~`; disclosures and key binding are holder-side and never anchored), as bytes32.
 */
import { createHash } from "node:crypto";
import { FairLedgerError } from "./errors.ts";

export function credentialDigest(credential: string): `0x${string}` {
  // split always yields one element; the default only satisfies the type and fails the check below.
  const [issuerSignedJwt = ""] = credential.split("~", 1);
  if (issuerSignedJwt.split(".").length !== 3) {
    throw new FairLedgerError(
      "ERR_INPUT_INVALID",
      "a credential digest needs a compact JWS (three dot-separated parts)",
    );
  }
  return `0x${createHash("sha256").update(issuerSignedJwt, "ascii").digest("hex")}`;
}

/**
 * SHA-256 of arbitrary bytes as bytes32, for what is public anyway or already salted (a licence
 * credential's digest, a case commitment over its secret salt). WARNING: never for a document with
 * personal data in it (contracts, receipts): a plain hash confirms a guess — use `documentCommitment`.
 */
export function documentHash(document: Uint8Array | string): `0x${string}` {
  return `0x${createHash("sha256").update(document).digest("hex")}`;
}
