/**
 * Reading what the worker enters to pick up a credential: an OpenID4VCI credential offer URI
 * (`openid-credential-offer://?credential_offer=<json>`) or a bare one-time code for the issuer that
 * served this page.
 */
import { WalletError } from "../lib/errors.ts";

export const PRE_AUTHORIZED_GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code";
const OFFER_SCHEME = "openid-credential-offer://";
/** The service's codes are 10 characters; accept a little slack around that, never free text. */
const CODE = /^[A-Za-z0-9_-]{6,64}$/;

/** The offer's `tx_code` object: the issuer will ask for a PIN the agency gave the worker apart from the code. */
export interface TxCodeRequest {
  length?: number;
  numeric: boolean;
  description?: string;
}

export interface PickupOffer {
  /** Issuer identifier: where its metadata lives, and the proof's `aud`. */
  issuer: string;
  preAuthorizedCode: string;
  credentialConfigurationIds: string[];
  /** Present when the offer says a PIN is needed; a bare code cannot say so (the issuer asks at /token). */
  txCode?: TxCodeRequest;
}

export function parsePickupInput(input: string, sameOriginIssuer: string): PickupOffer {
  const text = input.trim();
  if (text.startsWith(OFFER_SCHEME)) return parseOfferUri(text);
  const code = text.replace(/\s/g, "");
  if (!CODE.test(code)) throw new WalletError("ERR_CODE_INVALID", "not a pickup code or credential offer");
  return { issuer: sameOriginIssuer, preAuthorizedCode: code, credentialConfigurationIds: [] };
}

export function parseOfferUri(uri: string): PickupOffer {
  let offer: unknown;
  try {
    const query = new URL(uri.replace(OFFER_SCHEME, "https://offer.invalid/")).searchParams;
    const inline = query.get("credential_offer");
    if (!inline) throw new Error("credential_offer missing (credential_offer_uri is not supported offline)");
    offer = JSON.parse(inline);
  } catch (cause) {
    throw new WalletError("ERR_OFFER_INVALID", "the credential offer cannot be read", { cause });
  }
  const record = offer as {
    credential_issuer?: unknown;
    credential_configuration_ids?: unknown;
    grants?: Record<string, { "pre-authorized_code"?: unknown; tx_code?: unknown } | undefined>;
  };
  const issuer = record.credential_issuer;
  const code = record.grants?.[PRE_AUTHORIZED_GRANT]?.["pre-authorized_code"];
  if (typeof issuer !== "string" || !/^https?:\/\//.test(issuer)) {
    throw new WalletError("ERR_OFFER_INVALID", "the credential offer names no http(s) issuer");
  }
  if (typeof code !== "string" || !CODE.test(code)) {
    throw new WalletError("ERR_OFFER_INVALID", "the credential offer has no pre-authorized code");
  }
  const ids = Array.isArray(record.credential_configuration_ids)
    ? record.credential_configuration_ids.filter((id): id is string => typeof id === "string")
    : [];
  const txCode = txCodeRequest(record.grants?.[PRE_AUTHORIZED_GRANT]?.tx_code);
  return {
    issuer: issuer.replace(/\/+$/, ""),
    preAuthorizedCode: code,
    credentialConfigurationIds: ids,
    ...(txCode ? { txCode } : {}),
  };
}

/** OpenID4VCI 1.0 §4.1.1: `tx_code` is an object (possibly empty) when a PIN is needed. */
function txCodeRequest(value: unknown): TxCodeRequest | undefined {
  if (value === undefined || value === null || typeof value !== "object") return undefined;
  const { length, input_mode: inputMode, description } = value as Record<string, unknown>;
  return {
    numeric: inputMode === undefined || inputMode === "numeric",
    ...(typeof length === "number" && Number.isInteger(length) && length > 0 ? { length } : {}),
    ...(typeof description === "string" ? { description: description.slice(0, 300) } : {}),
  };
}
