/**
 * Connections to the consortium chain. ethers v6 caches RPC answers for 250 ms by default, which makes
 * a fresh licence or revocation invisible for that long: providers here never cache and never re-probe
 * the network (the manifest already says which chain it is).
 */
import { Contract, JsonRpcProvider, Network, type ContractRunner } from "ethers";
import fairLedgerAbi from "../abi/FairLedger.json" with { type: "json" };
import didRegistryAbi from "../abi/EthereumDIDRegistry.json" with { type: "json" };
import type { DeploymentManifest } from "./manifest.ts";

export { fairLedgerAbi, didRegistryAbi };

export function createProvider(rpcUrl: string, chainId: number): JsonRpcProvider {
  return new JsonRpcProvider(rpcUrl, Network.from(chainId), { staticNetwork: true, cacheTimeout: -1 });
}

export function fairLedgerContract(manifest: DeploymentManifest, runner: ContractRunner): Contract {
  return new Contract(manifest.contracts.FairLedger.address, fairLedgerAbi, runner);
}

export function didRegistryContract(manifest: DeploymentManifest, runner: ContractRunner): Contract {
  return new Contract(manifest.contracts.EthereumDIDRegistry.address, didRegistryAbi, runner);
}

/** `did:ethr` network name for a chain id: the hex chain id, as ethr-did-resolver expects. */
export function ethrNetworkName(chainId: number): string {
  return `0x${chainId.toString(16)}`;
}

/** The did:ethr of an account on the consortium chain. */
export function ethrDid(chainId: number, address: string): string {
  return `did:ethr:${ethrNetworkName(chainId)}:${address.toLowerCase()}`;
}
