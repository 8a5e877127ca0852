/** Claim values in the worker's language: country names, dates and amounts through Intl, offline. */
import { currencyUnits, minorUnitExponent, parseMinorUnits } from "@fairledger/common";
import type { CredentialView } from "../credentials/describe.ts";
import type { Translator } from "./i18n.ts";

const intlLang = (lang: string) => (lang === "tl" ? "fil" : lang);

export function formatDate(value: Date | string | undefined, lang: string): string {
  if (value === undefined) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(intlLang(lang), { dateStyle: "medium", timeZone: "UTC" }).format(date);
}

export function countryName(code: string, lang: string): string {
  try {
    return new Intl.DisplayNames([intlLang(lang)], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * Minor units (a canonical decimal string, as the chain and the credential hold them) + ISO 4217 currency →
 * "SAR 1,500.00" in the worker's language. The decimals are ISO 4217's (common/src/currency-units.ts), not
 * Intl's CLDR ones, and the amount reaches Intl as an exact decimal string, never a float: a wage read on a
 * phone must be the wage in the contract to the last digit. Anything not an amount is shown as it is.
 */
export function formatAmount(minorUnits: unknown, currency: unknown, lang: string): string {
  const code = typeof currency === "string" && /^[A-Z]{3}$/.test(currency) ? currency : undefined;
  const minor = parseMinorUnits(minorUnits);
  if (!code || minor === undefined) return `${String(minorUnits)} ${String(currency ?? "")}`.trim();
  const digits = minorUnitExponent(code);
  const format = new Intl.NumberFormat(intlLang(lang), {
    style: "currency",
    currency: code,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Intl.NumberFormat v3 reads a decimal string exactly (ES2023); the cast is for older lib typings.
  return format.format(currencyUnits(minor, code) as unknown as number);
}

export function formatClaim(view: CredentialView, claim: string, i18n: Translator): string {
  const value = view.subject[claim];
  const { lang } = i18n;
  if (value === undefined) return "";
  if (typeof value === "boolean") return i18n.t(value ? "yes" : "no");
  if (claim === "caseStatus" && (value === "Closed" || value === "ClosedInBreach"))
    return i18n.t(`caseStatus.${value}`);
  if (claim === "worksiteCountry" || claim === "nationality" || claim === "jurisdiction")
    return countryName(String(value), lang);
  if (claim === "corridor" && typeof value === "string" && /^[A-Z]{2}-[A-Z]{2}$/.test(value)) {
    const [from, to] = value.split("-") as [string, string];
    return `${countryName(from, lang)} → ${countryName(to, lang)}`;
  }
  if (/Date$|Start$|^validFrom$|^validUntil$/.test(claim)) return formatDate(String(value), lang);
  if (claim === "workerPaidTotal") return formatAmount(value, view.subject.currency, lang);
  if (typeof value === "object" && value !== null && "amount" in value && "currency" in value) {
    return formatAmount((value as { amount: unknown }).amount, (value as { currency: unknown }).currency, lang);
  }
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}
