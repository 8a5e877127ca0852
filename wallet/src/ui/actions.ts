/** What the buttons do: pick up, refresh status and anchor, read a request, make the presentation QR. */
import { describeCredential } from "../credentials/describe.ts";
import { removeCredential, saveCredential, type StoredCredential } from "../credentials/stored-credential.ts";
import { credentialDigest } from "../lib/sd-jwt.ts";
import { parsePickupInput } from "../pickup/offer.ts";
import { fetchAnchor, fetchIssuerStatus } from "../pickup/ledger-status.ts";
import { pickUpCredential } from "../pickup/pickup.ts";
import { buildPresentation } from "../present/build-presentation.ts";
import { defaultDisclosures } from "../present/disclosure-choice.ts";
import { OFFLINE_QR_CHARS, encodeOfflineQr, splitOfflineQr } from "@fairledger/common";
import { manualPresentationRequest, parsePresentationRequest } from "../present/request.ts";
import type { WalletState } from "./state.ts";
import { checkContract } from "../credentials/contract-check.ts";

/** The issuer that served this page: the wallet lives at <issuer>/wallet/. */
export function sameOriginIssuer(): string {
  return new URL("..", document.baseURI).href.replace(/\/+$/, "");
}

/** Picks up with the code or offer in `input`; `txCode` is the PIN, when the offer (or the issuer) asks for one. */
export async function pickUp(state: WalletState, input: string, txCode?: string): Promise<StoredCredential> {
  const offer = parsePickupInput(input, sameOriginIssuer());
  let contractDocument: StoredCredential["contractDocument"];
  const credential = await pickUpCredential(fetch.bind(globalThis), offer, state.holder, {
    txCode,
    onContractDocument: (document) => (contractDocument = document),
  });
  const view = await describeCredential(credential);
  const entry: StoredCredential = {
    digest: await credentialDigest(credential),
    credential,
    issuer: offer.issuer,
    receivedAt: new Date().toISOString(),
    ...(contractDocument ? { contractDocument } : {}),
  };
  state.views.set(entry.digest, view);
  state.contractChecks.set(entry.digest, await checkContract(entry, view));
  state.credentials = await saveCredential(state.store, entry);
  await refreshLedgerInfo(state, entry);
  return entry;
}

/** Asks the issuer for status and (until it has one) the anchor proof; keeps the last answers offline. */
export async function refreshLedgerInfo(state: WalletState, entry: StoredCredential): Promise<void> {
  const [answer, anchor] = await Promise.all([
    fetchIssuerStatus(fetch.bind(globalThis), entry.issuer, entry.digest),
    entry.anchor ? Promise.resolve(entry.anchor) : fetchAnchor(fetch.bind(globalThis), entry.issuer, entry.digest),
  ]);
  if (answer === undefined && anchor === entry.anchor) return;
  // A fresh answer replaces the last one whole (a reinstated paper loses its old reason); with none, the
  // last answer stays, as offline.
  const { statusReason: _previousReason, statusContacts: _previousContacts, ...rest } = entry;
  const updated: StoredCredential = answer
    ? {
        ...rest,
        issuerStatus: answer.status,
        ...(answer.reason ? { statusReason: answer.reason } : {}),
        ...(answer.contacts ? { statusContacts: answer.contacts } : {}),
        anchor,
        checkedAt: new Date().toISOString(),
      }
    : { ...entry, anchor };
  state.credentials = await saveCredential(state.store, updated);
}

export function readRequest(state: WalletState, text: string, nonce: string, aud: string): void {
  state.online = undefined;
  state.request =
    text.trim() !== "" ? parsePresentationRequest(text) : manualPresentationRequest(nonce.trim(), aud.trim());
  const wanted = state.request.credentialType;
  const match = state.credentials.find((entry) => !wanted || state.views.get(entry.digest)?.type === wanted);
  selectCredential(state, match?.digest ?? state.credentials[0]?.digest);
}

/**
 * An OpenID4VP link (openid4vp://…): the signed request is fetched and checked (present/online), the
 * worker's papers matched against its DCQL query, and the form shows what it asks, as for a QR request.
 */
