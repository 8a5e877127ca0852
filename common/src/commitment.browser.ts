/**
 * Browser twin of commitment.ts, checking only (a page never makes salts): the same HMAC-SHA-256
 * commitment (format stated there) on @noble/hashes, compared in constant time.
 */
import { hmac } from "@noble/hashes/hmac";
import { sha256 } from "@noble/hashes/sha256";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils";
import { FairLedgerError } from "./errors.ts";
import { DOCUMENT_COMMITMENT_TAG } from "./contract-document.ts";

export const DOCUMENT_SALT_BYTES = 32;

const SALT_PATTERN = /^0x[0-9a-f]{64}$/;

export function isDocumentSalt(value: unknown): value is `0x${string}` {
  return typeof value === "string" && SALT_PATTERN.test(value);
}

export function documentCommitment(document: Uint8Array | string, salt: string): `0x${string}` {
  if (!isDocumentSalt(salt)) {
    throw new FairLedgerError(
      "ERR_INPUT_INVALID",
      `a document salt is ${DOCUMENT_SALT_BYTES} bytes as 0x-prefixed lowercase hex`,
    );
  }
  const mac = hmac.create(sha256, hexToBytes(salt.slice(2)));
  mac.update(new TextEncoder().encode(DOCUMENT_COMMITMENT_TAG)).update(Uint8Array.of(0));
  mac.update(typeof document === "string" ? new TextEncoder().encode(document) : document);
  return `0x${bytesToHex(mac.digest())}`;
}

export function matchesDocumentCommitment(document: Uint8Array | string, salt: string, commitment: string): boolean {
  if (!/^0x[0-9a-fA-F]{64}$/.test(commitment)) return false;
  const computed = hexToBytes(documentCommitment(document, salt).slice(2));
  const expected = hexToBytes(commitment.slice(2).toLowerCase());
  let difference = 0;
  for (let i = 0; i < computed.length; i++) difference |= (computed[i] as number) ^ (expected[i] as number);
  return difference === 0;
}
