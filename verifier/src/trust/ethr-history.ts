/**
 * A did:ethr document as it stood at a past time. ethr-did-resolver only resolves at a block
 * (`?versionId=`) and judges key expiry by that block's time; the licence question is "which keys could
 * sign at the credential's iat", so we take the DID's change log (one cached fetch per DID:
 * ethr-registry.ts) and build the document (ethr-document.ts) from the changes up to the last one before
 * `time`, with `time` as "now". Same key ids (`#delegate-N`) as a plain resolution, by construction.
 */
import type { DIDDocument } from "did-resolver";
import { buildEthrDocument, type EthrChangeLog } from "./ethr-document.ts";

export type { Erc1056Event, EthrChangeLog } from "./ethr-document.ts";

/**
 * Documents already built from a change log. The document at `time` depends only on which events it
 * includes (those up to `height`) and on which of those are still unexpired at `time` (the resolver keeps
 * an event while `validTo >= now`), so that pair is the key: every credential of one issuer signed
 * between two key changes shares one document instead of replaying the log again. A refreshed change log
 * is a new object and starts afresh. Callers must treat the document as read-only.
 */
const builtDocuments = new WeakMap<EthrChangeLog, Map<string, DIDDocument>>();

/** Builds the document at `time` from a change log and the timestamps of the blocks its events are in. */
export function documentAt(
  did: string,
  log: EthrChangeLog,
  blockTimes: ReadonlyMap<number, number>,
  time: number,
): DIDDocument {
  let height = 0;
  for (const event of log.history) {
    const at = blockTimes.get(event.blockNumber);
    if (at !== undefined && at <= time && event.blockNumber > height) height = event.blockNumber;
  }
  const now = BigInt(time);
  let key = `${did}|${height}|`;
  for (const event of log.history) {
    if (event.blockNumber <= height) key += ((event.validTo as bigint | undefined) ?? 0n) >= now ? "1" : "0";
  }
  let documents = builtDocuments.get(log);
  if (!documents) builtDocuments.set(log, (documents = new Map()));
  const known = documents.get(key);
  if (known) return known;
  const document = buildEthrDocument(did, log, height, now);
  if (documents.size >= 1_000) documents.clear();
  documents.set(key, document);
  return document;
}

/** JSON-safe form of a change log (bigints as decimal strings tagged with a trailing "n"). */
export function serialiseChangeLog(log: EthrChangeLog): unknown {
  return JSON.parse(JSON.stringify(log, (_key, value) => (typeof value === "bigint" ? `${value.toString()}n` : value)));
}

export function deserialiseChangeLog(json: unknown): EthrChangeLog {
  return JSON.parse(JSON.stringify(json), (_key, value) =>
    typeof value === "string" && /^-?\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value,
  ) as EthrChangeLog;
}
