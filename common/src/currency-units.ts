/**
 * Amounts in currency units: the chain keeps fees as integers of the currency's minor unit (common/src/fees.ts),
 * so 1500000 on chain in a PHP corridor is PHP 15,000.00. How many minor units make a major one is the
 * ISO 4217 "minor unit" of the currency, written here once for every reader (audit, wallet, console).
 * Browser-safe: bigint arithmetic only, no Intl (whose CLDR digits differ from ISO 4217 for e.g. IQD, RSD).
 */

/**
 * ISO 4217 currencies whose minor unit is not 2 decimals (list of 2024, amendment 176). Every other
 * well-formed code has 2: the chain only ever holds codes an authority set in a corridor policy.
 */
const MINOR_UNIT_EXPONENTS: Readonly<Record<string, number>> = {
  // 0 decimals
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  // 3 decimals
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  // 4 decimals
  CLF: 4,
  UYW: 4,
};

const CURRENCY_CODE = /^[A-Z]{3}$/;

/** Decimal places of `currency`'s minor unit (ISO 4217): 2 for PHP, 0 for JPY, 3 for KWD. */
export function minorUnitExponent(currency: string): number {
  if (!CURRENCY_CODE.test(currency)) throw new RangeError(`not an ISO 4217 currency code: ${currency}`);
  return MINOR_UNIT_EXPONENTS[currency] ?? 2;
}

/** Minor units as a decimal string in currency units, no grouping: 1500000 PHP → "15000.00" (for JSON and CSV). */
export function currencyUnits(minorUnits: bigint, currency: string): string {
  if (minorUnits < 0n) throw new RangeError(`a negative amount: ${minorUnits}`);
  const exponent = minorUnitExponent(currency);
  const digits = minorUnits.toString().padStart(exponent + 1, "0");
  if (exponent === 0) return digits;
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** Minor units for people: 1500000 PHP → "PHP 15,000.00" (thousands grouped with commas). */
export function formatAmount(minorUnits: bigint, currency: string): string {
  const [whole = "0", fraction] = currencyUnits(minorUnits, currency).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${currency} ${fraction === undefined ? grouped : `${grouped}.${fraction}`}`;
}
