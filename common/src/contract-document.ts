/**
 * The employment contract document as the worker's wallet receives it at pickup, and the check that it
 * is the document the ledger holds a commitment to. Browser-safe (Web Crypto only), so the wallet and
 * the service share one definition of the wire format and of the commitment (commitment.ts is the
 * node:crypto twin the service signs with; common/test holds both to the same values).
 *
 * Wire format: one extra top-level parameter of the OpenID4VCI 1.0 credential response (§8.3: "additional
 * response parameters MAY be defined"; a wallet ignores parameters it does not know). It rides on the
 * same access token and key proof as the credential it belongs to, so nobody without the pickup code
 * and the holder key gets the document, and a retried request gets the same document again.
 *
 *   "fairledger_contract_document": { "media_type": "text/plain; charset=utf-8", "document": "<base64url of the bytes>" }
 */
export const CONTRACT_DOCUMENT_PARAMETER = "fairledger_contract_document";

/** Contract documents the wallet keeps (the service's request bodies are 256 KiB): a bigger one is refused. */
export const MAX_CONTRACT_DOCUMENT_BYTES = 192 * 1024;

export interface ContractDocumentParameter {
  media_type: string;
  /** The document's bytes, base64url without padding. */
  document: string;
}

/** The HMAC tag of commitment format v1 (see commitment.ts for the format and why it is salted). */
export const DOCUMENT_COMMITMENT_TAG = "fairledger:document-commitment:v1";

const SALT_PATTERN = /^0x[0-9a-f]{64}$/;

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/**
 * The commitment to `document` under `salt` (commitment format v1, 0x-hex), with Web Crypto's HMAC:
 * what the contract's `contractHash` claim and the ledger hold when the document is the anchored one.
 * Undefined for a salt that is not 32 bytes of lowercase hex (then nothing can be checked).
 */
export async function documentCommitmentWeb(document: Uint8Array, salt: string): Promise<`0x${string}` | undefined> {
  if (!SALT_PATTERN.test(salt)) return undefined;
  const key = await crypto.subtle.importKey(
    "raw",
    hexToBytes(salt.slice(2)),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const tag = new TextEncoder().encode(DOCUMENT_COMMITMENT_TAG);
  const message = new Uint8Array(tag.length + 1 + document.length);
  message.set(tag, 0);
  message.set(document, tag.length + 1);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, message));
  return `0x${Array.from(mac, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}
