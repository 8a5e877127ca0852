/**
 * An inspector's fee audit through the API: the verifier library's `auditFees` (the same judgement as
 * `fairledger audit-fees`), read from the chain, with the one thing the chain cannot tell — when a worker's
 * contract starts, needed to call an open case overdue — taken from the contract terms this service holds
 * for the cases its agencies opened. Only the start date leaves the vault, and only inside the report.
 */
import { auditFees, type AuditReport, type AuditScope, type ChainTrustSource } from "@fairledger/verifier";
import type { CaseServices } from "./case-services.ts";
import type { ContractTerms } from "./upload-contract.ts";

export const CONTRACT_START_SOURCE = "the contract terms held by this issuer service";

export interface FeeAuditRequest extends AuditScope {
  from?: number;
  to?: number;
}

/** The contract start of a case this service holds, unless it has none yet or its data was erased. */
export function contractStartHeld(services: CaseServices, caseCommitment: string): string | undefined {
  const row = services.store.cases.byCommitment(caseCommitment);
  if (!row || row.erased_at) return undefined;
  return services.vault.getJson<ContractTerms>(row.id, "contract-terms")?.contractStart;
}

export function feeAudit(
  services: CaseServices,
  trust: ChainTrustSource,
  fromBlock: number,
  request: FeeAuditRequest,
): Promise<AuditReport> {
  return auditFees(trust, {
    ...request,
    fromBlock,
    contractStartOf: (caseCommitment) => contractStartHeld(services, caseCommitment),
    contractStartSource: CONTRACT_START_SOURCE,
  });
}
