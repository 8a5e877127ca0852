/**
 * The complaints this phone filed: the reference and access token the service answered (the token reads
 * the status; only this phone has it), the paper it was filed with, and what the service last said.
 */
import type { KeyValueStore } from "../lib/idb.ts";
import type { ComplaintCategory, ComplaintStage } from "./complaint-rules.ts";

export interface StoredComplaint {
  reference: string;
  accessToken: string;
  /** The issuer service it was filed with (the credential's issuer). */
  issuer: string;
  /** The credential whose possession filed it. */
  digest: string;
  category: ComplaintCategory;
  filedAt: string;
  status: ComplaintStage;
  outcome?: string;
  checkedAt?: string;
}

const STORE_KEY = "complaints";

export async function loadComplaints(store: KeyValueStore): Promise<StoredComplaint[]> {
  return (await store.get<StoredComplaint[]>(STORE_KEY)) ?? [];
}

/** Adds or replaces (same reference) a complaint. */
export async function saveComplaint(store: KeyValueStore, entry: StoredComplaint): Promise<StoredComplaint[]> {
  const list = (await loadComplaints(store)).filter((existing) => existing.reference !== entry.reference);
  list.push(entry);
  await store.put(STORE_KEY, list);
  return list;
}
