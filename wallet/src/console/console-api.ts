/**
 * The console's one way to the issuer service that serves it (/console/ → the service's root): every call
 * carries the authority's API key, every write a fresh Idempotency-Key. A refusal comes back as a value
 * with the HTTP status, the problem's stable `code` and its `detail` in the service's words — never thrown.
 */

export interface ApiFailure {
  /** HTTP status; 0 when the service could not be reached at all. */
  status: number;
  code: string | null;
  detail: string | null;
}

export type ApiAnswer<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure };

/** The service's root: this page lives at /console/. */
const url = (path: string) => new URL(`../${path.replace(/^\//, "")}`, document.baseURI);

/** A random Idempotency-Key: a retried POST then answers the same change instead of making a second one. */
function idempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

async function problemOf(response: Response): Promise<ApiFailure> {
  try {
    const body = (await response.json()) as { code?: unknown; detail?: unknown };
    return {
      status: response.status,
      code: typeof body.code === "string" ? body.code : null,
      detail: typeof body.detail === "string" ? body.detail : null,
    };
  } catch {
    return { status: response.status, code: null, detail: null };
  }
}

export async function call<T>(
  key: string,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { accept: "application/json", "x-api-key": key };
  if (method === "POST") {
    headers["content-type"] = "application/json";
    headers["idempotency-key"] = idempotencyKey();
  }
  let response: Response;
  try {
    response = await fetch(url(path), {
      method,
      headers,
      body: method === "POST" ? JSON.stringify(body ?? {}) : undefined,
      cache: "no-store",
    });
  } catch {
    return { ok: false, failure: { status: 0, code: null, detail: null } };
  }
  if (!response.ok) return { ok: false, failure: await problemOf(response) };
  return { ok: true, value: (await response.json()) as T };
}

export const get = <T>(key: string, path: string) => call<T>(key, "GET", path);
export const post = <T>(key: string, path: string, body: unknown = {}) => call<T>(key, "POST", path, body);

/** The message key (page locales) saying what kind of refusal `failure` is. */
export function failureKey(failure: ApiFailure): string {
  switch (failure.status) {
    case 0:
      return "error.unreachable";
    case 400:
      return "error.invalid";
    case 401:
      return "error.wrongKey";
    case 403:
      return "error.forbidden";
    case 404:
      return "error.notFound";
    case 409:
      return "error.conflict";
    case 422:
      return "error.refused";
    case 429:
      return "error.rateLimited";
    default:
      return failure.status >= 500 ? "error.unavailable" : "error.other";
  }
}

// ---- The answers the console reads (as the service's OpenAPI document describes them) ----

export interface Identity {
  did: string;
  kind: string;
  name: string | null;
  address: string;
  jurisdiction: string | null;
}

export interface Page<T> {
  items: T[];
  page: { limit: number; total?: number; nextCursor: string | null };
}

export interface Reason {
  code: number;
  name: string;
  words: string;
}

export interface Licence {
  agency: string;
  jurisdiction: string;
  status: "active" | "suspended" | "revoked";
  licensedNow: boolean;
  validFrom: string;
  validUntil: string;
}

export interface HistoryEntry {
  event: string;
  at: string;
  effectiveFrom?: string;
  validFrom?: string;
  validUntil?: string;
  reason?: Reason;
  transactionHash?: string;
}

export interface LicenceDetail extends Licence {
  history: HistoryEntry[];
}

export interface PrincipalView {
  id: string;
  kind: "agency" | "inspector" | "insurer" | "authority";
  name: string;
  jurisdiction: string | null;
  did: string;
  address: string;
  createdAt: string;
}

export interface IssuedKey {
  principal: PrincipalView;
  key: { id: string; label: string; apiKey: string };
}

export interface Member {
  account: string;
  jurisdiction: string;
  status: "registered" | "deregistered";
}

export interface Corridor {
  corridor: string;
  origin: string;
  destination: string;
  active: { maxWorkerPaidFee: string; currency: string; activatedAt: string } | null;
  pending: { maxWorkerPaidFee: string; currency: string; originApproved: boolean; destinationApproved: boolean } | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  detail: Record<string, unknown> | null;
}
