/**
 * Public agency register: find agencies by name or licence number (as recorded here, current or earlier)
 * or by account. Case, accents, spaces and punctuation do not count (search-text.ts).
 */
import { ServiceError } from "../errors.ts";
import {
  knownAgency,
  recordedAgencies,
  summaryOf,
  UNKNOWN_AGENCY_ADVICE,
  type AgencyRegisterServices,
  type AgencySummary,
  type Known,
} from "./agency-register.ts";
import { complaintsOf } from "./agency-detail.ts";
import { matchesSearch, searchKey } from "./search-text.ts";

export const MIN_QUERY_KEY = 2;
export const MAX_RESULTS = 20;

/**
 * Agencies whose name or licence number (current or earlier, as recorded here) contains `query`, or whose
 * account is `query`. Refuses a query of fewer than two letters or digits: the register is for finding
 * one agency, not for listing them all.
 */
export async function searchAgencies(
  services: AgencyRegisterServices,
  query: string,
): Promise<{
  query: string;
  results: (AgencySummary & { complaints: number | null })[];
  more: boolean;
  advice: string | null;
}> {
  const typed = searchKey(query);
  if (typed.length < MIN_QUERY_KEY)
    throw new ServiceError("ERR_INPUT_INVALID", "type at least two letters or digits of a name or licence number", {
      errors: [{ pointer: "query:q", detail: "fewer than two letters or digits" }],
    });
  const account = /^0x[0-9a-f]{40}$/i.test(query.trim()) ? query.trim().toLowerCase() : undefined;
  const byAccount = account && (await knownAgency(services, account));
  const found = byAccount
    ? [byAccount]
    : [...recordedAgencies(services).values()].filter(
        (known) =>
          matchesSearch(known.principalName, typed) ||
          known.entries.some(
            (record) => matchesSearch(record.agencyName, typed) || matchesSearch(record.licenceNumber, typed),
          ),
      );
  // A stable order a reader can scan: by the name recorded here, then account.
  const sortName = (known: Known) => searchKey(known.entries.at(-1)?.agencyName ?? known.principalName ?? "");
  found.sort((a, b) => sortName(a).localeCompare(sortName(b)) || a.agency.localeCompare(b.agency));
  const results = await Promise.all(
    found.slice(0, MAX_RESULTS).map(async (known) => {
      const { licence: _licence, ...summary } = await summaryOf(services, known);
      // Filed through this service (null: an agency it does not serve); the agency's page says more.
      return { ...summary, complaints: complaintsOf(services, known.agency).count };
    }),
  );
  return {
    query,
    results,
    /** More agencies matched than are listed: the query should be longer. */
    more: found.length > MAX_RESULTS,
    advice: results.length === 0 ? UNKNOWN_AGENCY_ADVICE : null,
  };
}
