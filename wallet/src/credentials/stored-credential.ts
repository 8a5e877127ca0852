/** What the wallet keeps per credential: the SD-JWT with all its disclosures, and what it last learned about it. */
import type { AnchorProof } from "@fairledger/common";
import type { KeyValueStore } from "../lib/idb.ts";
import type { IssuerStatus } from "../pickup/ledger-status.ts";

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
  checkedAt?: string;
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
