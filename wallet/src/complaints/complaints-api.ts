/**
 * The wallet's side of filing a complaint with the service that issued the paper: a single-use nonce
 * (POST /complaints/nonce), a presentation of the paper that discloses nothing but proves the holder key
 * (key-binding JWT over that nonce and the service's audience, made by build-presentation.ts like any
 * presentation), then POST /complaints; and the status read with the access token.
 */
import { WalletError } from "../lib/errors.ts";
import type { Fetch } from "../pickup/pickup.ts";
import { buildPresentation } from "../present/build-presentation.ts";
import { COMPLAINT_STAGES, type ComplaintCategory, type ComplaintStage } from "./complaint-rules.ts";

export interface ComplaintDraft {
  category: ComplaintCategory;
  text: string;
  photo?: { mediaType: string; data: string };
  shareIdentityWithAgency: boolean;
}

export interface FiledComplaint {
  reference: string;
  accessToken: string;
  status: ComplaintStage;
  filedAt: string;
}

export interface ComplaintStatus {
  status: ComplaintStage;
  outcome: string | null;
}

async function call(fetchFn: Fetch, url: string, init: RequestInit): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetchFn(url, init);
  } catch (error) {
    throw new WalletError("ERR_ISSUER_UNREACHABLE", `cannot reach ${url}`, { cause: error });
  }
  const body: unknown = await response.json().catch(() => undefined);
  return { status: response.status, body };
}

const detailOf = (body: unknown) =>
  typeof (body as { detail?: unknown })?.detail === "string" ? (body as { detail: string }).detail : "";

export async function fileComplaint(
  fetchFn: Fetch,
  issuer: string,
  credential: string,
  holderPrivateKey: CryptoKey,
  draft: ComplaintDraft,
  now: Date,
): Promise<FiledComplaint> {
  const nonce = await call(fetchFn, `${issuer}/complaints/nonce`, { method: "POST" });
  const { nonce: value, audience } = (nonce.body ?? {}) as { nonce?: unknown; audience?: unknown };
  if (nonce.status !== 201 || typeof value !== "string" || typeof audience !== "string")
    throw new WalletError("ERR_COMPLAINT_REFUSED", `no complaint nonce: ${detailOf(nonce.body)}`);
  // Nothing disclosed: the service needs only to know the worker holds a valid paper of the case.
  const presentation = await buildPresentation(
    credential,
    new Set(),
    { aud: audience, nonce: value, claims: [] },
    holderPrivateKey,
    now,
  );
  const filed = await call(fetchFn, `${issuer}/complaints`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ presentation, nonce: value, ...draft }),
  });
  if (filed.status === 409) throw new WalletError("ERR_COMPLAINT_ALREADY_OPEN", detailOf(filed.body));
  if (filed.status === 400) throw new WalletError("ERR_COMPLAINT_INVALID", detailOf(filed.body));
  if (filed.status !== 201) throw new WalletError("ERR_COMPLAINT_REFUSED", detailOf(filed.body));
  const answer = filed.body as Partial<FiledComplaint>;
  if (typeof answer.reference !== "string" || typeof answer.accessToken !== "string")
    throw new WalletError("ERR_COMPLAINT_REFUSED", "the service's answer has no reference");
  return {
    reference: answer.reference,
    accessToken: answer.accessToken,
    status: "filed",
    filedAt: typeof answer.filedAt === "string" ? answer.filedAt : now.toISOString(),
  };
}

/** The service's answer about a complaint; undefined when it cannot be reached (the last answer stays). */
export async function fetchComplaintStatus(
  fetchFn: Fetch,
  issuer: string,
  reference: string,
  accessToken: string,
): Promise<ComplaintStatus | undefined> {
  let answer;
  try {
    answer = await call(fetchFn, `${issuer}/complaints/${encodeURIComponent(reference)}`, {
      headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
    });
  } catch {
    return undefined;
  }
  if (answer.status !== 200) return undefined;
  const body = answer.body as { status?: unknown; outcome?: unknown };
  const status = COMPLAINT_STAGES.find((stage) => stage === body.status);
  if (!status) return undefined;
  // Shown as text, never HTML; bounded like every other string from the network.
  const outcome = typeof body.outcome === "string" ? body.outcome.slice(0, 4000) : null;
  return { status, outcome };
}