export async function readOnlineRequestInto(state: WalletState, link: string): Promise<void> {
  const { homeServiceKeyResolver, matchOnlineRequest, readOnlineRequest } = await import("../present/online/index.ts");
  const fetchFn = fetch.bind(globalThis);
  const request = await readOnlineRequest(link, {
    fetch: fetchFn,
    resolveClientKey: homeServiceKeyResolver(sameOriginIssuer(), fetchFn),
    now: new Date(),
  });
  const candidates = state.credentials.flatMap((entry) => {
    const view = state.views.get(entry.digest);
    return view ? [{ digest: entry.digest, view, vct: view.vct }] : [];
  });
  const match = matchOnlineRequest(request.dcqlQuery, candidates);
  state.online = { request, queryId: match.queryId, sent: false };
  state.request = {
    aud: request.clientName ?? request.clientId,
    nonce: request.nonce,
    claims: match.claims,
    ...(match.credentialType ? { credentialType: match.credentialType } : {}),
  };
  selectCredential(state, match.digests[0] ?? state.credentials[0]?.digest);
}

/** Sends the chosen disclosures to the verifier (direct_post), bound to its client_id and nonce. */
export async function sendOnlineAnswerFromState(state: WalletState): Promise<void> {
  const entry = state.credentials.find((candidate) => candidate.digest === state.selectedDigest);
  const online = state.online;
  if (!entry || !online) return;
  const { sendOnlineAnswer, vpTokenOf } = await import("../present/online/index.ts");
  const presentation = await buildPresentation(
    entry.credential,
    state.chosen,
    { aud: online.request.clientId, nonce: online.request.nonce, claims: [] },
    state.holder.privateKey,
    new Date(),
  );
  await sendOnlineAnswer(fetch.bind(globalThis), online.request, vpTokenOf(online.queryId, presentation));
  online.sent = true;
}

export function selectCredential(state: WalletState, digest: string | undefined): void {
  state.selectedDigest = digest;
  const view = digest ? state.views.get(digest) : undefined;
  state.chosen = view ? defaultDisclosures(view.type, view.disclosable) : new Set();
  state.offlineQr = undefined;
  state.qrParts = [];
  state.qrPartIndex = 0;
}

/**
 * The DCQL credential query id the offline QR files a presentation under when the request was not an
 * OpenID4VP one (a FairLedger request names no query).
 */
export const OFFLINE_QUERY_ID = "fairledger";

/**
 * Makes the presentation and its offline QR: one code when `maxChars` (what this screen shows sharply,
 * offlineQrCharsFor) holds it, else parts of that size shown one at a time.
 */
export async function makePresentationQr(state: WalletState, maxChars: number): Promise<void> {
  const entry = state.credentials.find((candidate) => candidate.digest === state.selectedDigest);
  if (!entry || !state.request) return;
  const presentation = await buildPresentation(
    entry.credential,
    state.chosen,
    state.request,
    state.holder.privateKey,
    new Date(),
  );
  state.offlineQr = await encodeOfflineQr({
    presentations: [{ queryId: OFFLINE_QUERY_ID, format: "vc+sd-jwt", token: presentation, anchor: entry.anchor }],
  });
  state.qrParts = await splitOfflineQr(state.offlineQr, maxChars);
  state.qrPartIndex = 0;
}

/** Parts of the fallback: never above version 21, nor above what this screen shows sharply. */
export function partCharsFor(maxChars: number): number {
  return Math.min(maxChars, OFFLINE_QR_CHARS.part);
}

/** Switches between the one code (when the screen holds it) and smaller parts shown one at a time. */
export async function showQrAsParts(state: WalletState, asParts: boolean, maxChars: number): Promise<void> {
  if (!state.offlineQr) return;
  state.qrParts = await splitOfflineQr(state.offlineQr, asParts ? partCharsFor(maxChars) : maxChars);
  state.qrPartIndex = 0;
}

export async function forgetCredential(state: WalletState, digest: string): Promise<void> {
  state.credentials = await removeCredential(state.store, digest);
  state.views.delete(digest);
  if (state.selectedDigest === digest) selectCredential(state, state.credentials[0]?.digest);
}
