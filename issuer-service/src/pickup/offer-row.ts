/**
 * What both halves of pickup read from an offer row: the credential type and the formats the wallet may
 * choose from (`<type>|<format>[,<format>]`; rows made before 1.0 hold one format), and how a tx_code PIN
 * is hashed for it.
 */
import { isCredentialType, type CredentialType } from "@fairledger/common";
import { ServiceError } from "../errors.ts";
import type { CredentialFormat } from "../credentials/issuer.ts";
import type { OfferRow } from "../store/offers-repository.ts";

export const PRE_AUTHORIZED_GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code";

export function offered(offer: OfferRow): { type: CredentialType; formats: CredentialFormat[] } {
  const [type, formats = ""] = offer.credential_type.split("|");
  if (!type || !isCredentialType(type)) throw new ServiceError("ERR_INTERNAL", "offer has an unknown credential type");
  return {
    type,
    formats: formats.split(",").filter((f): f is CredentialFormat => f === "vc+sd-jwt" || f === "vc-jwt"),
  };
}

/**
 * A PIN is stored as the service's keyed hash over it and its offer's id: a PIN has only 13–27 bits, so a
 * plain hash would fall to whoever reads the database, and equal PINs of two offers hash differently.
 */
export const txCodeHash = (keyedHash: (text: string) => string, offerId: string, txCode: string) =>
  keyedHash(`tx_code|${offerId}|${txCode}`);
