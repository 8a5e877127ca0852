/**
 * What the case use cases work with — the repositories, the case vault, the chain and the licence
 * check — and the two rules every one of them applies first: a case is visible only to its agency, and
 * an erased case's personal data is gone.
 */
import { ServiceError } from "../errors.ts";
import type { Db } from "../store/database.ts";
import type { Repositories } from "../store/repositories.ts";
import type { CaseRow } from "../store/cases-repository.ts";
import type { CaseVault } from "../store/case-vault.ts";
import type { IdempotencyAnswers } from "../store/idempotency-answers.ts";
import type { Ledger } from "../chain/ledger.ts";
import type { Principal } from "../store/principals-repository.ts";
import type { AgencyLicences } from "./agency-licences.ts";

export interface CaseServices {
  /** For transactions spanning several repositories (`atomically`). */
  db: Db;
  store: Repositories;
  vault: CaseVault;
  ledger: Ledger;
  licences: AgencyLicences;
  /** The stored idempotency answers, tombstoned with the case on erasure. */
  answers: IdempotencyAnswers | undefined;
  now: () => number;
}

/** The case, if `principal` is its agency; otherwise the same 404 as an unknown case (no probing). */
export function agencyCase(services: CaseServices, principal: Principal, caseId: string): CaseRow {
  const row = services.store.cases.byId(caseId);
  if (!row || row.agency_id !== principal.id)
    throw new ServiceError("ERR_NOT_FOUND", `no case ${caseId} of this agency`);
  return row;
}

export function requireNotErased(row: CaseRow): void {
  if (row.erased_at) throw new ServiceError("ERR_DATA_ERASED", `personal data of case ${row.id} was erased`);
}
