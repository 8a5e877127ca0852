/**
 * What the employer signs (EIP-712), with the contract salt: the employer holds the document and may
 * check for itself that `contractHash` commits to it (`documentCommitment(document, contractSalt)`).
 */
import { ZeroHash } from "ethers";
import { employmentContractTypedData, fairLedgerDomain } from "@fairledger/common";
import { ServiceError } from "../errors.ts";
import type { Principal } from "../store/principals-repository.ts";
import { agencyCase, type CaseServices } from "./case-services.ts";
import { contractSalt } from "./case-data.ts";

export async function contractSigningRequest(services: CaseServices, agency: Principal, caseId: string) {
  const row = agencyCase(services, agency, caseId);
  if (!row.contract_hash) throw new ServiceError("ERR_CONFLICT", `case ${caseId} has no contract yet`);
  const domain = fairLedgerDomain(services.ledger.manifest.chainId, services.ledger.address);
  const message = {
    caseCommitment: row.case_commitment,
    contractHash: row.contract_hash,
    previousContractHash: ZeroHash,
    employer: row.employer_address,
  };
  const digest = (await services.ledger.reader.contractDigest(
    message.caseCommitment,
    message.contractHash,
    message.previousContractHash,
    message.employer,
  )) as string;
  return {
    typedData: employmentContractTypedData(domain, message),
    digest,
    contractSalt: contractSalt(services, caseId),
  };
}
