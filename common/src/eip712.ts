/**
 * The EIP-712 message the agency and the employer both sign to anchor an employment contract
 * (RecruitmentCases.contractDigest). Defined here once for the issuer service, the scripts and the
 * tests; common/test/eip712.test.ts checks the type string against the contract's
 * EMPLOYMENT_CONTRACT_TYPEHASH source, and the contract tests check the digest on chain.
 */
export const EIP712_DOMAIN_NAME = "FairLedger";
export const EIP712_DOMAIN_VERSION = "1";

export const EMPLOYMENT_CONTRACT_PRIMARY_TYPE = "EmploymentContract";

export const EMPLOYMENT_CONTRACT_TYPES = {
  EmploymentContract: [
    { name: "caseCommitment", type: "bytes32" },
    { name: "contractHash", type: "bytes32" },
    { name: "previousContractHash", type: "bytes32" },
    { name: "employer", type: "address" },
  ],
};

export type EmploymentContractMessage = {
  caseCommitment: string;
  contractHash: string;
  previousContractHash: string;
  employer: string;
};

export type FairLedgerDomain = {
  name: string;
  version: string;
  chainId: number | bigint;
  verifyingContract: string;
};

/** The EIP-712 domain of a FairLedger deployment (OpenZeppelin EIP712("FairLedger", "1")). */
export function fairLedgerDomain(chainId: number | bigint, verifyingContract: string): FairLedgerDomain {
  return { name: EIP712_DOMAIN_NAME, version: EIP712_DOMAIN_VERSION, chainId, verifyingContract };
}

/** What an employer's wallet is asked to sign (eth_signTypedData_v4 without the EIP712Domain type). */
export function employmentContractTypedData(domain: FairLedgerDomain, message: EmploymentContractMessage) {
  return { domain, types: EMPLOYMENT_CONTRACT_TYPES, primaryType: EMPLOYMENT_CONTRACT_PRIMARY_TYPE, message };
}
