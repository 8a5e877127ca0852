/**
 * What the employer signs (EIP-712), with the contract salt: the employer holds the document and may
 * check for itself that `contractHash` commits to it (`documentCommitment(document, contractSalt)`).
 */
import { ZeroHash } from "ethers";
import { ServiceError } from "../errors.ts";
import type { Principal } from "../store/principals-repository.ts";
import { agencyCase, type CaseServices } from "./case-services.ts";
import { contractSalt } from "./case-data.ts";

export const EMPLOYMENT_CONTRACT_TYPES = {
  EmploymentContract: [
    { name: "caseCommitment", type: "bytes32" },
    { name: "contractHash", type: "bytes32" },
    { name: "previousContractHash", type: "bytes32" },
    { name: "employer", type: "address" },
  ],
};

export async function contractSigningRequest(services: CaseServices, agency: Principal, caseId: string) {
  const row = agencyCase(services, agency, caseId);
  if (!row.contract_hash) throw new ServiceError("ERR_CONFLICT", `case ${caseId} has no contract yet`);
  const domain = {
    name: "FairLedger",
    version: "1",
    chainId: services.ledger.manifest.chainId,
    verifyingContract: services.ledger.address,
  };
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
    typedData: { domain, types: EMPLOYMENT_CONTRACT_TYPES, primaryType: "EmploymentContract", message },
    digest,
    contractSalt: contractSalt(services, caseId),
  };
}
