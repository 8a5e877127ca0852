/**
 * The deployer's connection for scripts/deploy.ts. Against a JSON-RPC network it is plain ethers, not
 * Hardhat's provider and signer (hardhat-ethers), for two measured reasons:
 * - receipts are polled at the chain's pace (FAIRLEDGER_POLL_MS, else a quarter of the measured block
 *   time: common/src/polling.ts), as the issuer service and `npm run test:external` do;
 * - on a gas-free chain (Besu with zeroBaseFee, anvil --base-fee 0 --gas-price 0) ethers sends a legacy
 *   transaction at eth_gasPrice, 0, while hardhat-ethers sends EIP-1559 with eth_maxPriorityFeePerGas as
 *   tip (1 gwei on anvil): a node then refuses a deployer holding no ether ("insufficient funds").
 * Each deployment waits for exactly FAIRLEDGER_CONFIRMATIONS blocks (default 1), its own included.
 * Hardhat's in-process network (no URL, automine) keeps Hardhat's signer: nothing to poll there.
 */
import { JsonRpcProvider, Network, Wallet, type Signer } from "ethers";
import type { NetworkConfig } from "hardhat/types";

// common is an ESM workspace and this file runs as CommonJS under Hardhat (ts-node): tsx loads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { require: tsxRequire } = require("tsx/cjs/api") as { require: (id: string, from: string) => unknown };
const { applyPollingInterval } = tsxRequire(
  "@fairledger/common",
  __filename,
) as typeof import("../../common/src/polling");

export interface DeployConnection {
  signer: Signer;
  chainId: number;
  /** Receipt polling interval (ms); undefined on Hardhat's in-process network. */
  pollMs: number | undefined;
  /** Blocks each deployment waits for, its own included. */
  confirmations: number;
  close(): void;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === "") return undefined;
  if (!/^[1-9][0-9]*$/.test(text))
    throw new Error(`${name} must be a positive whole number, not ${JSON.stringify(text)}`);
  return Number(text);
}

/**
 * Connects to `network` (Hardhat's resolved config for `--network`): its URL, its first configured
 * account (a private key) or, for `accounts: "remote"`, the node's first unlocked account.
 * `inProcess` gives Hardhat's own signer when the network has no URL.
 */
export async function connectDeployer(
  network: { name: string; config: NetworkConfig },
  env: NodeJS.ProcessEnv,
  inProcess: () => Promise<Signer>,
): Promise<DeployConnection> {
  const confirmations = positiveInt(env, "FAIRLEDGER_CONFIRMATIONS") ?? 1;
  const configuredPollMs = positiveInt(env, "FAIRLEDGER_POLL_MS");
  if (!("url" in network.config)) {
    const signer = await inProcess();
    if (!signer.provider) throw new Error("the in-process Hardhat signer has no provider");
    const chainId = Number((await signer.provider.getNetwork()).chainId);
    return { signer, chainId, pollMs: undefined, confirmations, close: () => {} };
  }
  const { url, accounts } = network.config;
  const probe = new JsonRpcProvider(url, undefined, { staticNetwork: true });
  const chainId = Number((await probe.getNetwork().finally(() => probe.destroy())).chainId);
  const provider = new JsonRpcProvider(url, Network.from(chainId), { staticNetwork: true, cacheTimeout: -1 });
  try {
    const pollMs = await applyPollingInterval(provider, configuredPollMs);
    let signer: Signer;
    if (accounts === "remote") signer = await provider.getSigner(0);
    else if (Array.isArray(accounts) && typeof accounts[0] === "string") signer = new Wallet(accounts[0], provider);
    else
      throw new Error(
        `network ${network.name}: no deployer account (set DEPLOYER_PRIVATE_KEY; HD-wallet accounts are not supported here)`,
      );
    return { signer, chainId, pollMs, confirmations, close: () => provider.destroy() };
  } catch (error) {
    provider.destroy();
    throw error;
  }
}
