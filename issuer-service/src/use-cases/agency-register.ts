/**
 * The public agency register: anyone (a worker about to pay an agency) finds an agency by name or licence
 * number and reads whether it is licensed now, by which country's authority, for which corridors, since
 * when, its suspensions and revocations with their reasons, and the corridor's fee policy.
 *
 * Where each fact comes from — the answer says it too (`sources`):
 * - the chain (the authority): whether a licence exists, its status and country, its validity window, its
 *   whole history with reason codes, the document hash, and the corridors' fee caps (RegistryReads);
 * - this service: names and licence numbers. The chain holds neither. The agency's name and licence number
 *   are those the authority wrote into the licence credential this service signed (store: licence_register);
 *   they count as the current licence's when the credential's digest is the documentHash the chain holds
 *   now (`licenceRecordMatchesChain`). Otherwise the name is the one the agency was registered with here.
 *   Authorities' names are this service's records too; their country is the licence's, from the chain.
 *
 * Nothing personal: agencies and authorities are organisations, and no case or worker is read.
 *
 * The two operations are search-agencies.ts and agency-detail.ts; this module holds what they share: which
 * agencies are known, and one agency's state now.
 */
import type { LicenceView, RegistryReads } from "../chain/registry-reads.ts";
import type { Repositories } from "../store/repositories.ts";
import type { LicenceRegisterEntry } from "../store/licence-register-repository.ts";

/** What a worker should take from the answer, in one word. */
export type AgencyState = "licensed" | "suspended" | "revoked" | "expired" | "not-yet-valid" | "not-licensed";

export const ADVICE: Record<AgencyState, string> = {
  licensed: "licensed now: check that the fees you are asked for follow the corridor's policy",
  suspended: "licence suspended: do not pay this agency",
  revoked: "licence revoked: do not pay this agency",
  expired: "licence expired: do not pay this agency",
  "not-yet-valid": "licence not valid yet: do not pay this agency",
  "not-licensed": "not licensed: do not pay this agency",
};
export const UNKNOWN_AGENCY_ADVICE = "unknown agency: not licensed as far as FairLedger knows — do not pay";

export interface AgencySummary {
  agency: string;
  name: string | null;
  licenceNumber: string | null;
  country: string | null;
  state: AgencyState;
  advice: string;
}

export interface AgencyRegisterServices {
  reads: RegistryReads;
  store: Repositories;
  now: () => number;
}

export interface Known {
  agency: string;
  /** This service's principal name for the agency's account, when it has one. */
  principalName: string | null;
  principalJurisdiction: string | null;
  entries: LicenceRegisterEntry[];
}

/**
 * Agencies this service records (agency principals and licence credentials it signed), by lower-case
 * account. Names and licence numbers live only here: an agency the chain alone knows has neither, and is
 * found by its account (`knownAgency`).
 */
export function recordedAgencies(services: AgencyRegisterServices): Map<string, Known> {
  const known = new Map<string, Known>();
  const entry = (agency: string) => {
    const key = agency.toLowerCase();
    let found = known.get(key);
    if (!found) {
      found = { agency: key, principalName: null, principalJurisdiction: null, entries: [] };
      known.set(key, found);
    }
    return found;
  };
  for (const principal of services.store.principals.all()) {
    if (principal.kind !== "agency") continue;
    const found = entry(principal.address);
    found.principalName = principal.name;
    found.principalJurisdiction = principal.jurisdiction;
  }
  for (const record of services.store.licenceRegister.all()) entry(record.agency).entries.push(record);
  return known;
}

/** One agency by account: recorded here, or licensed on chain at some time (a licence never returns to status none). */
export async function knownAgency(services: AgencyRegisterServices, account: string): Promise<Known | undefined> {
  const here = recordedAgencies(services).get(account);
  if (here) return here;
  const onChain = await services.reads.licence(account);
  return onChain ? { agency: account, principalName: null, principalJurisdiction: null, entries: [] } : undefined;
}

function stateOf(licence: LicenceView | undefined, now: number): AgencyState {
  if (!licence) return "not-licensed";
  if (licence.status === "suspended") return "suspended";
  if (licence.status === "revoked") return "revoked";
  if (licence.status !== "active") return "not-licensed";
  if (licence.licensedNow) return "licensed";
  return now < Date.parse(licence.validFrom) ? "not-yet-valid" : "expired";
}

/** The register entry of the licence the chain holds now (same document hash), else none. */
export function currentRecord(known: Known, licence: LicenceView | undefined): LicenceRegisterEntry | undefined {
  if (!licence) return undefined;
  return known.entries.find((record) => record.documentHash === licence.documentHash.toLowerCase());
}

export async function summaryOf(
  services: AgencyRegisterServices,
  known: Known,
): Promise<AgencySummary & { licence?: LicenceView }> {
  const licence = await services.reads.licence(known.agency);
  const record = currentRecord(known, licence);
  const state = stateOf(licence, services.now());
  return {
    agency: known.agency,
    name: record?.agencyName ?? known.principalName,
    licenceNumber: record?.licenceNumber ?? null,
    country: licence?.jurisdiction ?? known.principalJurisdiction,
    state,
    advice: ADVICE[state],
    licence,
  };
}
