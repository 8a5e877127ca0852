/**
 * A verifier's presentation request (README protocol step 5), pasted, scanned, or typed as nonce and
 * audience. Only its shape is checked here: the wallet shows the worker what is asked and the worker
 * decides.
 */
import { isCredentialType, type CredentialType } from "@fairledger/common/credential-types";
import { WalletError } from "../lib/errors.ts";

export const PRESENTATION_REQUEST_TYPE = "FairLedgerPresentationRequest";

export interface PresentationRequest {
  aud: string;
  nonce: string;
  credentialType?: CredentialType;
  claims: string[];
}

const PRINTABLE = /^[\x21-\x7e]{1,512}$/;

export function parsePresentationRequest(text: string): PresentationRequest {
  let value: unknown;
  try {
    value = JSON.parse(text.trim());
  } catch (cause) {
    throw new WalletError("ERR_REQUEST_INVALID", "the request is not JSON", { cause });
  }
  const record = (value ?? {}) as Record<string, unknown>;
  if (record.type !== PRESENTATION_REQUEST_TYPE) {
    throw new WalletError("ERR_REQUEST_INVALID", `the request's type is not ${PRESENTATION_REQUEST_TYPE}`);
  }
  const claims = Array.isArray(record.claims) ? record.claims.filter((c): c is string => typeof c === "string") : [];
  const credentialType = isCredentialType(record.credentialType) ? record.credentialType : undefined;
  return manualPresentationRequest(String(record.nonce ?? ""), String(record.aud ?? ""), credentialType, claims);
}

export function manualPresentationRequest(
  nonce: string,
  aud: string,
  credentialType?: CredentialType,
  claims: string[] = [],
): PresentationRequest {
  if (!PRINTABLE.test(nonce)) throw new WalletError("ERR_REQUEST_INVALID", "the nonce is missing or not printable");
  if (!PRINTABLE.test(aud)) throw new WalletError("ERR_REQUEST_INVALID", "the audience is missing or not printable");
  return { nonce, aud, credentialType, claims };
}
