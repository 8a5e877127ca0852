/** What the wallet keeps per credential: the SD-JWT with all its disclosures, and what it last learned about it. */
import type { AnchorProof } from "@fairledger/common";
import type { KeyValueStore } from "../lib/idb.ts";
import type { IssuerStatus, StatusContact } from "../pickup/ledger-status.ts";
import type { ReceivedContractDocument } from "../pickup/contract-document.ts";

export interface StoredCredential {
  digest: `0x${string}`;
  /** The issuer-signed JWT plus every disclosure, ending in `~` (no key binding). */
  credential: string;
  issuer: string;
  receivedAt: string;
  anchor?: AnchorProof;
  issuerStatus?: IssuerStatus;
  /** The issuer's words for its last revocation or suspension, if it gave any. */
  statusReason?: string;
  /** Whom to ask about a suspension or revocation (the agency, the authority), as the issuer last said. */
  statusContacts?: StatusContact[];
  checkedAt?: string;
  /** The employment contract document that came with the credential (checked against contractHash when shown). */
  contractDocument?: ReceivedContractDocument;
  /**
   * Set when the credential came back from a backup and binds another phone's key: readable and printable
   * here, but only a credential the agency issues again to this phone's key can be shown at a border.
   */
  boundToOtherKey?: boolean;
}

const STORE_KEY = "credentials";

export async function loadCredentials(store: KeyValueStore): Promise<StoredCredential[]> {
  return (await store.get<StoredCredential[]>(STORE_KEY)) ?? [];
}

/** Adds or replaces (same digest) a credential. */
export async function saveCredential(store: KeyValueStore, entry: StoredCredential): Promise<StoredCredential[]> {
  const list = (await loadCredentials(store)).filter((existing) => existing.digest !== entry.digest);
  list.push(entry);
  await store.put(STORE_KEY, list);
  return list;
}

/** Deletes the wallet's copy (the worker's right to erasure); the ledger only ever held its hash. */
export async function removeCredential(store: KeyValueStore, digest: string): Promise<StoredCredential[]> {
  const list = (await loadCredentials(store)).filter((existing) => existing.digest !== digest);
  await store.put(STORE_KEY, list);
  return list;
}
