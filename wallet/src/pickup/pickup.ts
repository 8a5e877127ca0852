/**
 * Picking up a credential with OpenID4VCI 1.0 (README "Pickup and presentation protocol", steps 2–3):
 * read the issuer's metadata, exchange the one-time code (and the PIN, when the offer has one) for an
 * access token, fetch a c_nonce, and prove possession of the holder key with an `openid4vci-proof+jwt`
 * for an SD-JWT VC configuration of the offer. The returned SD-JWT must bind exactly that key.
 *
 * Refusals of the code are told apart (`reason` beside `invalid_grant`), so the worker reads whether to
 * retype it, enter the PIN, or ask the agency for a fresh one.
 */
import { WalletError, type WalletErrorCode } from "../lib/errors.ts";
import { signJwt } from "../lib/es256.ts";
import { sameJwk, type HolderKey } from "../lib/holder-key.ts";
import { sdJwtInstance } from "../lib/sd-jwt.ts";
import { discoverIssuer, type IssuerEndpoints } from "./metadata.ts";
import { PRE_AUTHORIZED_GRANT, type PickupOffer } from "./offer.ts";
import { contractDocumentOf, type ReceivedContractDocument } from "./contract-document.ts";

export type Fetch = typeof fetch;

/** The only format this wallet keeps: SD-JWT VCs (selective disclosure at the border). */
const HELD_FORMAT = "dc+sd-jwt";

/** What the issuer said was wrong with the code or PIN → the sentence the worker reads. */
const CODE_REFUSALS: Record<string, WalletErrorCode> = {
  unknown: "ERR_CODE_UNKNOWN",
  used: "ERR_CODE_USED",
  expired: "ERR_CODE_EXPIRED",
  blocked: "ERR_CODE_BLOCKED",
  tx_code_required: "ERR_PIN_REQUIRED",
  tx_code_wrong: "ERR_PIN_WRONG",
};

interface TokenResponse {
  access_token: string;
  c_nonce?: string;
  credential_configuration_ids?: string[];
}

class IssuerRefusal extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    url: string,
  ) {
    super(`${url} answered ${status} ${String(body.error ?? body.code ?? "")}`);
  }
}

async function post(fetchFn: Fetch, url: string, init: RequestInit): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetchFn(url, { method: "POST", ...init });
  } catch (cause) {
    throw new WalletError("ERR_ISSUER_UNREACHABLE", `cannot reach ${url}`, { cause });
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new IssuerRefusal(response.status, body, url);
  return body;
}

export async function requestToken(
  fetchFn: Fetch,
  endpoints: IssuerEndpoints,
  offer: PickupOffer,
  txCode: string | undefined,
): Promise<TokenResponse> {
  const form = new URLSearchParams({
    grant_type: PRE_AUTHORIZED_GRANT,
    "pre-authorized_code": offer.preAuthorizedCode,
  });
  if (txCode !== undefined) form.set("tx_code", txCode);
  let body: Record<string, unknown>;
  try {
    body = await post(fetchFn, endpoints.tokenEndpoint, {
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: form,
    });
  } catch (error) {
    if (!(error instanceof IssuerRefusal)) throw error;
    const refusal = CODE_REFUSALS[String(error.body.reason)];
    if (refusal) throw new WalletError(refusal, error.message);
    const invalid = error.status === 400 || error.status === 401;
    throw new WalletError(invalid ? "ERR_CODE_INVALID" : "ERR_ISSUER_REFUSED", error.message);
  }
  if (typeof body.access_token !== "string")
    throw new WalletError("ERR_ISSUER_REFUSED", "token response without access_token");
  return {
    access_token: body.access_token,
    ...(typeof body.c_nonce === "string" ? { c_nonce: body.c_nonce } : {}),
    ...(Array.isArray(body.credential_configuration_ids)
      ? { credential_configuration_ids: body.credential_configuration_ids.filter((id) => typeof id === "string") }
      : {}),
  };
}

export async function proofJwt(
  holder: HolderKey,
  issuer: string,
  nonce: string | undefined,
  now: Date,
): Promise<string> {
  const payload: Record<string, unknown> = { aud: issuer, iat: Math.floor(now.getTime() / 1000) };
  if (nonce !== undefined) payload.nonce = nonce;
  return signJwt(holder.privateKey, { typ: "openid4vci-proof+jwt", jwk: holder.publicJwk }, payload);
}

/** The offer's first SD-JWT VC configuration (a bare code learns the offered ones from the token response). */
function chooseConfiguration(endpoints: IssuerEndpoints, offer: PickupOffer, token: TokenResponse): string {
  const offered = offer.credentialConfigurationIds.length
    ? offer.credentialConfigurationIds
    : (token.credential_configuration_ids ?? []);
  const chosen = offered.find((id) => endpoints.formats.get(id) === HELD_FORMAT);
  if (!chosen)
    throw new WalletError("ERR_OFFER_UNSUPPORTED", `no ${HELD_FORMAT} configuration among ${offered.join(", ")}`);
  return chosen;
}

