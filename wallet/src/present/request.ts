/**
 * A verifier's presentation request (README protocol step 5), pasted, scanned, or typed as nonce and
 * audience. The format and its parser are @fairledger/common's (presentation-request.ts), shared with
 * the verifier CLI that writes it; here its errors become the wallet's, so the page can word them.
 */
import {
  isFairLedgerError,
  manualPresentationRequest as manualRequest,
  parsePresentationRequest as parseRequest,
  type CredentialType,
  type PresentationRequest,
} from "@fairledger/common";
import { WalletError } from "../lib/errors.ts";

export { PRESENTATION_REQUEST_TYPE, type PresentationRequest } from "@fairledger/common";

function asWalletError<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (isFairLedgerError(error, "ERR_REQUEST_INVALID"))
      throw new WalletError("ERR_REQUEST_INVALID", error.message, { cause: error });
    throw error;
  }
}

export function parsePresentationRequest(text: string): PresentationRequest {
  return asWalletError(() => parseRequest(text));
}

export function manualPresentationRequest(
  nonce: string,
  aud: string,
  credentialType?: CredentialType,
  claims: string[] = [],
): PresentationRequest {
  return asWalletError(() => manualRequest(nonce, aud, credentialType, claims));
}
