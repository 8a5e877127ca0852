/**
 * A wallet's answer (direct_post to the response_uri): the request with this `state` is claimed first
 * (answerable once; expired or unknown refused), then the answer is verified by @fairledger/verifier —
 * DCQL satisfied, and every presentation through all of FairLedger's checks with the request's
 * client_id and nonce — and the verdict stored for the desk. The anchor proof comes from this service's
 * own outbox when it issued the credential; the chain is asked for the rest.
 */
import {
  Openid4vpError,
  requestPayloadOf,
  verifyAuthorizationResponse,
  type AnchorLookup,
  type AuthorizationResponse,
  type ResponseVerdict,
  type TrustSource,
  type UsedNonceStore,
} from "@fairledger/verifier";
import type { Openid4vpRequestsRepository } from "../store/openid4vp-requests-repository.ts";

export interface AnswerServices {
  requests: Openid4vpRequestsRepository;
  trust: () => TrustSource;
  anchors: AnchorLookup;
  usedNonces: UsedNonceStore;
  /** Milliseconds. */
  now: () => number;
}

export async function answerPresentationRequest(
  services: AnswerServices,
  response: AuthorizationResponse,
): Promise<ResponseVerdict> {
  const now = Math.floor(services.now() / 1000);
  if (typeof response.state !== "string" || response.state.length === 0 || response.state.length > 100)
    throw new Openid4vpError("ERR_VP_UNKNOWN_STATE", "the response has no usable state");
  // Throws Openid4vpError (unknown, expired, answered): nothing stored, nothing verified.
  const request = services.requests.claim(response.state, now);
  const verdict = await verifyAuthorizationResponse(requestPayloadOf(request.requestObject), response, {
    trust: services.trust(),
    anchors: services.anchors,
    usedNonces: services.usedNonces,
    now,
  });
  services.requests.recordVerdict(request.id, verdict);
  return verdict;
}
