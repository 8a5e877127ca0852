/**
 * Totals of a fee audit — over all cases, per corridor and per agency: how many cases of each class, how
 * many with findings, and the fees paid by workers and by employers per currency (an agency may recruit
 * in several corridors, and a corridor's currency may change with its policy, so sums never mix currencies).
 */
import { currencyUnits } from "@fairledger/common";
import { CASE_CLASSES, type CaseClass } from "./case-class.ts";

export interface AuditTotals {
  cases: number;
  classes: Record<CaseClass, number>;
  withFindings: number;
  /** Currency → total in currency units ("15000.00"). */
  workerPaid: Record<string, string>;
  employerPaid: Record<string, string>;
}

/** What the totals need of a case: its class, findings, currency and the two totals in minor units. */
export interface TotalledCase {
  class: CaseClass;
  findings: readonly string[];
  currency: string;
  workerPaidMinor: bigint;
  employerPaidMinor: bigint;
}

function sumByCurrency(cases: readonly TotalledCase[], pick: (c: TotalledCase) => bigint): Record<string, string> {
  const sums = new Map<string, bigint>();
  for (const c of cases) sums.set(c.currency, (sums.get(c.currency) ?? 0n) + pick(c));
  return Object.fromEntries([...sums].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, currencyUnits(v, k)]));
}

export function totalsOf(cases: readonly TotalledCase[]): AuditTotals {
  const classes = Object.fromEntries(CASE_CLASSES.map((name) => [name, 0])) as Record<CaseClass, number>;
  for (const c of cases) classes[c.class] += 1;
  return {
    cases: cases.length,
    classes,
    withFindings: cases.filter((c) => c.findings.length > 0).length,
    workerPaid: sumByCurrency(cases, (c) => c.workerPaidMinor),
    employerPaid: sumByCurrency(cases, (c) => c.employerPaidMinor),
  };
}

/** Totals per value of `key` (corridor, agency), keys sorted. */
export function totalsBy<T extends TotalledCase>(
  cases: readonly T[],
  key: (c: T) => string,
): Record<string, AuditTotals> {
  const groups = new Map<string, T[]>();
  for (const c of cases) groups.set(key(c), [...(groups.get(key(c)) ?? []), c]);
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, totalsOf(v)]));
}