async function freshNonce(fetchFn: Fetch, endpoints: IssuerEndpoints, fallback: string | undefined) {
  if (!endpoints.nonceEndpoint) return fallback;
  try {
    const body = await post(fetchFn, endpoints.nonceEndpoint, { headers: { accept: "application/json" } });
    return typeof body.c_nonce === "string" ? body.c_nonce : fallback;
  } catch (error) {
    if (error instanceof IssuerRefusal) throw new WalletError("ERR_ISSUER_REFUSED", error.message);
    throw error;
  }
}

function credentialFromResponse(body: Record<string, unknown>): string | undefined {
  const first = Array.isArray(body.credentials)
    ? (body.credentials[0] as { credential?: unknown } | undefined)
    : undefined;
  if (typeof first?.credential === "string") return first.credential;
  // A draft-era issuer answers with one `credential`.
  return typeof body.credential === "string" ? body.credential : undefined;
}

export interface PickupOptions {
  /** The PIN the agency gave apart from the code, when the offer asks for one. */
  txCode?: string;
  now?: Date;
  /** Gets the contract document that came with the credential (contract-document.ts), when one did. */
  onContractDocument?: (document: ReceivedContractDocument) => void;
}

export async function pickUpCredential(
  fetchFn: Fetch,
  offer: PickupOffer,
  holder: HolderKey,
  options: PickupOptions = {},
): Promise<string> {
  if (offer.txCode && !options.txCode) throw new WalletError("ERR_PIN_REQUIRED", "the offer needs its PIN");
  const endpoints = await discoverIssuer(fetchFn, offer.issuer);
  const token = await requestToken(fetchFn, endpoints, offer, options.txCode);
  const configurationId = chooseConfiguration(endpoints, offer, token);
  const request = async (nonce: string | undefined) =>
    post(fetchFn, endpoints.credentialEndpoint, {
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        authorization: `Bearer ${token.access_token}`,
      },
      body: JSON.stringify({
        credential_configuration_id: configurationId,
        proofs: { jwt: [await proofJwt(holder, offer.issuer, nonce, options.now ?? new Date())] },
      }),
    });
  let body: Record<string, unknown>;
  try {
    try {
      body = await request(await freshNonce(fetchFn, endpoints, token.c_nonce));
    } catch (error) {
      // A nonce that expired between the two calls: one more try with a fresh one.
      if (!(error instanceof IssuerRefusal) || error.body.error !== "invalid_nonce") throw error;
      const next = typeof error.body.c_nonce === "string" ? error.body.c_nonce : undefined;
      body = await request(await freshNonce(fetchFn, endpoints, next));
    }
  } catch (error) {
    if (error instanceof IssuerRefusal) throw new WalletError("ERR_ISSUER_REFUSED", error.message);
    throw error;
  }
  const notify = (event: "credential_accepted" | "credential_failure") =>
    notifyIssuer(fetchFn, endpoints, token.access_token, body.notification_id, event);
  try {
    const credential = credentialFromResponse(body);
    if (!credential) throw new WalletError("ERR_CREDENTIAL_INVALID", "credential response without an SD-JWT");
    await assertBoundToHolder(credential, holder);
    const document = contractDocumentOf(body);
    if (document) options.onContractDocument?.(document);
    await notify("credential_accepted");
    return credential;
  } catch (error) {
    await notify("credential_failure");
    throw error;
  }
}

/**
 * Tells the issuer whether the credential was kept (1.0 §11), so the agency learns of a pickup that
 * failed. Best effort: a lost notification changes nothing for the worker, so its failure is ignored.
 */
async function notifyIssuer(
  fetchFn: Fetch,
  endpoints: IssuerEndpoints,
  accessToken: string,
  notificationId: unknown,
  event: "credential_accepted" | "credential_failure",
): Promise<void> {
  if (!endpoints.notificationEndpoint || typeof notificationId !== "string") return;
  try {
    await fetchFn(endpoints.notificationEndpoint, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ notification_id: notificationId, event }),
    });
  } catch {
    /* best effort */
  }
}

/** Refuses a credential that is not an SD-JWT bound to this wallet's key: it could never be presented. */
export async function assertBoundToHolder(credential: string, holder: HolderKey): Promise<void> {
  let payload: { cnf?: { jwk?: { x?: unknown; y?: unknown; crv?: unknown } } } | undefined;
  try {
    payload = (await sdJwtInstance().decode(credential)).jwt?.payload as typeof payload;
  } catch (cause) {
    throw new WalletError("ERR_CREDENTIAL_INVALID", "the issuer's answer is not an SD-JWT", { cause });
  }
  if (!sameJwk(payload?.cnf?.jwk, holder.publicJwk)) {
    throw new WalletError("ERR_CREDENTIAL_NOT_MINE", "the credential binds a different holder key");
  }
}
