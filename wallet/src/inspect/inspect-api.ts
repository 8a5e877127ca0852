/**
 * The dashboard's calls to the issuer service that serves this page, all with the inspector's API key:
 * what may be audited (GET ../audits/scopes), the fee audit as JSON or as the one CSV (GET ../audits/fees),
 * and a flag on a case (POST ../audits/cases/{c}/flags). Failures come back as a message key, never as
 * thrown text. The audit's shapes are the verifier library's (verifier/src/audit/fee-audit.ts).
 */
import { BREACH_CLASSES as BREACH_CLASS_SET, type AuditReport } from "@fairledger/verifier/browser";
import type { AgencyComplaints } from "../ui/complaints-view.ts";

/** The audit's five classes and its report's shapes: the library's, read from the service's JSON. */
export {
  CASE_CLASSES,
  type AuditReport,
  type AuditTotals,
  type CaseAudit,
  type CaseClass,
} from "@fairledger/verifier/browser";
/** The classes that are findings, in the audit's order (for chart series and legends). */
export const BREACH_CLASSES = [...BREACH_CLASS_SET];

export type InspectFailure =
  | "error.wrongKey"
  | "error.notInspector"
  | "error.rateLimited"
  | "error.unavailable"
  | "error.unknownAgency"
  | "error.unknownCorridor"
  | "error.badScope"
  | "error.noRole"
  | "error.noSuchCase"
  | "error.complaintsOtherCountry";

export type InspectAnswer<T> = { ok: true; value: T } | { ok: false; failure: InspectFailure };

export interface AuditableAgency {
  agency: string;
  name: string | null;
  licenceNumber: string | null;
  country: string | null;
  state: string;
}

export interface AuditableCorridor {
  corridor: string;
  origin: string;
  destination: string;
  currency: string;
  maxWorkerPaidFee: string;
}

export interface AuditScopes {
  agencies: AuditableAgency[];
  corridors: AuditableCorridor[];
}

export interface AuditScope {
  agency?: string;
  corridor?: string;
}

export interface RecordedFlag {
  caseCommitment: string;
  findingHash: string;
  transactionHash: string;
  blockNumber: number;
}

/** The service's root: this page lives at /inspect/. */
const api = (path: string) => new URL(`../${path}`, document.baseURI);

type Reply = { ok: true; response: Response } | { ok: false; status: number };

async function call(url: URL, init: RequestInit, apiKey: string, accept = "application/json"): Promise<Reply> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      headers: { accept, "x-api-key": apiKey, ...init.headers },
      cache: "no-store",
    });
  } catch {
    return { ok: false, status: 0 };
  }
  return response.ok ? { ok: true, response } : { ok: false, status: response.status };
}

function failureOf(status: number): InspectFailure {
  if (status === 401) return "error.wrongKey";
  if (status === 403) return "error.notInspector";
  if (status === 429) return "error.rateLimited";
  return "error.unavailable";
}

/**
 * A 404 names what the audit refused as unknown. With one of the two given it is that one; with both, the
 * one the scopes list does not hold (the service's problem says which only in words, never to be parsed).
 */
function unknownScopeOf(scope: AuditScope, scopes: AuditScopes | null): InspectFailure {
  if (!scope.agency) return "error.unknownCorridor";
  if (!scope.corridor) return "error.unknownAgency";
  const listed = scopes?.agencies.some((entry) => entry.agency === scope.agency?.toLowerCase());
  return listed ? "error.unknownCorridor" : "error.unknownAgency";
}

const auditQuery = (scope: AuditScope, format: "json" | "csv") => {
  const query = new URLSearchParams();
  if (scope.agency) query.set("agency", scope.agency);
  if (scope.corridor) query.set("corridor", scope.corridor);
  query.set("format", format);
  return query.toString();
};

/** Checks a key before the page keeps it, and answers what it may audit: 401 wrong key, 403 not an inspector. */
export async function fetchScopes(apiKey: string): Promise<InspectAnswer<AuditScopes>> {
  const reply = await call(api("audits/scopes"), {}, apiKey);
  if (!reply.ok) return { ok: false, failure: failureOf(reply.status) };
  return { ok: true, value: (await reply.response.json()) as AuditScopes };
}

async function auditReply(
  apiKey: string,
  scope: AuditScope,
  scopes: AuditScopes | null,
  format: "json" | "csv",
): Promise<InspectAnswer<Response>> {
  const reply = await call(
    api(`audits/fees?${auditQuery(scope, format)}`),
    {},
    apiKey,
    format === "csv" ? "text/csv" : "application/json",
  );
  if (reply.ok) return { ok: true, value: reply.response };
  if (reply.status === 404) return { ok: false, failure: unknownScopeOf(scope, scopes) };
  if (reply.status === 400) return { ok: false, failure: "error.badScope" };
  return { ok: false, failure: failureOf(reply.status) };
}

export async function fetchAudit(
  apiKey: string,
  scope: AuditScope,
  scopes: AuditScopes | null,
): Promise<InspectAnswer<AuditReport>> {
  const reply = await auditReply(apiKey, scope, scopes, "json");
  return reply.ok ? { ok: true, value: (await reply.value.json()) as AuditReport } : reply;
}

/** The audit as the service's CSV (verifier/src/audit/audit-csv.ts): the one CSV definition, never rebuilt here. */
export async function fetchAuditCsv(
  apiKey: string,
  scope: AuditScope,
  scopes: AuditScopes | null,
): Promise<InspectAnswer<Blob>> {
  const reply = await auditReply(apiKey, scope, scopes, "csv");
  return reply.ok ? { ok: true, value: await reply.value.blob() } : reply;
}

/** A random Idempotency-Key: a retried POST then answers the same flag instead of sending a second one. */
function idempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export async function flagCase(
  apiKey: string,
  caseCommitment: string,
  findingHash: string,
): Promise<InspectAnswer<RecordedFlag>> {
  const reply = await call(
    api(`audits/cases/${encodeURIComponent(caseCommitment)}/flags`),
    {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": idempotencyKey() },
      body: JSON.stringify({ findingHash }),
    },
    apiKey,
  );
  if (reply.ok) return { ok: true, value: (await reply.response.json()) as RecordedFlag };
  // 403 for a key that could read the audit: the chain's INSPECTOR_ROLE is missing (the admin grants it).
  if (reply.status === 403) return { ok: false, failure: "error.noRole" };
  if (reply.status === 404) return { ok: false, failure: "error.noSuchCase" };
  return { ok: false, failure: failureOf(reply.status) };
}

/** The inspector's own DID (GET ../identity): the chain part of the agencies' DIDs the complaints are asked by. */
export async function fetchOwnDid(apiKey: string): Promise<InspectAnswer<string>> {
  const reply = await call(api("identity"), {}, apiKey);
  if (!reply.ok) return { ok: false, failure: failureOf(reply.status) };
  return { ok: true, value: ((await reply.response.json()) as { did: string }).did };
}

/** Workers' complaints about one agency (GET ../complaints?agency=did): 403 when the agency is another country's. */
export async function fetchComplaints(apiKey: string, agencyDid: string): Promise<InspectAnswer<AgencyComplaints>> {
  const reply = await call(api(`complaints?agency=${encodeURIComponent(agencyDid)}`), {}, apiKey);
  if (reply.ok) return { ok: true, value: (await reply.response.json()) as AgencyComplaints };
  if (reply.status === 403) return { ok: false, failure: "error.complaintsOtherCountry" };
  return { ok: false, failure: failureOf(reply.status) };
}
