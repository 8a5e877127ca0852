/**
 * What each entry of a status list says, derived from the chain. A credential's record status changes
 * only through set-credential-status.ts, which writes the local row after the chain's receipt, so the
 * row mirrors the chain (this service holds the only keys that can change it); licences change through
 * authorities, so they are read from the chain itself, once per agency per rebuild.
 *
 * The agency's licence decides as FairLedger's verifier decides (verifier/src/checks/issuer-licensed.ts):
 * a suspension or a revocation AFTER issue leaves a case credential valid (the worker did nothing wrong);
 * a revocation WITH EFFECT FROM a time at or before its issue makes it invalid. A licence credential's
 * status is its licence's: suspended, revoked (invalid), or invalid once a renewal replaced it.
 */
import { LicenceStatus, TOKEN_STATUS, type TokenStatus } from "@fairledger/common";
import type { StatusListEntryRow } from "../store/status-lists-repository.ts";

/** The chain reads a rebuild needs (the service's Ledger has them). */
export interface LicenceReads {
  licenceOf(agency: string): Promise<{ status: number; documentHash: string }>;
  licenceRevocations(agency: string): Promise<{ effectiveFrom: number; revokedAt: number }[]>;
}

const RECORD_STATUS: Record<StatusListEntryRow["status"], TokenStatus> = {
  active: TOKEN_STATUS.valid,
  suspended: TOKEN_STATUS.suspended,
  revoked: TOKEN_STATUS.invalid,
  // Never anchored: no verifier can ever find it on chain.
  rejected: TOKEN_STATUS.invalid,
};

export async function deriveStatuses(
  entries: readonly StatusListEntryRow[],
  issuerAddress: string,
  chain: LicenceReads,
): Promise<Map<number, TokenStatus>> {
  const statuses = new Map<number, TokenStatus>();
  const caseEntries = entries.filter((entry) => entry.licenceAgency === null);
  const licenceEntries = entries.filter((entry) => entry.licenceAgency !== null);
  const revocations = caseEntries.some((entry) => RECORD_STATUS[entry.status] !== TOKEN_STATUS.invalid)
    ? await chain.licenceRevocations(issuerAddress)
    : [];
  for (const entry of caseEntries) {
    const issuedAt = Math.floor(entry.createdAt / 1000);
    const voided = revocations.some((r) => r.effectiveFrom <= issuedAt && issuedAt < r.revokedAt);
    statuses.set(entry.idx, voided ? TOKEN_STATUS.invalid : RECORD_STATUS[entry.status]);
  }
  const agencies = [...new Set(licenceEntries.map((entry) => entry.licenceAgency as string))];
  const licences = new Map(
    await Promise.all(agencies.map(async (agency) => [agency, await chain.licenceOf(agency)] as const)),
  );
  for (const entry of licenceEntries) {
    const licence = licences.get(entry.licenceAgency as string);
    statuses.set(entry.idx, licenceCredentialStatus(entry.digest, licence));
  }
  return statuses;
}

function licenceCredentialStatus(
  digest: string,
  licence: { status: number; documentHash: string } | undefined,
): TokenStatus {
  if (!licence || licence.documentHash.toLowerCase() !== digest.toLowerCase()) return TOKEN_STATUS.invalid;
  if (licence.status === LicenceStatus.Active) return TOKEN_STATUS.valid;
  if (licence.status === LicenceStatus.Suspended) return TOKEN_STATUS.suspended;
  return TOKEN_STATUS.invalid;
}
