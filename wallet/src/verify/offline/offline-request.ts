/**
 * The desk's offline presentation request (the FairLedger request format of @fairledger/common, the one
 * `fairledger request` writes): this desk's audience and a fresh nonce per traveller. The worker's wallet
 * scans it, signs its key binding for exactly these two, and shows its offline QR; the verifier then holds
 * the presentation to them, as `fairledger verify --aud --nonce` does. The audience is this desk's own,
 * made once and kept; the nonce lives in sessionStorage until the traveller's papers are checked.
 */
import { PRESENTATION_REQUEST_TYPE, bytesToBase64url } from "@fairledger/common";

const AUDIENCE_ITEM = "fairledger-verify-offline-audience";
const REQUEST_ITEM = "fairledger-verify-offline-request";

export interface OfflineRequest {
  aud: string;
  nonce: string;
}

const randomText = (bytes: number) => bytesToBase64url(crypto.getRandomValues(new Uint8Array(bytes)));

function deskAudience(): string {
  let aud = localStorage.getItem(AUDIENCE_ITEM);
  if (!aud) {
    aud = `fairledger-border-desk:${randomText(12)}`;
    localStorage.setItem(AUDIENCE_ITEM, aud);
  }
  return aud;
}

export function newOfflineRequest(): OfflineRequest {
  const request = { aud: deskAudience(), nonce: randomText(16) };
  sessionStorage.setItem(REQUEST_ITEM, JSON.stringify(request));
  return request;
}

export function currentOfflineRequest(): OfflineRequest | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(REQUEST_ITEM) ?? "null") as Partial<OfflineRequest> | null;
    return value && typeof value.aud === "string" && typeof value.nonce === "string"
      ? { aud: value.aud, nonce: value.nonce }
      : null;
  } catch {
    return null;
  }
}

/** The traveller's papers were checked: this nonce is not offered again. */
export const endOfflineRequest = (): void => sessionStorage.removeItem(REQUEST_ITEM);

/** The request as the wallet reads it (JSON, shown as a QR and as two lines to type). */
export const requestText = (request: OfflineRequest): string =>
  JSON.stringify({ type: PRESENTATION_REQUEST_TYPE, aud: request.aud, nonce: request.nonce });
