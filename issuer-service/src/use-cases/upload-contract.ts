/**
 * Stores a case's employment contract document and terms (in the vault only) and commits to it with a
 * fresh secret salt; answers what agency and employer then sign. Replacing the document is allowed
 * until the contract is anchored.
 */
import { documentCommitment, newDocumentSalt } from "@fairledger/common/node";
import { ServiceError } from "../errors.ts";
import { atomically } from "../store/repository.ts";
import type { Principal } from "../store/principals-repository.ts";
import { agencyCase, requireNotErased, type CaseServices } from "./case-services.ts";
import { contractSigningRequest } from "./contract-signing-request.ts";

export interface ContractTerms {
  employerName: string;
  jobTitle: string;
  worksiteCountry: string;
  contractStart: string;
  contractMonths: number;
  monthlyWage: { amount: string; currency: string };
}

export async function uploadContract(
  services: CaseServices,
  agency: Principal,
  caseId: string,
  document: Buffer,
  terms: ContractTerms,
) {
  const row = agencyCase(services, agency, caseId);
  requireNotErased(row);
  if (row.status !== "open" && row.status !== "contract-uploaded") {
    throw new ServiceError("ERR_CONFLICT", `case ${caseId} is ${row.status}: the contract can no longer be replaced`);
  }
  const contractSalt = newDocumentSalt();
  const contractHash = documentCommitment(document, contractSalt);
  atomically(services.db, () => {
    services.vault.put(caseId, "contract-document", document);
    // Erased with the case: afterwards nobody can link the on-chain commitment to a document.
    services.vault.put(caseId, "contract-salt", contractSalt);
    services.vault.put(caseId, "contract-terms", JSON.stringify(terms));
    services.store.cases.markContractUploaded(caseId, contractHash);
    services.store.audit.record(agency.did, "case.contract-uploaded", caseId, { contractHash });
  });
  return { contractHash, ...(await contractSigningRequest(services, agency, caseId)) };
}
