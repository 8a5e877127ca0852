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

export interface PickupOffer {
  /** Issuer base URL: the proof's `aud`, and where /token and /credential live. */
  issuer: string;
  preAuthorizedCode: string;
  credentialConfigurationIds: string[];
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
    grants?: Record<string, { "pre-authorized_code"?: unknown } | undefined>;
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
  return { issuer: issuer.replace(/\/+$/, ""), preAuthorizedCode: code, credentialConfigurationIds: ids };
}
