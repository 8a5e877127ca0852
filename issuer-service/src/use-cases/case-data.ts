/** Reads of a case's sealed data (worker, terms, salts): ERR_DATA_ERASED once the case is erased. */
import { ServiceError, expectPresent } from "../errors.ts";
import type { CaseServices } from "./case-services.ts";
import type { WorkerData } from "./open-case.ts";
import type { ContractTerms } from "./upload-contract.ts";

export function caseWorker(services: CaseServices, caseId: string): WorkerData {
  return expectPresent(services.vault.getJson<WorkerData>(caseId, "worker"), `the worker data of case ${caseId}`);
}

export function caseTerms(services: CaseServices, caseId: string): ContractTerms {
  return expectPresent(
    services.vault.getJson<ContractTerms>(caseId, "contract-terms"),
    `the contract terms of case ${caseId}`,
  );
}

/** The secret salt of the case's contract commitment (for the worker's credential and the employer). */
export function contractSalt(services: CaseServices, caseId: string): string {
  const salt = services.vault.get(caseId, "contract-salt");
  if (!salt) throw new ServiceError("ERR_CONFLICT", `case ${caseId} has no contract yet`);
  return salt.toString("utf8");
}

/** The secret salt of one recorded receipt's commitment (undefined if unknown). */
export function receiptSalt(services: CaseServices, caseId: string, receiptHash: string): string | undefined {
  return services.vault.get(caseId, `receipt-salt:${receiptHash}`)?.toString("utf8");
}
