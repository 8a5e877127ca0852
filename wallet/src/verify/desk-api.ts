/**
 * The border desk's calls to the issuer service that serves this page, all with the post's authority API
 * key: ask for a traveller's papers (POST ../openid4vp/requests), poll for the verdict (GET
 * ../openid4vp/requests/{id}), and the public agency register (GET ../public/agencies/{account}) for the
 * issuing agency's name, licence and state now. Failures come back as a message key, never as thrown text.
 */
import type { Outcome } from "./verdict-types.ts";

/** What went wrong, as a message key of the page's locales. */
export type DeskFailure =
  "error.wrongKey" | "error.notAuthority" | "error.rateLimited" | "error.unavailable" | "error.unknownAgency";

export type DeskAnswer<T> = { ok: true; value: T } | { ok: false; failure: DeskFailure };

export interface CreatedRequest {
  id: string;
  link: string;
  qrPng: string;
  expiresAt: string;
}

export interface CheckResult {
  id: string;
  passed: boolean;
  reason: string;
  indeterminate?: boolean;
  notice?: string;
}

/** A disclosed claim name that only looks like one of the type's (verifier: result.lookAlikes). */
export interface LookAlikeClaim {
  name: string;
  looksLike: string;
  value: unknown;
}

/** An inspector's finding recorded on the case on chain (verifier: result.caseFlags). */
export interface CaseFlag {
  inspector: string;
  findingHash: string;
  blockNumber: number;
  /** Unix seconds. */
  flaggedAt: number;
}

export interface PresentationResult {
  outcome: Outcome;
  checks: CheckResult[];
  disclosed: Record<string, unknown>;
  issuer: string | null;
  credentialType: string | null;
  /** Set apart by the verifier, never in `disclosed`; absent from an older service. */
  lookAlikes?: LookAlikeClaim[];
  /** The case's flags; null when the chain could not be read; absent when not read. */
  caseFlags?: CaseFlag[] | null;
}

export interface ResponseVerdict {
  outcome: Outcome;
  refused?: { code: string; reason: string };
  presentations: { queryId: string; result: PresentationResult }[];
  verifiedAt: number;
}

export interface RequestStatus {
  id: string;
  status: "pending" | "verifying" | "answered" | "expired";
  expiresAt: string;
  /** The subject claims the request asked for, per DCQL credential query id. */
  asked?: Record<string, string[]>;
  verdict: ResponseVerdict | null;
}

export type AgencyState = "licensed" | "suspended" | "revoked" | "expired" | "not-yet-valid" | "not-licensed";

export interface AgencyRecord {
  agency: string;
  name: string | null;
  licenceNumber: string | null;
  state: AgencyState;
  licensedNow: boolean;
  since: string | null;
  reason: { code: number; name: string; words: string } | null;
  authority: { country: string; name: string | null } | null;
}

/** The service's root: this page lives at /verify/. */
const api = (path: string) => new URL(`../${path}`, document.baseURI);

/** Any request id the service cannot hold: its answer says whether the key is an authority's (404) or not. */
const PROBE_ID = "00000000-0000-4000-8000-000000000000";

function failureOf(status: number): DeskFailure {
  if (status === 401) return "error.wrongKey";
  if (status === 403) return "error.notAuthority";
  if (status === 429) return "error.rateLimited";
  return "error.unavailable";
}

type Reply<T> = { ok: true; value: T } | { ok: false; status: number };

async function call<T>(url: URL, init: RequestInit, apiKey: string | null): Promise<Reply<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      headers: { accept: "application/json", ...(apiKey ? { "x-api-key": apiKey } : {}), ...init.headers },
      cache: "no-store",
    });
  } catch {
    return { ok: false, status: 0 };
  }
  if (response.ok) return { ok: true, value: (await response.json()) as T };
  return { ok: false, status: response.status };
}

const answerOf = <T>(reply: Reply<T>): DeskAnswer<T> =>
  reply.ok ? reply : { ok: false, failure: failureOf(reply.status) };

/**
 * Checks a key before the page keeps it: the service answers 401 for a wrong key, 403 for a key that is not
 * an authority's, and 404 (no such request) for an authority's key.
 */
export async function checkAuthorityKey(apiKey: string): Promise<DeskFailure | null> {
  const reply = await call(api(`openid4vp/requests/${PROBE_ID}`), {}, apiKey);
  return reply.ok || reply.status === 404 ? null : failureOf(reply.status);
}

/** A random Idempotency-Key: a retried POST then answers the same request instead of making a second one. */
function idempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** `askHolderName`: the officer ticked "ask for the name" — the wallet then asks the worker to share it. */
export async function createRequest(
  apiKey: string,
  options: { askHolderName?: boolean } = {},
): Promise<DeskAnswer<CreatedRequest>> {
  const reply = await call<CreatedRequest>(
    api("openid4vp/requests"),
    {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": idempotencyKey() },
      body: JSON.stringify({
        credentialType: "EmploymentContractCredential",
        askHolderName: options.askHolderName === true,
      }),
    },
    apiKey,
  );
  return answerOf(reply);
}

export async function pollRequest(apiKey: string, id: string): Promise<DeskAnswer<RequestStatus>> {
  return answerOf(await call<RequestStatus>(api(`openid4vp/requests/${encodeURIComponent(id)}`), {}, apiKey));
}

/** The public register's record of one agency (no key needed: it is public). */
export async function fetchAgency(account: string): Promise<DeskAnswer<AgencyRecord>> {
  const reply = await call<AgencyRecord>(api(`public/agencies/${encodeURIComponent(account)}`), {}, null);
  // 404: neither the chain nor the service knows this agency — say so, not "unavailable".
  if (!reply.ok && reply.status === 404) return { ok: false, failure: "error.unknownAgency" };
  return answerOf(reply);
}

/** The agency's account: the address at the end of the issuer's did:ethr (did:ethr:<chain>:<address>). */
export function agencyAccountOf(issuerDid: string | null): string | null {
  return /^did:ethr:(?:0x[0-9a-fA-F]+:)?(0x[0-9a-fA-F]{40})$/.exec(issuerDid ?? "")?.[1]?.toLowerCase() ?? null;
}
