/**
 * The steps of the FairLedger story as an agency and an employer take them through the issuer service:
 * open a case, upload the contract, have the employer sign it (EIP-712), anchor it, record receipts,
 * close the case, and create a pickup offer for the worker. Used by `npm start` and `npm run demo`.
 */
import { randomUUID } from "node:crypto";
import { Wallet, type TypedDataField } from "ethers";
import { matchesDocumentCommitment } from "@fairledger/common/node";
import type { IssuerClient } from "./issuer-client.mts";
import type { ContractTerms, WorkerData } from "@fairledger/issuer-service/cases/cases";

/** The API's own body types: the demo speaks exactly what the service accepts. */
export type DemoWorker = WorkerData;
export type { ContractTerms };

export interface CaseView {
  id: string;
  caseCommitment: string;
  status: string;
  corridor: string;
  contractHash?: string | null;
}

export interface Offer {
  preAuthorizedCode: string;
  expiresAt: string;
  credentialOfferUri: string;
  qrCodePng: string;
}

interface SigningRequest {
  /** Secret salt of the contract commitment: lets the employer check the commitment against its document. */
  contractSalt: string;
  typedData: {
    domain: Record<string, unknown>;
    types: Record<string, TypedDataField[]>;
    message: Record<string, unknown>;
  };
}

/** Opens a case and anchors its contract, signed by the employer's key and (in the service) the agency's. */
export async function openCaseWithSignedContract(
  agency: IssuerClient,
  employerKey: string,
  input: { corridor: string; worker: DemoWorker; terms: ContractTerms; document: Buffer },
): Promise<CaseView> {
  const employer = new Wallet(employerKey);
  const opened = await agency.request<CaseView>("POST", "/cases", {
    corridor: input.corridor,
    employer: employer.address,
    worker: input.worker,
  });
  const uploaded = await agency.request<SigningRequest & { contractHash: string }>(
    "PUT",
    `/cases/${opened.id}/contract`,
    {
      document: input.document.toString("base64"),
      terms: input.terms,
    },
  );
  // The employer signs only a commitment to the document it holds.
  if (
    !matchesDocumentCommitment(input.document, uploaded.contractSalt, String(uploaded.typedData.message.contractHash))
  ) {
    throw new Error("the signing request's contractHash does not commit to the employer's contract document");
  }
  const { EIP712Domain: _domainType, ...types } = uploaded.typedData.types;
  const employerSignature = await employer.signTypedData(uploaded.typedData.domain, types, uploaded.typedData.message);
  return agency.request<CaseView>("POST", `/cases/${opened.id}/contract/anchor`, { employerSignature });
}

export async function recordReceipt(
  agency: IssuerClient,
  caseId: string,
  receipt: { payer: "employer" | "worker"; amount: string; currency: string; category: number; document: string },
): Promise<{ receiptHash: string; receiptSalt: string }> {
  return agency.request("POST", `/cases/${caseId}/receipts`, {
    ...receipt,
    document: Buffer.from(receipt.document).toString("base64"),
  });
}

export async function closeCase(agency: IssuerClient, caseId: string): Promise<CaseView> {
  return agency.request<CaseView>("POST", `/cases/${caseId}/close`);
}

export async function createOffer(
  agency: IssuerClient,
  caseId: string,
  credentialType: "EmploymentContractCredential" | "RecruitmentFeeStatement",
): Promise<Offer> {
  return agency.request<Offer>("POST", `/cases/${caseId}/offers`, { credentialType, format: "vc+sd-jwt" });
}

export const DEMO_WORKER: DemoWorker = {
  name: "Maria Santos",
  passportNumber: "P1234567A",
  birthDate: "1994-03-12",
  nationality: "PH",
};

export const DEMO_TERMS: ContractTerms = {
  employerName: "Al Noor Hospital",
  jobTitle: "Staff Nurse",
  worksiteCountry: "SA",
  contractStart: "2027-01-15",
  contractMonths: 24,
  monthlyWage: { amount: "650000", currency: "SAR" },
};

/** A contract document; `reference` makes each one unique, as real contracts are. */
export function demoContractDocument(terms: ContractTerms, worker: DemoWorker, reference = randomUUID()): Buffer {
  return Buffer.from(
    [
      "EMPLOYMENT CONTRACT (standard POEA/DMW form for SA)",
      `Contract reference: ${reference}`,
      `Employer: ${terms.employerName}`,
      `Worker: ${worker.name}, passport ${worker.passportNumber}`,
      `Position: ${terms.jobTitle}, worksite ${terms.worksiteCountry}`,
      `Start: ${terms.contractStart}; duration ${terms.contractMonths} months`,
      `Monthly wage: ${terms.monthlyWage.amount} ${terms.monthlyWage.currency} (minor units)`,
      "Recruitment costs: borne by the employer. The worker pays no recruitment fee.",
    ].join("\n") + "\n",
  );
}
