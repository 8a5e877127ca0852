/**
 * `fairledger-admin doctor`: is this deployment's chain fit to run on? An ordered list of named checks,
 * each OK or FAIL with a reason in plain words; any FAIL makes the command exit 1.
 */
import { JsonRpcProvider, Network } from "ethers";
import type { IssuerConfig } from "../config.ts";
import { openWorkspace } from "./workspace.ts";
import { storedPrincipals } from "../keys/identities.ts";

export interface DoctorCheck {
  name: string;
  ok: boolean;
  reason: string;
}

/** A latest block further ahead of this machine than this means one of the two clocks is wrong. */
export const MAX_BLOCK_AHEAD_SECONDS = 30;
/** A latest block older than this: the chain does not produce blocks, or this machine's clock is ahead. */
export const MAX_BLOCK_AGE_SECONDS = 300;

const eth = (wei: bigint) => `${Number(wei / 10n ** 12n) / 1e6} ETH`;

export async function doctor(config: IssuerConfig, now: () => number = Date.now): Promise<DoctorCheck[]> {
  const workspace = openWorkspace(config);
  const { manifest } = workspace;
  const addresses = storedPrincipals(workspace.db).map(({ kind, address }) => ({ kind, address }));
  await workspace.close();
  // Not the service's provider: that one pins the manifest's chain id, and this check must see the real one.
  const provider = new JsonRpcProvider(config.rpcUrl, undefined, { staticNetwork: Network.from(1), batchMaxCount: 1 });
  const checks: DoctorCheck[] = [];
  const check = async (name: string, run: () => Promise<{ ok: boolean; reason: string }>) => {
    try {
      checks.push({ name, ...(await run()) });
    } catch (error) {
      checks.push({ name, ok: false, reason: `the chain did not answer: ${(error as Error).message.split("\n")[0]}` });
    }
  };
  try {
    await check("chain id", async () => {
      const chainId = Number(await provider.send("eth_chainId", []));
      return chainId === manifest.chainId
        ? { ok: true, reason: `${chainId}, as in the manifest` }
        : {
            ok: false,
            reason: `the RPC at ${config.rpcUrl} serves chain ${chainId}, the manifest was deployed on ${manifest.chainId}`,
          };
    });
    for (const [name, contract] of [
      ["ledger code", manifest.contracts.FairLedger],
      ["DID registry code", manifest.contracts.EthereumDIDRegistry],
    ] as const) {
      await check(name, async () => {
        const code = (await provider.send("eth_getCode", [contract.address, "latest"])) as string;
        return code.length > 2
          ? { ok: true, reason: `${(code.length - 2) / 2} bytes at ${contract.address}` }
          : {
              ok: false,
              reason: `no contract code at ${contract.address} (a reset chain, or a manifest of another chain)`,
            };
      });
    }
    await check("accounts funded or gas-free", async () => {
      const gasPrice = BigInt(await provider.send("eth_gasPrice", []));
      if (gasPrice === 0n) return { ok: true, reason: "gas price is zero" };
      if (addresses.length === 0)
        return { ok: true, reason: "no principals yet (gas price is not zero: fund each principal's account)" };
      const balances = await Promise.all(
        addresses.map(async (entry) => ({
          ...entry,
          balance: BigInt(await provider.send("eth_getBalance", [entry.address, "latest"])),
        })),
      );
      const empty = balances.filter((entry) => entry.balance === 0n);
      return empty.length === 0
        ? {
            ok: true,
            reason: `${balances.length} account(s) funded, lowest ${eth(balances.map((entry) => entry.balance).reduce((low, balance) => (balance < low ? balance : low)))}`,
          }
        : {
            ok: false,
            reason: `gas price is ${gasPrice} wei and these accounts have nothing: ${empty.map((entry) => `${entry.address} (${entry.kind})`).join(", ")}`,
          };
    });
    await check("clock skew", async () => {
      const block = (await provider.send("eth_getBlockByNumber", ["latest", false])) as {
        timestamp: string;
        number: string;
      };
      const skew = Math.round(now() / 1000) - Number(BigInt(block.timestamp));
      if (skew < -MAX_BLOCK_AHEAD_SECONDS)
        return {
          ok: false,
          reason: `the latest block is ${-skew} s ahead of this machine's clock (limit ${MAX_BLOCK_AHEAD_SECONDS} s): one of the clocks is wrong`,
        };
      if (skew > MAX_BLOCK_AGE_SECONDS)
        return {
          ok: false,
          reason: `the latest block is ${skew} s older than this machine's clock (limit ${MAX_BLOCK_AGE_SECONDS} s): the chain is not producing blocks, or this clock is ahead`,
        };
      return { ok: true, reason: `${skew} s between this machine and block ${Number(BigInt(block.number))}` };
    });
  } finally {
    provider.destroy();
  }
  return checks;
}
