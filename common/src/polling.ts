/**
 * How often a provider asks the chain for new blocks while it waits for a receipt. ethers polls every
 * 4 s by default: on a chain with 2-second blocks (QBFT, anvil --block-time 2) a write then took ~4.4 s
 * although its block came after ≤ 2 s. The interval follows the chain's block time instead: the
 * operator's setting (FAIRLEDGER_POLL_MS) when given, otherwise measured from recent blocks.
 */

/** What is used of an ethers provider (structural, so CommonJS and ESM builds of ethers both fit). */
export interface PollingProvider {
  pollingInterval: number;
  getBlock(block: number | "latest"): Promise<{ number: number; timestamp: number } | null>;
}

/** Used when the block time cannot be measured (a fresh chain, an automining dev node). */
export const DEFAULT_POLL_MS = 1_000;
const MIN_POLL_MS = 100;
const MAX_POLL_MS = 4_000;
/** Blocks looked back over to measure the block time. */
const SAMPLE_BLOCKS = 10;

/**
 * A quarter of the block time, within [100 ms, 4 s]: a receipt is seen at most a quarter of a block
 * after its block, for four eth_blockNumber calls per block. `blockTimeMs` 0 or unknown → 1 s.
 */
export function pollingIntervalFor(blockTimeMs: number | undefined): number {
  if (!blockTimeMs || !Number.isFinite(blockTimeMs) || blockTimeMs <= 0) return DEFAULT_POLL_MS;
  return Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, Math.round(blockTimeMs / 4)));
}

/**
 * Average time between the last few blocks (ms), or undefined when the chain has too few blocks or
 * they share timestamps (Hardhat automine), i.e. when it says nothing about how fast blocks come.
 */
export async function measureBlockTimeMs(provider: PollingProvider): Promise<number | undefined> {
  const latest = await provider.getBlock("latest");
  if (!latest || latest.number < 2) return undefined;
  const earlier = await provider.getBlock(Math.max(1, latest.number - SAMPLE_BLOCKS));
  if (!earlier || earlier.number >= latest.number) return undefined;
  const ms = ((latest.timestamp - earlier.timestamp) * 1000) / (latest.number - earlier.number);
  return ms > 0 ? ms : undefined;
}

/**
 * Sets `provider.pollingInterval`: `configuredMs` when given, else derived from the measured block time
 * (a failed measurement falls back to 1 s, never to ethers' 4 s). Returns the interval set.
 */
export async function applyPollingInterval(provider: PollingProvider, configuredMs?: number): Promise<number> {
  const interval = configuredMs ?? pollingIntervalFor(await measureBlockTimeMs(provider).catch(() => undefined));
  provider.pollingInterval = interval;
  return interval;
}
