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
 */
import { feePolicyWords, type FeePolicyWords, type LicenceReason } from "@fairledger/common";
import { ServiceError } from "../errors.ts";
import type { LicenceHistoryEntry, LicenceView, RegistryReads } from "../chain/registry-reads.ts";
import type { Repositories } from "../store/repositories.ts";
import type { LicenceRegisterEntry } from "../store/licence-register-repository.ts";
import { matchesSearch, searchKey } from "./search-text.ts";

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

/** Complaints are not recorded yet (issue #15 item 2): the count is unknown, not zero. */
export const COMPLAINTS_NOT_RECORDED = {
  count: null,
  words:
    "FairLedger does not record complaints yet: no count is available (null means unknown, not zero). Once complaints can be filed, their number per agency will be counted from the chain.",
} as const;

export const MIN_QUERY_KEY = 2;
export const MAX_RESULTS = 20;

export interface AgencySummary {
  agency: string;
  name: string | null;
  licenceNumber: string | null;
  country: string | null;
  state: AgencyState;
  advice: string;
}

export interface AgencyHistoryEntry {
  event: LicenceHistoryEntry["event"];
  at: string;
  effectiveFrom: string;
  reason: LicenceReason | null;
  transactionHash: string;
}

export interface AgencyCorridor {
  corridor: string;
  origin: string;
  destination: string;
  /** The fee policy in force; null while the two countries have not both approved one. */
  feePolicy: (FeePolicyWords & { activatedAt: string }) | null;
}

export interface AgencyDetail extends AgencySummary {
  licensedNow: boolean;
  /** Start of the current state: the licence's start (licensed), or when it was suspended / revoked / ended. */
  since: string | null;
  /** Why the licence is suspended or revoked (the latest such change); null otherwise. */
  reason: LicenceReason | null;
  licence: {
    status: LicenceView["status"];
    validFrom: string;
    validUntil: string;
    documentHash: string;
    licenceRecordMatchesChain: boolean;
  } | null;
  authority: { country: string; name: string | null } | null;
  corridors: AgencyCorridor[];
  history: AgencyHistoryEntry[];
  complaints: typeof COMPLAINTS_NOT_RECORDED;
  sources: { chain: string[]; service: string[] };
}

export interface AgencyRegisterServices {
  reads: RegistryReads;
  store: Repositories;
  now: () => number;
}

interface Known {
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
function recordedAgencies(services: AgencyRegisterServices): Map<string, Known> {
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
async function knownAgency(services: AgencyRegisterServices, account: string): Promise<Known | undefined> {
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
function currentRecord(known: Known, licence: LicenceView | undefined): LicenceRegisterEntry | undefined {
  if (!licence) return undefined;
  return known.entries.find((record) => record.documentHash === licence.documentHash.toLowerCase());
}

async function summaryOf(
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

/**
 * Agencies whose name or licence number (current or earlier, as recorded here) contains `query`, or whose
 * account is `query`. Refuses a query of fewer than two letters or digits: the register is for finding
 * one agency, not for listing them all.
 */
export async function searchAgencies(
  services: AgencyRegisterServices,
  query: string,
): Promise<{ query: string; results: AgencySummary[]; more: boolean; advice: string | null }> {
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
      return summary;
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

/** The register's page of one agency (by account); ERR_NOT_FOUND when neither the chain nor this service knows it. */
export async function agencyDetail(services: AgencyRegisterServices, agency: string): Promise<AgencyDetail> {
  const account = agency.toLowerCase();
  const known = await knownAgency(services, account);
  if (!known)
    throw new ServiceError("ERR_NOT_FOUND", `no agency ${agency} is known to the chain or to this service`, {
      state: "unknown",
      advice: UNKNOWN_AGENCY_ADVICE,
    });
  const { licence, ...summary } = await summaryOf(services, known);
  const [history, corridors] = await Promise.all([
    licence ? services.reads.licenceHistory(known.agency) : Promise.resolve([]),
    licence ? services.reads.corridors() : Promise.resolve([]),
  ]);
  const record = currentRecord(known, licence);
  const lastOf = (...events: LicenceHistoryEntry["event"][]) =>
    [...history].reverse().find((entry) => events.includes(entry.event));
  const since =
    summary.state === "licensed"
      ? (lastOf("issued")?.effectiveFrom ?? licence?.validFrom ?? null)
      : summary.state === "suspended"
        ? (lastOf("suspended")?.at ?? null)
        : summary.state === "revoked"
          ? (lastOf("revoked")?.effectiveFrom ?? null)
          : summary.state === "expired"
            ? (licence?.validUntil ?? null)
            : null;
  const reason =
    summary.state === "suspended" || summary.state === "revoked" ? (lastOf(summary.state)?.reason ?? null) : null;
  return {
    ...summary,
    licensedNow: licence?.licensedNow ?? false,
    since,
    reason,
    licence: licence
      ? {
          status: licence.status,
          validFrom: licence.validFrom,
          validUntil: licence.validUntil,
          documentHash: licence.documentHash,
          licenceRecordMatchesChain: record !== undefined,
        }
      : null,
    authority: licence ? { country: licence.jurisdiction, name: authorityName(services, licence, record) } : null,
    // An agency recruits under its own country's licence: the corridors that start in that country.
    corridors: corridors
      .filter((corridor) => corridor.origin === licence?.jurisdiction)
      .map((corridor) => ({
        corridor: corridor.corridor,
        origin: corridor.origin,
        destination: corridor.destination,
        feePolicy: corridor.active
          ? {
              ...feePolicyWords(corridor.active.maxWorkerPaidFee, corridor.active.currency),
              activatedAt: corridor.active.activatedAt,
            }
          : null,
      })),
    history: history.map((entry) => ({
      event: entry.event,
      at: entry.at,
      effectiveFrom: entry.effectiveFrom,
      reason: entry.reason ?? null,
      transactionHash: entry.transactionHash,
    })),
    complaints: COMPLAINTS_NOT_RECORDED,
    sources: {
      chain: ["state", "licensedNow", "since", "reason", "licence", "authority.country", "corridors", "history"],
      service: [
        record
          ? "name (from the licence credential whose digest is the licence's documentHash on chain)"
          : "name (the agency's registration with this service)",
        "licenceNumber (from the licence credential this service signed for the authority)",
        "authority.name",
      ],
    },
  };
}

/** The authority that signed the current licence credential here, else this service's authority of the licence's country. */
function authorityName(
  services: AgencyRegisterServices,
  licence: LicenceView,
  record: LicenceRegisterEntry | undefined,
): string | null {
  const signer = record ? services.store.principals.byId(record.authorityId) : undefined;
  if (signer) return signer.name;
  const ofCountry = services.store.principals
    .all()
    .find((principal) => principal.kind === "authority" && principal.jurisdiction === licence.jurisdiction);
  return ofCountry?.name ?? null;
}
