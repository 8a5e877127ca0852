/**
 * Deploys FairLedger and the ERC-1056 DID registry with plain ethers, and writes the deployment
 * manifest that the issuer service and the verifier CLI read. Idempotent: a manifest whose contracts
 * are still on the chain with the same code is reused, not redeployed.
 */
import { readFileSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { Contract, ContractFactory, getAddress, keccak256, toUtf8Bytes, type Signer, type Provider } from "ethers";

export interface DeployedContract {
  address: string;
  blockNumber: number;
  transactionHash: string;
  /** keccak256 of the ABI JSON, so a reader can tell it was built against the same interface. */
  abiHash: string;
  /** keccak256 of the runtime bytecode on chain. */
  codeHash: string;
}

export interface DeploymentManifest {
  manifestVersion: 1;
  chainId: number;
  network: string;
  deployedAt: string;
  deployer: string;
  contracts: { FairLedger: DeployedContract; EthereumDIDRegistry: DeployedContract };
}

interface Artifact {
  abi: unknown[];
  bytecode: string;
}

// CommonJS, because Hardhat 2 loads TypeScript only as CommonJS and the contract specs and deploy.ts import this
// module; the ESM scripts (*.mts) import it too. Through tsx's ESM loader a CommonJS module gets a `data:` URL
// as __dirname but its real __filename, so the root is found from __filename.
const ROOT = join(dirname(__filename), "..", "..");

export function loadArtifact(name: "FairLedger" | "EthereumDIDRegistry"): Artifact {
  const path =
    name === "FairLedger"
      ? join(ROOT, "artifacts/contracts/FairLedger.sol/FairLedger.json")
      : join(
          ROOT,
          "node_modules/ethr-did-registry/artifacts/contracts/EthereumDIDRegistry.sol/EthereumDIDRegistry.json",
        );
  if (!existsSync(path)) throw new Error(`artifact ${name} not found at ${path}: run \`npm run compile\` first`);
  return JSON.parse(readFileSync(path, "utf8")) as Artifact;
}

export function abiHash(abi: unknown[]): string {
  return keccak256(toUtf8Bytes(JSON.stringify(abi)));
}

export interface DeployOptions {
  network: string;
  /** Seconds a consortium-admin hand-over must wait (AccessControlDefaultAdminRules). */
  adminTransferDelay: number;
  /** Initial consortium admin; defaults to the deployer. */
  admin?: string;
  /** Where the manifest is written; an existing one there is reused when still valid. */
  manifestPath: string;
  /** Blocks each deployment waits for, its own included (FAIRLEDGER_CONFIRMATIONS; default 1). */
  confirmations?: number;
  log?: (line: string) => void;
}

/** The manifest's entry for a contract, if the same code is still at its address. */
async function stillDeployed(
  provider: Provider,
  contract: DeployedContract | undefined,
): Promise<DeployedContract | undefined> {
  if (!contract) return undefined;
  const code = await provider.getCode(contract.address);
  return code !== "0x" && keccak256(code) === contract.codeHash ? contract : undefined;
}

async function deployOne(
  signer: Signer,
  provider: Provider,
  artifact: Artifact,
  args: unknown[],
  confirmations = 1,
): Promise<DeployedContract> {
  const factory = new ContractFactory(artifact.abi as never, artifact.bytecode, signer);
  const contract = await factory.deploy(...args);
  const receipt = await contract.deploymentTransaction()?.wait(confirmations);
  if (!receipt) throw new Error("deployment transaction was dropped");
  const address = await contract.getAddress();
  const code = await provider.getCode(address);
  return {
    address,
    blockNumber: receipt.blockNumber,
    transactionHash: receipt.hash,
    abiHash: abiHash(artifact.abi),
    codeHash: keccak256(code),
  };
}

export function readManifest(path: string): DeploymentManifest | undefined {
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, "utf8")) as DeploymentManifest;
}

/**
 * A deployment is reused only for the consortium admin it was made with: when an admin is asked for
 * (CONSORTIUM_ADMIN) and the deployed FairLedger has another, the role must be handed over on chain
 * (beginDefaultAdminTransfer → acceptDefaultAdminTransfer after the delay), not silently kept.
 */
async function refuseOtherAdmin(
  provider: Provider,
  address: string,
  artifact: Artifact,
  wanted: string | undefined,
): Promise<void> {
  if (!wanted) return;
  const current = String(await new Contract(address, artifact.abi as never, provider).getFunction("defaultAdmin")());
  if (getAddress(current) !== getAddress(wanted)) {
    throw new Error(
      `FairLedger at ${address} is already deployed with consortium admin ${current}, not ${getAddress(wanted)} (CONSORTIUM_ADMIN): ` +
        "hand the role over on chain (beginDefaultAdminTransfer, then acceptDefaultAdminTransfer after the delay), " +
        "or delete the deployment manifest to deploy a new ledger",
    );
  }
}

/** The signer deployAll takes: ethers' CommonJS Signer, which is what Hardhat's signers are. */
export type DeployerSigner = Signer;

export async function deployAll(signer: DeployerSigner, options: DeployOptions): Promise<DeploymentManifest> {
  const log = options.log ?? (() => {});
  const provider = signer.provider;
  if (!provider) throw new Error("the deployer signer has no provider");
  const chainId = Number((await provider.getNetwork()).chainId);
  const deployer = await signer.getAddress();
  const previous = readManifest(options.manifestPath);
  const onSameChain = previous?.chainId === chainId ? previous.contracts : undefined;

  const fairLedgerArtifact = loadArtifact("FairLedger");
  const registryArtifact = loadArtifact("EthereumDIDRegistry");

  let registry = await stillDeployed(provider, onSameChain?.EthereumDIDRegistry);
  if (registry) {
    log(`EthereumDIDRegistry already at ${registry.address}: reused`);
  } else {
    registry = await deployOne(signer, provider, registryArtifact, [], options.confirmations);
    log(`EthereumDIDRegistry deployed at ${registry.address} (block ${registry.blockNumber})`);
  }

  const sameAbi = onSameChain?.FairLedger?.abiHash === abiHash(fairLedgerArtifact.abi);
  let fairLedger = sameAbi ? await stillDeployed(provider, onSameChain?.FairLedger) : undefined;
  if (fairLedger) {
    await refuseOtherAdmin(provider, fairLedger.address, fairLedgerArtifact, options.admin);
    log(`FairLedger already at ${fairLedger.address}: reused`);
  } else {
    fairLedger = await deployOne(
      signer,
      provider,
      fairLedgerArtifact,
      [options.adminTransferDelay, options.admin ?? deployer],
      options.confirmations,
    );
    log(`FairLedger deployed at ${fairLedger.address} (block ${fairLedger.blockNumber})`);
  }

  const manifest: DeploymentManifest = {
    manifestVersion: 1,
    chainId,
    network: options.network,
    deployedAt: new Date().toISOString(),
    deployer,
    contracts: { FairLedger: fairLedger, EthereumDIDRegistry: registry },
  };
  mkdirSync(dirname(options.manifestPath), { recursive: true });
  writeFileSync(options.manifestPath, JSON.stringify(manifest, null, 2) + "\n");
  log(`manifest written to ${options.manifestPath}`);
  return manifest;
}
