/**
 * The fee rules of a recruitment case, as pure functions: the one TypeScript statement of what the
 * contract computes in `closeCase` (RecruitmentCases.sol), used by the issuer (totals it closes with and
 * states in a fee statement), the verifier (fee-statement check, fee audit), the wallet ("no fees paid")
 * and the contract tests, which check these functions against the contract itself. Browser-safe: no Node
 * built-ins, no I/O.
 *
 * Amounts are minor units of the corridor currency (uint128 on chain), as bigint.
 */

/** Who paid a fee (the contract's `Payer` enum, by name). */
export type FeePayer = "employer" | "worker";

/** A fee receipt as far as the fee rules care: who paid how much. */
export interface FeeAmount {
  payer: FeePayer;
  /** Minor units: a bigint, or its canonical decimal string (as stored and sent in JSON). */
  amount: bigint | string;
}

/** The totals a case is closed with: they must equal what the contract summed as receipts were recorded. */
export interface FeeTotals {
  workerPaidTotal: bigint;
  employerPaidTotal: bigint;
  receiptCount: number;
}

/** Status a case closes with (the contract's `CaseStatus` names). */
export type ClosingStatus = "Closed" | "ClosedInBreach";

const CANONICAL_MINOR_UNITS = /^(0|[1-9][0-9]*)$/;

/**
 * `value` as minor units when it is a non-negative integer (bigint, safe integer, or canonical decimal
 * string: no sign, no leading zeros); undefined otherwise. Untrusted claims go through this first.
 */
export function parseMinorUnits(value: unknown): bigint | undefined {
  if (typeof value === "bigint") return value >= 0n ? value : undefined;
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : undefined;
  if (typeof value === "string" && CANONICAL_MINOR_UNITS.test(value)) return BigInt(value);
  return undefined;
}

function minorUnits(value: bigint | string): bigint {
  const parsed = parseMinorUnits(value);
  if (parsed === undefined) throw new RangeError(`not an amount in minor units: ${String(value)}`);
  return parsed;
}

/** Sums receipts per payer, as `recordFeeReceipt` does on chain one receipt at a time. */
export function feeTotals(receipts: readonly FeeAmount[]): FeeTotals {
  let workerPaidTotal = 0n;
  let employerPaidTotal = 0n;
  for (const receipt of receipts) {
    if (receipt.payer === "worker") workerPaidTotal += minorUnits(receipt.amount);
    else employerPaidTotal += minorUnits(receipt.amount);
  }
  return { workerPaidTotal, employerPaidTotal, receiptCount: receipts.length };
}

/** Whether the worker was charged any recruitment fee at all (ILO Employer Pays: they should not be). */
export function feesChargedToWorker(workerPaidTotal: bigint | string): boolean {
  return minorUnits(workerPaidTotal) > 0n;
}

/**
 * Whether a worker-paid total breaks a corridor cap. The cap to pass is the one in force when the case
 * closed (`capInForceAt`), never today's: a cap lowered later does not turn a lawful case into a breach,
 * and a cap raised later does not excuse one. Exactly the cap is within policy.
 */
export function isOverCap(workerPaidTotal: bigint | string, capInForceAtClosure: bigint | string): boolean {
  return minorUnits(workerPaidTotal) > minorUnits(capInForceAtClosure);
}

/** The status `closeCase` records: a breach is recorded, not refused. */
export function closingStatus(workerPaidTotal: bigint | string, capInForceAtClosure: bigint | string): ClosingStatus {
  return isOverCap(workerPaidTotal, capInForceAtClosure) ? "ClosedInBreach" : "Closed";
}

/** Where an event sits in the chain's total order: block, then log index within the block. */
export interface ChainPosition {
  blockNumber: number;
  logIndex: number;
}

/** A corridor fee policy taking effect (the `CorridorPolicyActivated` event) and where it did. */
export interface PolicyActivation extends ChainPosition {
  maxWorkerPaidFee: bigint;
}

/**
 * The cap in force at `at` (e.g. the closing event of a case): the latest activation strictly before it,
 * in chain order. Undefined when none of `activations` is before `at` — the caller then needs the policy
 * in force before the earliest activation it knows of.
 */
export function capInForceAt(activations: readonly PolicyActivation[], at: ChainPosition): bigint | undefined {
  let latest: PolicyActivation | undefined;
  for (const activation of activations) {
    if (!isBefore(activation, at)) continue;
    if (!latest || isBefore(latest, activation)) latest = activation;
  }
  return latest?.maxWorkerPaidFee;
}

function isBefore(a: ChainPosition, b: ChainPosition): boolean {
  return a.blockNumber < b.blockNumber || (a.blockNumber === b.blockNumber && a.logIndex < b.logIndex);
}
