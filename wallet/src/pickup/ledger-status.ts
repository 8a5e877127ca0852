/**
 * Public look-ups by digest (README protocol step 4): the anchor proof the verifier needs, and whether
 * the issuer has revoked or suspended the credential. Both are best effort: offline, the wallet keeps
 * what it last learned.
 */
import type { AnchorProof } from "@fairledger/common";
import type { Fetch } from "./pickup.ts";

/**
 * What the issuer last said about a credential. `unknown-to-issuer`: it answered 404 — it has no record of
 * this digest (erased, or never its own), so nothing vouches for the paper any more and it is never "valid".
 */
export type IssuerStatus = "active" | "suspended" | "revoked" | "unknown-to-issuer";

/** Whom the worker asks about a suspended or revoked paper: its agency, and the authority over it. */
export interface StatusContact {
  role: "agency" | "authority";
  name: string;
  contact?: string;
}

export interface IssuerStatusAnswer {
  status: IssuerStatus;
  /** The issuer's words for a revocation or suspension, when its answer carries them. */
  reason?: string;
  contacts?: StatusContact[];
}

/** The JSON body of a 2xx answer; `not-found` for a 404; undefined when unreachable or any other answer. */
async function getJson(fetchFn: Fetch, url: string): Promise<Record<string, unknown> | "not-found" | undefined> {
  try {
    const response = await fetchFn(url, { headers: { accept: "application/json" } });
    if (response.status === 404) return "not-found";
    return response.ok ? ((await response.json()) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const MAX_REASON_CHARS = 300;

/** Text from the network, shown as text (never HTML): bounded and stripped of control characters. */
function cleanText(value: unknown, max: number): string | undefined {
  if (typeof value !== "string") return undefined;
  const clean = [...value]
    .map((char) => (char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f ? " " : char))
    .join("")
    .trim();
  return clean === "" ? undefined : clean.slice(0, max);
}

/** The contacts of a status answer (at most four, each with a name and a known role); malformed ones are left out. */
function contactsOf(body: Record<string, unknown>): StatusContact[] {
  if (!Array.isArray(body.contacts)) return [];
  return body.contacts.slice(0, 4).flatMap((item: unknown) => {
    const { role, name, contact } = (item ?? {}) as Record<string, unknown>;
    const cleanName = cleanText(name, 200);
    if ((role !== "agency" && role !== "authority") || !cleanName) return [];
    const cleanContact = cleanText(contact, 300);
    return [{ role, name: cleanName, ...(cleanContact ? { contact: cleanContact } : {}) }];
  });
}

/** Reason words from a status answer: `reason` as text, or `{ words }` / `{ name }` (the licence-reason shape). */
function reasonOf(body: Record<string, unknown>): string | undefined {
  const reason = body.reason;
  const words =
    typeof reason === "string"
      ? reason
      : reason && typeof reason === "object"
        ? ((reason as { words?: unknown }).words ?? (reason as { name?: unknown }).name)
        : undefined;
  return cleanText(words, MAX_REASON_CHARS);
}

export async function fetchAnchor(fetchFn: Fetch, issuer: string, digest: string): Promise<AnchorProof | undefined> {
  const body = await getJson(fetchFn, `${issuer}/credentials/${digest}/anchor`);
  if (body === "not-found" || body?.status !== "anchored" || typeof body.anchor !== "object" || body.anchor === null)
    return undefined;
  return body.anchor as AnchorProof;
}

export async function fetchIssuerStatus(
  fetchFn: Fetch,
  issuer: string,
  digest: string,
): Promise<IssuerStatusAnswer | undefined> {
  const body = await getJson(fetchFn, `${issuer}/credentials/${digest}/status`);
  if (body === "not-found") return { status: "unknown-to-issuer" };
  const status = body?.status;
  if (status === "active") return { status };
  if (status !== "suspended" && status !== "revoked") return undefined;
  const reason = reasonOf(body as Record<string, unknown>);
  const contacts = contactsOf(body as Record<string, unknown>);
  return { status, ...(reason ? { reason } : {}), ...(contacts.length > 0 ? { contacts } : {}) };
}
