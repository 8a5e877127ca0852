/**
 * The desk's trust snapshot for offline checks: fetched from the service that serves this page
 * (GET ../trust-snapshot) while online, kept in localStorage so it survives a closed tab and a lost
 * network, and judged by its age — now minus the snapshot's block time, the rule `fairledger verify
 * --offline --max-snapshot-age` applies — against the officer's maximum age (default 24 h).
 */
const SNAPSHOT_ITEM = "fairledger-verify-trust-snapshot";
const MAX_AGE_ITEM = "fairledger-verify-max-snapshot-age-hours";

export const DEFAULT_MAX_AGE_HOURS = 24;
/** A week: past that the ledger has certainly moved (licences suspended, credentials revoked). */
export const LONGEST_MAX_AGE_HOURS = 168;

/** What the page needs to know of a stored snapshot without parsing all of it again. */
export interface StoredSnapshot {
  /** The snapshot file's text, as the service sent it. */
  text: string;
  block: { number: number; timestamp: number };
  /** Unix seconds when this desk fetched it. */
  fetchedAt: number;
}

export type SnapshotFetch =
  { ok: true; value: StoredSnapshot } | { ok: false; failure: "error.unavailable" | "offline.storeFull" };

function blockOf(text: string): StoredSnapshot["block"] | null {
  try {
    const value = JSON.parse(text) as { type?: unknown; block?: { number?: unknown; timestamp?: unknown } };
    const { number, timestamp } = value.block ?? {};
    if (value.type !== "FairLedgerTrustSnapshot" || typeof number !== "number" || typeof timestamp !== "number")
      return null;
    return { number, timestamp };
  } catch {
    return null;
  }
}

export function storedSnapshot(): StoredSnapshot | null {
  try {
    const stored = JSON.parse(localStorage.getItem(SNAPSHOT_ITEM) ?? "null") as {
      text?: unknown;
      fetchedAt?: unknown;
    } | null;
    if (!stored || typeof stored.text !== "string" || typeof stored.fetchedAt !== "number") return null;
    const block = blockOf(stored.text);
    return block && { text: stored.text, block, fetchedAt: stored.fetchedAt };
  } catch {
    return null;
  }
}

/** Fetches a new snapshot and keeps it; the one kept before stays when this fails. */
export async function refreshSnapshot(now: number): Promise<SnapshotFetch> {
  let text: string;
  try {
    const response = await fetch(new URL("../trust-snapshot", document.baseURI), { cache: "no-store" });
    if (!response.ok) return { ok: false, failure: "error.unavailable" };
    text = await response.text();
  } catch {
    return { ok: false, failure: "error.unavailable" };
  }
  const block = blockOf(text);
  if (!block) return { ok: false, failure: "error.unavailable" };
  const value = { text, block, fetchedAt: now };
  try {
    localStorage.setItem(SNAPSHOT_ITEM, JSON.stringify({ text, fetchedAt: now }));
  } catch {
    return { ok: false, failure: "offline.storeFull" };
  }
  return { ok: true, value };
}

export function maxAgeHours(): number {
  const stored = Number(localStorage.getItem(MAX_AGE_ITEM));
  return Number.isInteger(stored) && stored >= 1 && stored <= LONGEST_MAX_AGE_HOURS ? stored : DEFAULT_MAX_AGE_HOURS;
}

/** Keeps the officer's maximum age; false (and nothing kept) for anything but 1…168 whole hours. */
export function setMaxAgeHours(hours: number): boolean {
  if (!Number.isInteger(hours) || hours < 1 || hours > LONGEST_MAX_AGE_HOURS) return false;
  localStorage.setItem(MAX_AGE_ITEM, String(hours));
  return true;
}

/** Seconds since the snapshot's block. */
export const snapshotAge = (snapshot: StoredSnapshot, now: number): number => now - snapshot.block.timestamp;

export const isTooOld = (snapshot: StoredSnapshot, now: number, maxHours: number): boolean =>
  snapshotAge(snapshot, now) > maxHours * 3600;
