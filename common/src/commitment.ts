/**
 * Salted commitments to documents (employment contracts, fee receipts): what goes on chain instead of
 * the document's plain SHA-256. A plain hash of a templated contract confirms a guess — fill the
 * template with a candidate passport number, hash, compare with the chain; the whole passport space
 * falls in about half an hour on one core. With a secret 256-bit salt per document the chain value says
 * nothing to whoever lacks the salt, and the salt travels only to those entitled to check the document
 * (the worker's credential, the employer's signing request, the inspector's receipt set).
 *
 * Format, version 1 (the only place it is defined; issuer, verifier, scripts and tests import it):
 *
 *   commitment = HMAC-SHA-256(key = salt, message = "fairledger:document-commitment:v1" || 0x00 || document)
 *
 * with `salt` 32 bytes from a CSPRNG, written as 0x-prefixed lowercase hex (66 characters). HMAC makes
 * the salt a key (no length-extension, no ambiguity between salt and document bytes); the tag keeps
 * these commitments apart from any other HMAC a salt might ever be used in.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { FairLedgerError } from "./errors.ts";
import { DOCUMENT_COMMITMENT_TAG } from "./contract-document.ts";

export const DOCUMENT_SALT_BYTES = 32;

const SALT_PATTERN = /^0x[0-9a-f]{64}$/;

/** A new secret salt for one document: 32 bytes from node:crypto's CSPRNG, 0x-hex. */
export function newDocumentSalt(): `0x${string}` {
  return `0x${randomBytes(DOCUMENT_SALT_BYTES).toString("hex")}`;
}

export function isDocumentSalt(value: unknown): value is `0x${string}` {
  return typeof value === "string" && SALT_PATTERN.test(value);
}

/** The on-chain commitment (bytes32, 0x-hex) to `document` under `salt`. */
export function documentCommitment(document: Uint8Array | string, salt: string): `0x${string}` {
  if (!isDocumentSalt(salt)) {
    throw new FairLedgerError(
      "ERR_INPUT_INVALID",
      `a document salt is ${DOCUMENT_SALT_BYTES} bytes as 0x-prefixed lowercase hex`,
    );
  }
  const mac = createHmac("sha256", Buffer.from(salt.slice(2), "hex"));
  mac.update(DOCUMENT_COMMITMENT_TAG, "utf8").update(Buffer.of(0)).update(document);
  return `0x${mac.digest("hex")}`;
}

/** Whether `document` under `salt` is `commitment` (constant-time comparison). */
export function matchesDocumentCommitment(document: Uint8Array | string, salt: string, commitment: string): boolean {
  if (!/^0x[0-9a-fA-F]{64}$/.test(commitment)) return false;
  const computed = Buffer.from(documentCommitment(document, salt).slice(2), "hex");
  return timingSafeEqual(computed, Buffer.from(commitment.slice(2), "hex"));
}
