/**
 * Throughput measurement for a noisy shared machine: every figure is the median of several timed runs
 * after warm-up runs that are thrown away, and the variants being compared are interleaved run by run
 * (in rotating order), so a burst of load from a neighbour hits all of them alike and their ratio holds.
 */
export type Operation = (iteration: number) => unknown;

export interface RateOptions {
  /** Timed runs kept; the figure is their median. */
  runs: number;
  /** Runs done first and discarded (JIT, caches, key imports). */
  warmup: number;
  /** Each run repeats the operation until this much time has passed. */
  minRunMs: number;
}

export interface Rate {
  /** Median operations per second over the kept runs. */
  perSecond: number;
  /** Every kept run's rate, in order. */
  runs: number[];
  /** Operations done in all kept runs together. */
  operations: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

async function timedRun(operation: Operation, minRunMs: number, start: number): Promise<{ ops: number; ms: number }> {
  const began = nowMs();
  let ops = 0;
  let elapsed: number;
  do {
    const result = operation(start + ops);
    if (result instanceof Promise) await result;
    ops++;
    elapsed = nowMs() - began;
  } while (elapsed < minRunMs);
  return { ops, ms: elapsed };
}

/**
 * Rates of several operations measured side by side. The iteration number passed to an operation
 * keeps growing across runs, so an operation can cycle through a pool of distinct inputs.
 */
export async function compareRates<K extends string>(
  operations: Record<K, Operation>,
  options: RateOptions,
  onRun?: (run: number, total: number) => void,
): Promise<Record<K, Rate>> {
  const names = Object.keys(operations) as K[];
  const kept = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  const counts = Object.fromEntries(names.map((name) => [name, 0])) as Record<K, number>;
  const iterations = Object.fromEntries(names.map((name) => [name, 0])) as Record<K, number>;
  const total = options.warmup + options.runs;
  for (let run = 0; run < total; run++) {
    onRun?.(run + 1, total);
    const order = names.map((_, index) => names[(index + run) % names.length]!);
    for (const name of order) {
      const { ops, ms } = await timedRun(operations[name], options.minRunMs, iterations[name]);
      iterations[name] += ops;
      if (run < options.warmup) continue;
      kept[name].push((ops / ms) * 1000);
      counts[name] += ops;
    }
  }
  return Object.fromEntries(
    names.map((name) => [name, { perSecond: median(kept[name]), runs: kept[name], operations: counts[name] }]),
  ) as Record<K, Rate>;
}

/** Median wall time in milliseconds of an operation done once per run (e.g. a whole process). */
export async function medianDuration(
  operation: () => Promise<unknown>,
  options: { runs: number; warmup: number },
  onRun?: (run: number, total: number) => void,
): Promise<{ medianMs: number; runsMs: number[] }> {
  const runsMs: number[] = [];
  const total = options.warmup + options.runs;
  for (let run = 0; run < total; run++) {
    onRun?.(run + 1, total);
    const began = nowMs();
    await operation();
    const ms = nowMs() - began;
    if (run >= options.warmup) runsMs.push(ms);
  }
  return { medianMs: median(runsMs), runsMs };
}

export function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
