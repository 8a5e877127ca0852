/**
 * The public agency register's JSON (issuer-service routes-agencies.ts), fetched from the service that
 * serves this page: GET ../public/agencies?q= and ../public/agencies/{agency}. Failures come back as a
 * message key for the page, never as thrown text.
 */

export type AgencyState = "licensed" | "suspended" | "revoked" | "expired" | "not-yet-valid" | "not-licensed";

export interface Reason {
  code: number;
  name: string;
  words: string;
}

export interface AgencySummary {
  agency: string;
  name: string | null;
  licenceNumber: string | null;
  country: string | null;
  state: AgencyState;
}

export interface FeePolicy {
  workersPayNoFees: boolean;
  maxWorkerPaidFee: string;
  currency: string;
}

export interface AgencyDetail extends AgencySummary {
  licensedNow: boolean;
  since: string | null;
  reason: Reason | null;
  licence: { validFrom: string; validUntil: string; licenceRecordMatchesChain: boolean } | null;
  authority: { country: string; name: string | null } | null;
  corridors: { corridor: string; origin: string; destination: string; feePolicy: FeePolicy | null }[];
  history: { event: string; at: string; effectiveFrom: string; reason: Reason | null }[];
  /** Filed through this service, and how many are still open; null for an agency it does not serve. */
  complaints: { count: number | null; open: number | null };
}

/** What went wrong, as a message key of the page's locales. */
export type RegisterFailure = "errorTooShort" | "errorRateLimited" | "errorUnavailable";

export type Answer<T> = { ok: true; value: T } | { ok: false; failure: RegisterFailure } | { ok: false; unknown: true };

const base = () => new URL("../public/agencies", document.baseURI);

async function ask<T>(url: URL): Promise<Answer<T>> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: "application/json" } });
  } catch {
    return { ok: false, failure: "errorUnavailable" };
  }
  if (response.ok) return { ok: true, value: (await response.json()) as T };
  if (response.status === 404) return { ok: false, unknown: true };
  if (response.status === 400) return { ok: false, failure: "errorTooShort" };
  if (response.status === 429) return { ok: false, failure: "errorRateLimited" };
  return { ok: false, failure: "errorUnavailable" };
}

/** `more`: more agencies matched than the register lists (at most 20). */
export function searchAgencies(query: string): Promise<Answer<{ results: AgencySummary[]; more: boolean }>> {
  const url = base();
  url.searchParams.set("q", query);
  return ask(url);
}

export function fetchAgency(agency: string): Promise<Answer<AgencyDetail>> {
  return ask(new URL(`${base().pathname}/${encodeURIComponent(agency)}`, document.baseURI));
}
