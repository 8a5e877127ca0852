/**
 * Public agency register: one agency's page — licensed now or not, by which country's authority, since
 * when, its corridors with their fee policy in words, its licence history with reasons, complaints, and
 * which facts are the chain's and which this service's.
 */
import { feePolicyWords, type FeePolicyWords, type LicenceReason } from "@fairledger/common";
import { ServiceError } from "../errors.ts";
import type { LicenceHistoryEntry, LicenceView } from "../chain/registry-reads.ts";
import type { LicenceRegisterEntry } from "../store/licence-register-repository.ts";
import {
  currentRecord,
  knownAgency,
  summaryOf,
  UNKNOWN_AGENCY_ADVICE,
  type AgencyRegisterServices,
  type AgencySummary,
} from "./agency-register.ts";

/**
 * Complaints workers filed about the agency through this service (issue #15 item 2), open or handled.
 * Each one's commitment (a salted hash, nothing personal) is anchored in the agency's batches, so a
 * complaint cannot be quietly removed from the count. Null only for an agency this service does not serve.
 */
export interface AgencyComplaints {
  count: number | null;
  open: number | null;
  words: string;
}

export function complaintsOf(services: AgencyRegisterServices, account: string): AgencyComplaints {
  const principal = services.store.principals
    .all()
    .find((p) => p.kind === "agency" && p.address.toLowerCase() === account.toLowerCase());
  if (!principal)
    return {
      count: null,
      open: null,
      words:
        "This agency is not served by this FairLedger service: complaints about it are not counted here (null means unknown, not zero).",
    };
  const { filed, open } = services.store.complaints.countOf(principal.id);
  return {
    count: filed,
    open,
    words: `${filed} complaint${filed === 1 ? "" : "s"} filed by workers holding a credential of one of its cases (${open} not yet handled); each is anchored on the chain.`,
  };
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
  complaints: AgencyComplaints;
  sources: { chain: string[]; service: string[] };
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
    complaints: complaintsOf(services, known.agency),
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
