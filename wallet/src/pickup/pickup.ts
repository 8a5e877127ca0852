/**
 * Picking up a credential (README "Pickup and presentation protocol", steps 2–3): exchange the
 * one-time code for an access token and c_nonce at /token, then prove possession of the holder key
 * with an `openid4vci-proof+jwt` at /credential. The returned SD-JWT must bind exactly that key.
 */
import { WalletError } from "../lib/errors.ts";
import { signJwt } from "../lib/es256.ts";
import { sameJwk, type HolderKey } from "../lib/holder-key.ts";
import { sdJwtInstance } from "../lib/sd-jwt.ts";
import { PRE_AUTHORIZED_GRANT, type PickupOffer } from "./offer.ts";

export type Fetch = typeof fetch;

interface TokenResponse {
  access_token: string;
  c_nonce?: string;
}

async function postJson(fetchFn: Fetch, url: string, init: RequestInit): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetchFn(url, init);
  } catch (cause) {
    throw new WalletError("ERR_ISSUER_UNREACHABLE", `cannot reach ${url}`, { cause });
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const code = response.status === 400 || response.status === 401 ? "ERR_CODE_INVALID" : "ERR_ISSUER_REFUSED";
    throw new WalletError(code, `${url} answered ${response.status} ${String(body.error ?? body.code ?? "")}`);
  }
  return body;
}

export async function requestToken(fetchFn: Fetch, offer: PickupOffer): Promise<TokenResponse> {
  const body = await postJson(fetchFn, `${offer.issuer}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({ grant_type: PRE_AUTHORIZED_GRANT, "pre-authorized_code": offer.preAuthorizedCode }),
  });
  if (typeof body.access_token !== "string")
    throw new WalletError("ERR_ISSUER_REFUSED", "token response without access_token");
  return { access_token: body.access_token, c_nonce: typeof body.c_nonce === "string" ? body.c_nonce : undefined };
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

function credentialFromResponse(body: Record<string, unknown>): string | undefined {
  if (typeof body.credential === "string") return body.credential;
  // OpenID4VCI 1.0 answers with a list.
  const first = Array.isArray(body.credentials)
    ? (body.credentials[0] as { credential?: unknown } | string)
    : undefined;
  if (typeof first === "string") return first;
  return typeof first?.credential === "string" ? first.credential : undefined;
}

export async function pickUpCredential(
  fetchFn: Fetch,
  offer: PickupOffer,
  holder: HolderKey,
  now = new Date(),
): Promise<string> {
  const token = await requestToken(fetchFn, offer);
  const body = await postJson(fetchFn, `${offer.issuer}/credential`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json",
      authorization: `Bearer ${token.access_token}`,
    },
    body: JSON.stringify({
      format: "vc+sd-jwt",
      ...(offer.credentialConfigurationIds[0]
        ? { credential_configuration_id: offer.credentialConfigurationIds[0] }
        : {}),
      proof: { proof_type: "jwt", jwt: await proofJwt(holder, offer.issuer, token.c_nonce, now) },
    }),
  });
  const credential = credentialFromResponse(body);
  if (!credential) throw new WalletError("ERR_CREDENTIAL_INVALID", "credential response without an SD-JWT");
  await assertBoundToHolder(credential, holder);
  return credential;
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
