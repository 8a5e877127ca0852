/**
 * Amounts as the audit gives them — currency units as an exact decimal string ("15000.00", ISO 4217
 * decimals from common/src/currency-units.ts) beside the currency — for people: "PHP 15,000.00", the code
 * and not a symbol (₱ and the peso sign of other countries look alike on paper), grouped in the page's
 * language. The string reaches Intl exactly, never as a float.
 */
import { minorUnitExponent } from "@fairledger/common";

const UNITS = /^\d+(?:\.\d+)?$/;

export function formatUnits(units: string | null, currency: string, lang: string): string {
  if (units === null) return "—";
  if (!UNITS.test(units) || !/^[A-Z]{3}$/.test(currency)) return `${currency} ${units}`;
  const digits = minorUnitExponent(currency);
  const format = new Intl.NumberFormat(lang, {
    style: "currency",
    currency,
    currencyDisplay: "code",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Intl.NumberFormat v3 reads a decimal string exactly (ES2023); the cast is for older lib typings.
  return format.format(units as unknown as number);
}

/** Per-currency sums ({ PHP: "15000.00" }) as one line; "—" when there are none. */
export function formatSums(sums: Record<string, string>, lang: string): string {
  const parts = Object.entries(sums).map(([currency, units]) => formatUnits(units, currency, lang));
  return parts.length ? parts.join(" · ") : "—";
}
