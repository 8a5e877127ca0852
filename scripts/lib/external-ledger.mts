/**
 * FairLedger on a chain this project did not start (`npm run test:external`): deploys or reuses the
 * contracts with the operator's deployer key, makes fresh random keys for the principals, funds them from
 * the deployer when the chain charges gas, and takes the one consortium step that has no command or API:
 * granting the inspector role. Everything else — authorities, agency, employer, insurer, corridor policy —
 * is onboarded by the operator's commands and the authorities' API (operator-onboarding.mts).
 */
import { JsonRpcProvider, Network, Wallet } from "ethers";
import { deployAll, type DeployerSigner, type DeploymentManifest } from "./deployment.ts";
import { fairLedgerAt, fundAccounts } from "./seed.mts";

/** The principals the story needs, each with a fresh key (the consortium admin is the deployer). */
export const EXTERNAL_ROLES = ["authorityPH", "authoritySA", "agency", "employer", "insurer", "inspector"] as const;
export type ExternalRole = (typeof EXTERNAL_ROLES)[number];

export interface ExternalLedger {
  provider: JsonRpcProvider;
  manifest: DeploymentManifest;
  deployer: Wallet;
  wallets: Record<ExternalRole, Wallet>;
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
    const wallets = Object.fromEntries(
      EXTERNAL_ROLES.map((role) => [role, Wallet.createRandom(provider)]),
    ) as unknown as Record<ExternalRole, Wallet>;
    const funded = await fundAccounts(
      deployer,
      Object.values(wallets).map((wallet) => wallet.address),
      options.fundWei,
      options.confirmations,
    );
    // INSPECTOR_ROLE is the consortium admin's to grant (AccessControl), and no command or route does it.
    const ledger = fairLedgerAt(manifest, deployer);
    const grant = await ledger.getFunction("grantRole")(
      await ledger.getFunction("INSPECTOR_ROLE")(),
      wallets.inspector.address,
    );
    await grant.wait(options.confirmations);
    return { provider, manifest, deployer, wallets, funded, stop: () => provider.destroy() };
  } catch (error) {
    provider.destroy();
    throw error;
  }
}
