/**
 * FairLedger on a chain this project did not start (`npm run test:external`): deploys or reuses the
 * contracts with the operator's deployer key, and sets up the demo consortium with fresh random keys
 * funded from the deployer — no prefunded development accounts assumed. The counterpart of
 * demo-ledger.mts, which starts its own Hardhat node.
 */
import { JsonRpcProvider, Network, Wallet } from "ethers";
import { deployAll, type DeployerSigner, type DeploymentManifest } from "./deployment.ts";
import { freshConsortiumWallets, fundAccounts, seedDemoConsortium, type DemoConsortium } from "./seed.mts";

export interface ExternalLedger {
  provider: JsonRpcProvider;
  manifest: DeploymentManifest;
  demo: DemoConsortium;
  /** Fresh principal keys funded from the deployer (0 on a gas-free chain). */
  funded: number;
  stop(): void;
}

export async function setUpExternalLedger(options: {
  rpcUrl: string;
  chainId: number;
  deployerKey: string;
  manifestPath: string;
  /** Receipt polling interval (ms): the chain's pace, not ethers' 4 s (common/src/polling.ts). */
  pollMs: number;
  /** Blocks each write waits for (FAIRLEDGER_CONFIRMATIONS). */
  confirmations: number;
  /** What each fresh key is sent when the chain charges gas. */
  fundWei: bigint;
  log?: (line: string) => void;
}): Promise<ExternalLedger> {
  const provider = new JsonRpcProvider(options.rpcUrl, Network.from(options.chainId), {
    staticNetwork: true,
    cacheTimeout: -1,
  });
  provider.pollingInterval = options.pollMs;
  try {
    const deployer = new Wallet(options.deployerKey, provider);
    // deployment.ts is CommonJS (Hardhat's contract specs and deploy.ts share it), so its types are those of
    // ethers' CommonJS build; the classes are the same at run time (deployAll only calls the signer's methods).
    const manifest = await deployAll(deployer as unknown as DeployerSigner, {
      network: `chain-${options.chainId}`,
      adminTransferDelay: 0,
      manifestPath: options.manifestPath,
      confirmations: options.confirmations,
      log: options.log,
    });
    const wallets = freshConsortiumWallets(deployer, provider);
    const others = Object.entries(wallets).filter(([role]) => role !== "admin");
    const funded = await fundAccounts(
      deployer,
      others.map(([, wallet]) => wallet.address),
      options.fundWei,
      options.confirmations,
    );
    // The agencies' licences come through the issuer service's API, as an authority would issue them.
    const demo = await seedDemoConsortium(provider, manifest, wallets, {
      licenceAgencies: false,
      confirmations: options.confirmations,
    });
    return { provider, manifest, demo, funded, stop: () => provider.destroy() };
  } catch (error) {
    provider.destroy();
    throw error;
  }
}
