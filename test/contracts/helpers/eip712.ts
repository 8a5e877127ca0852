/** EIP-712 signing of the EmploymentContract message that agency and employer both sign. */
import { ethers, network } from "hardhat";
import type { Signer, TypedDataDomain } from "ethers";

export const EMPLOYMENT_CONTRACT_TYPES = {
  EmploymentContract: [
    { name: "caseCommitment", type: "bytes32" },
    { name: "contractHash", type: "bytes32" },
    { name: "previousContractHash", type: "bytes32" },
    { name: "employer", type: "address" },
  ],
};

export interface ContractMessage {
  caseCommitment: string;
  contractHash: string;
  previousContractHash: string;
  employer: string;
}

export async function domainOf(verifyingContract: string, chainId?: bigint): Promise<TypedDataDomain> {
  return {
    name: "FairLedger",
    version: "1",
    chainId: chainId ?? BigInt(network.config.chainId ?? (await ethers.provider.getNetwork()).chainId),
    verifyingContract,
  };
}

export async function signContract(
  signer: Signer,
  verifyingContract: string,
  message: ContractMessage,
  chainId?: bigint,
): Promise<string> {
  return signer.signTypedData(await domainOf(verifyingContract, chainId), EMPLOYMENT_CONTRACT_TYPES, message);
}
