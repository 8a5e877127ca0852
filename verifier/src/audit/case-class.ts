/**
 * The one judgement of the fee audit: each recruitment case is exactly one of five classes, decided from
 * what the chain recorded (status, worker-paid total, the cap in force when it closed) and, for a case still
 * open, whether the worker's contract has started. Pure: the clock is a parameter.
 *
 * | class              | when                                                                          | finding |
 * |--------------------|-------------------------------------------------------------------------------|---------|
 * | `open`             | open, and the contract start is not passed (or not known to the audit)        | no      |
 * | `overdue`          | open past the contract start: the worker started work, the fees are unsettled | yes     |
 * | `closed-clean`     | closed within the corridor policy (a worker fee up to a nonzero cap is lawful) | no      |
 * | `closed-in-breach` | closed with a fee charged to the worker where the corridor forbids any (cap 0) | yes     |
 * | `over-cap`         | closed with worker fees above the corridor's nonzero cap in force at closure  | yes     |
 */
import { CaseStatus } from "../trust/trust-source.ts";

export const CASE_CLASSES = ["open", "overdue", "closed-clean", "closed-in-breach", "over-cap"] as const;
export type CaseClass = (typeof CASE_CLASSES)[number];

/** The classes that are breaches, and so findings; an open case in time is not one. */
export const BREACH_CLASSES: ReadonlySet<CaseClass> = new Set(["overdue", "closed-in-breach", "over-cap"]);

/** Findings beside the class: the evidence does not match what the chain committed to. */
export const EVIDENCE_FINDINGS = {
  rootMismatch: "receipts-root-mismatch",
  receiptsMissing: "receipt-files-missing",
} as const;

export interface CaseFacts {
  /** The contract's CaseStatus. */
  status: number;
  workerPaidTotal: bigint;
  /** The corridor cap in force when the case closed (minor units); unused while open. */
  capAtClosure: bigint;
  /** Start of the worker's contract, unix seconds, when the audit knows it (it is not on chain). */
  contractStart: number | null;
}

/** The class of a case as at `now` (unix seconds). */
export function classifyCase(facts: CaseFacts, now: number): CaseClass {
  switch (facts.status) {
    case CaseStatus.Open:
      return facts.contractStart !== null && now >= facts.contractStart ? "overdue" : "open";
    case CaseStatus.Closed:
      return "closed-clean";
    case CaseStatus.ClosedInBreach:
      // The contract closed it in breach because the worker paid above the cap in force then: with a cap of
      // zero the corridor forbids any worker fee (ILO Employer Pays), otherwise the fee exceeded a lawful cap.
      return facts.capAtClosure === 0n ? "closed-in-breach" : "over-cap";
    default:
      throw new RangeError(`internal: no case class for chain status ${facts.status}`);
  }
}

/** A contract start date (YYYY-MM-DD) as unix seconds at its first moment, UTC; undefined if not such a date. */
export function contractStartSeconds(date: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return undefined;
  return ms / 1000;
}
