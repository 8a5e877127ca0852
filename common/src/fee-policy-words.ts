/**
 * A corridor's fee policy as a worker reads it: either "in this corridor workers pay no fees" (ILO
 * Employer Pays: a cap of zero) or the most an agency may charge a worker, in the corridor currency's
 * own units ("INR 30,000.00", not 3000000 paise). The same data for programs (`workersPayNoFees`, the
 * cap in minor units and as a decimal) and English words; pages say it in their own language from the
 * data. Browser-safe: Intl only.
 */
import { feesChargedToWorker, parseMinorUnits } from "./fees.ts";

export interface FeePolicyWords {
  /** The cap is zero: any recruitment fee charged to a worker breaks the corridor's policy. */
  workersPayNoFees: boolean;
  /** The cap as the chain holds it: minor units of `currency` (canonical decimal string). */
  maxWorkerPaidFee: string;
  /** ISO 4217 code. */
  currency: string;
  /** The cap in the currency's units, as a decimal with the currency's minor digits ("30000.00"). */
  maxWorkerPaidFeeDecimal: string;
  /** The policy in plain English words. */
  words: string;
}

/** Minor digits of an ISO 4217 currency (2 for INR, 0 for JPY), from the runtime's Intl data; 2 when unknown. */
export function currencyMinorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Minor units as a decimal in the currency's units, exactly (bigint arithmetic, no floating point). */
export function minorUnitsAsDecimal(minorUnits: bigint, digits: number): string {
  if (digits === 0) return minorUnits.toString();
  const text = minorUnits.toString().padStart(digits + 1, "0");
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** The words and data of a corridor fee policy with cap `maxWorkerPaidFee` (minor units) in `currency`. */
export function feePolicyWords(maxWorkerPaidFee: bigint | string, currency: string): FeePolicyWords {
  const cap = parseMinorUnits(maxWorkerPaidFee);
  if (cap === undefined) throw new RangeError(`not an amount in minor units: ${String(maxWorkerPaidFee)}`);
  const decimal = minorUnitsAsDecimal(cap, currencyMinorDigits(currency));
  const workersPayNoFees = !feesChargedToWorker(cap);
  const [whole = "0", fraction] = decimal.split(".");
  const grouped = `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${fraction === undefined ? "" : `.${fraction}`}`;
  return {
    workersPayNoFees,
    maxWorkerPaidFee: cap.toString(),
    currency,
    maxWorkerPaidFeeDecimal: decimal,
    words: workersPayNoFees
      ? "in this corridor workers pay no recruitment fees"
      : `in this corridor a worker may be charged at most ${currency} ${grouped} in recruitment fees`,
  };
}
