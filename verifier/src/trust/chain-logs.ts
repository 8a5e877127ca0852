/**
 * Reading FairLedger's event history in block windows (public RPC nodes cap getLogs ranges), decoded with
 * the ABI, reporting progress so a long scan shows it is alive.
 */
import { Interface, type JsonRpcProvider, type LogDescription } from "ethers";
import { fairLedgerAbi } from "@fairledger/common";
import { TrustSourceUnavailable } from "../errors.ts";

export const fairLedgerInterface = new Interface(fairLedgerAbi as never);

export interface LedgerEvent {
  name: string;
  args: LogDescription["args"];
  blockNumber: number;
  logIndex: number;
  transactionHash: string;
}

export async function scanLedgerEvents(
  provider: JsonRpcProvider,
  ledger: string,
  fromBlock: number,
  toBlock: number,
  options: {
    topics?: (string | string[] | null)[];
    window?: number;
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<LedgerEvent[]> {
  const window = options.window ?? 5_000;
  const events: LedgerEvent[] = [];
  const total = Math.max(0, toBlock - fromBlock + 1);
  for (let start = fromBlock; start <= toBlock; start += window) {
    const end = Math.min(toBlock, start + window - 1);
    let logs;
    try {
      logs = await provider.getLogs({ address: ledger, fromBlock: start, toBlock: end, topics: options.topics });
    } catch (error) {
      throw new TrustSourceUnavailable("the consortium chain did not answer a history query", { cause: error });
    }
    for (const log of logs) {
      const parsed = fairLedgerInterface.parseLog({ topics: [...log.topics], data: log.data });
      if (parsed)
        events.push({
          name: parsed.name,
          args: parsed.args,
          blockNumber: log.blockNumber,
          logIndex: log.index,
          transactionHash: log.transactionHash,
        });
    }
    options.onProgress?.(end - fromBlock + 1, total);
  }
  return events;
}

/** Timestamps of blocks, fetched once each. */
export async function blockTimestamps(
  provider: JsonRpcProvider,
  blockNumbers: Iterable<number>,
): Promise<Map<number, number>> {
  const times = new Map<number, number>();
  for (const blockNumber of new Set(blockNumbers)) {
    let block;
    try {
      block = await provider.getBlock(blockNumber);
    } catch (error) {
      throw new TrustSourceUnavailable("the consortium chain did not answer a block query", { cause: error });
    }
    if (!block) throw new TrustSourceUnavailable(`block ${blockNumber} not found`);
    times.set(blockNumber, block.timestamp);
  }
  return times;
}
