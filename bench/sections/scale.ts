/**
 * 4. Scale on paper, from the gas measured in section 3: what a 4-validator Besu QBFT network can
 * anchor per day, with and without Merkle batching, and what share of it 10 million records a year use.
 * Assumptions are stated in the result, so the arithmetic can be redone for another network.
 */
import { round } from "../lib/measure.ts";
import { emptySection, type Measurement, type SectionResult } from "../lib/report.ts";
import type { BenchContext } from "../lib/context.ts";

/**
 * QBFT's block period is a genesis setting (Besu's QBFT examples use 2 s); the block gas limit of a
 * permissioned network is the consortium's choice — 30 M is Ethereum mainnet's order of magnitude and
 * executes comfortably within 2 s on one validator. QBFT throughput does not grow with validators: all
 * four execute every block; four tolerate one faulty validator (n ≥ 3f + 1).
 */
export const NETWORK = { validators: 4, blockGasLimit: 30_000_000, blockPeriodSeconds: 2 } as const;
export const RECORDS_PER_YEAR = 10_000_000;

export function gasInputs(gas: SectionResult | undefined): { single?: number; perRecord: Record<number, number> } {
  const single = gas?.measurements.find((m) => m.detail?.key === "anchorRecord")?.value;
  const perRecord: Record<number, number> = {};
  for (const m of gas?.measurements ?? []) {
    if (
      m.detail?.key === "anchorBatch" &&
      typeof m.detail.records === "number" &&
      typeof m.detail.gasPerRecord === "number"
    ) {
      perRecord[m.detail.records] = m.detail.gasPerRecord;
    }
  }
  return { single, perRecord };
}

export async function runScale(context: BenchContext): Promise<SectionResult> {
  const section = emptySection("scale");
  const { single, perRecord } = gasInputs(context.results.gas);
  const blocksPerDay = 86_400 / NETWORK.blockPeriodSeconds;
  const gasPerDay = blocksPerDay * NETWORK.blockGasLimit;
  const recordsPerDayNeeded = RECORDS_PER_YEAR / 365;
  section.notes.push(
    `assumed network: Besu QBFT, ${NETWORK.validators} validators (tolerates 1 faulty), block gas limit ${NETWORK.blockGasLimit.toLocaleString("en-US")}, block period ${NETWORK.blockPeriodSeconds} s → ${blocksPerDay.toLocaleString("en-US")} blocks and ${(gasPerDay / 1e9).toLocaleString("en-US")} G gas per day; validators add fault tolerance, not throughput`,
    `10 M records a year = ${Math.round(recordsPerDayNeeded).toLocaleString("en-US")} a day`,
    "batched capacity counts anchored records only: records still have to be issued (section 2), and a record waits for its batch to fill or its interval to pass before it is anchored",
  );
  const rows: [string, number | undefined][] = [
    ["one anchorRecord transaction per record", single],
    ...Object.entries(perRecord)
      .map(([size, gas]) => [Number(size), gas] as const)
      .filter(([size]) => size >= 100)
      .map(
        ([size, gas]) => [`Merkle batches of ${size.toLocaleString("en-US")} (anchorBatch)`, gas] as [string, number],
      ),
  ];
  if (single === undefined) {
    section.status = "partial";
    section.notes.push("no gas figures from section 3 in this run: run with the gas section to compute capacity");
  }
  for (const [label, gasPerRecord] of rows) {
    if (gasPerRecord === undefined) continue;
    const perDay = gasPerDay / gasPerRecord;
    const share = (recordsPerDayNeeded * gasPerRecord) / gasPerDay;
    const capacity: Measurement = {
      name: `capacity, ${label} (${round(gasPerRecord, 1).toLocaleString("en-US")} gas/record)`,
      value: Math.floor(perDay),
      unit: "records/day",
      detail: { gasPerRecord, recordsPerSecond: round(perDay / 86_400, 1) },
    };
    section.measurements.push(capacity, {
      name: `share of capacity used by 10 M records/year, ${label}`,
      value: Number((share * 100).toPrecision(3)),
      unit: "%",
    });
  }
  return section;
}
