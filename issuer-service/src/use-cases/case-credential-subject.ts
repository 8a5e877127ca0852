/**
 * The subject claims of a case credential, from the case as stored: the employment contract once it is
 * anchored, the recruitment-fee statement once the case is closed. Checked against the published
 * schema, so an offer for a case that is not ready fails when it is made, not at pickup.
 */
import { feeTotals, feesChargedToWorker, type CredentialType } from "@fairledger/common/node";
import { ServiceError } from "../errors.ts";
import type { Principal } from "../store/principals-repository.ts";
import { agencyCase, requireNotErased, type CaseServices } from "./case-services.ts";
import { caseTerms, caseWorker, contractSalt } from "./case-data.ts";
import { checkedSubject } from "./issuance-services.ts";

export function caseCredentialSubject(
  services: CaseServices,
  agency: Principal,
  caseId: string,
  type: CredentialType,
  holderDid: string,
): Record<string, unknown> {
  const row = agencyCase(services, agency, caseId);
  requireNotErased(row);
  const worker = caseWorker(services, caseId);
  let subject: Record<string, unknown>;
  if (type === "EmploymentContractCredential") {
    if (row.status === "open" || row.status === "contract-uploaded") {
      throw new ServiceError("ERR_CONFLICT", `case ${caseId} has no anchored employment contract yet`);
    }
    const terms = caseTerms(services, caseId);
    // Whom the worker holds to account, as the licence register names the agency (its principal's name
    // when its licence was signed elsewhere, which also leaves the licence number out).
    const licence = services.store.licenceRegister.latestForAgency(agency.address);
    subject = {
      id: holderDid,
      caseCommitment: row.case_commitment,
      corridor: row.corridor,
      contractHash: row.contract_hash,
      contractSalt: contractSalt(services, caseId),
      employerName: terms.employerName,
      employerId: row.employer_address,
      jobTitle: terms.jobTitle,
      worksiteCountry: terms.worksiteCountry,
      contractStart: terms.contractStart,
      contractMonths: terms.contractMonths,
      workerName: worker.name,
      passportNumber: worker.passportNumber,
      birthDate: worker.birthDate,
      nationality: worker.nationality,
      monthlyWage: terms.monthlyWage,
      agencyName: licence?.agencyName ?? agency.name,
      ...(licence ? { licenceNumber: licence.licenceNumber } : {}),
    };
  } else if (type === "RecruitmentFeeStatement") {
    if (row.status !== "Closed" && row.status !== "ClosedInBreach") {
      throw new ServiceError("ERR_CONFLICT", `case ${caseId} is not closed: the fee statement is issued at closure`);
    }
    const receipts = services.store.cases.receipts(caseId);
    const { workerPaidTotal, receiptCount } = feeTotals(receipts);
    subject = {
      id: holderDid,
      caseCommitment: row.case_commitment,
      corridor: row.corridor,
      workerPaidTotal: workerPaidTotal.toString(),
      currency: row.currency ?? receipts[0]?.currency ?? "XXX",
      feesChargedToWorker: feesChargedToWorker(workerPaidTotal),
      receiptsRoot: row.receipts_root,
      receiptCount,
      caseStatus: row.status,
      workerName: worker.name,
      passportNumber: worker.passportNumber,
    };
  } else {
    throw new ServiceError(
      "ERR_INPUT_INVALID",
      "an agency licence credential is issued by an authority, not from a case",
      {
        errors: [{ pointer: "#/credentialType", detail: "not a case credential" }],
      },
    );
  }
  return checkedSubject(type, subject);
}
