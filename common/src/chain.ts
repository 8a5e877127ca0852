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

/** Corridor code "PH-SA" ↔ on-chain corridor id bytes4("PHSA"). */
export function corridorId(corridor: string): string {
  const match = /^([A-Z]{2})-([A-Z]{2})$/.exec(corridor);
  if (!match) throw new RangeError(`corridor must look like PH-SA (ISO 3166-1 alpha-2 origin-destination), got ${corridor}`);
  return "0x" + Buffer.from(match[1]! + match[2]!, "ascii").toString("hex");
}

/** ISO 3166-1 alpha-2 code ↔ bytes2. */
export function jurisdictionBytes(code: string): string {
  if (!/^[A-Z]{2}$/.test(code)) throw new RangeError(`jurisdiction must be an ISO 3166-1 alpha-2 code, got ${code}`);
  return "0x" + Buffer.from(code, "ascii").toString("hex");
}

/** ISO 4217 code ↔ bytes3. */
export function currencyBytes(code: string): string {
  if (!/^[A-Z]{3}$/.test(code)) throw new RangeError(`currency must be an ISO 4217 code, got ${code}`);
  return "0x" + Buffer.from(code, "ascii").toString("hex");
}
