/** EIP-712 signing of the EmploymentContract message that agency and employer both sign. */
import { ethers, network } from "hardhat";
import type { Signer, TypedDataDomain } from "ethers";

// The EIP-712 types live once, in the ESM protocol package (common/src/eip712.ts, also used by the issuer
// service and the scripts); this CommonJS helper loads them through tsx rather than keep a second copy.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tsx = require("tsx/cjs/api") as { require(id: string, from: string): unknown };
const eip712 = tsx.require("../../../common/src/eip712.ts", __filename) as typeof import("../../../common/src/eip712");
export const EMPLOYMENT_CONTRACT_TYPES = eip712.EMPLOYMENT_CONTRACT_TYPES;

export interface ContractMessage {
  caseCommitment: string;
  contractHash: string;
  previousContractHash: string;
  employer: string;
}

export async function domainOf(verifyingContract: string, chainId?: bigint): Promise<TypedDataDomain> {
  return eip712.fairLedgerDomain(
    chainId ?? BigInt(network.config.chainId ?? (await ethers.provider.getNetwork()).chainId),
    verifyingContract,
  );
}

export async function signContract(
  signer: Signer,
  verifyingContract: string,
  message: ContractMessage,
  chainId?: bigint,
): Promise<string> {
  return signer.signTypedData(await domainOf(verifyingContract, chainId), EMPLOYMENT_CONTRACT_TYPES, message);
}
