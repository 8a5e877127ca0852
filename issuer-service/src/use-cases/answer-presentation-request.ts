/**
 * A wallet's answer (direct_post to the response_uri): the request with this `state` is claimed first
 * (answerable once; expired or unknown refused), then the answer is verified by @fairledger/verifier —
 * DCQL satisfied, and every presentation through all of FairLedger's checks with the request's
 * client_id and nonce — and the verdict stored for the desk. The anchor proof comes from this service's
 * own outbox when it issued the credential; the chain is asked for the rest.
 */
import {
  Openid4vpError,
  refusedVerdict,
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

function claimable(state: unknown): string {
  if (typeof state !== "string" || state.length === 0 || state.length > 100)
    throw new Openid4vpError("ERR_VP_UNKNOWN_STATE", "the response has no usable state");
  return state;
}

/**
 * The wallet's error response (OpenID4VP 1.0 §8.5: the worker declined, or has no matching paper): it
 * answers the request as much as a vp_token does, so it claims it, and the desk sees the wallet's words.
 */
export function recordDeclined(
  services: Pick<AnswerServices, "requests" | "now">,
  response: { state?: unknown; error: string; error_description?: unknown },
): ResponseVerdict {
  const now = Math.floor(services.now() / 1000);
  const request = services.requests.claim(claimable(response.state), now);
  const description = typeof response.error_description === "string" ? `: ${response.error_description}` : "";
  const verdict = refusedVerdict(
    new Openid4vpError(
      "ERR_VP_DECLINED",
      `the wallet answered ${response.error.slice(0, 64)}${description.slice(0, 300)}`,
    ),
    now,
  );
  services.requests.recordVerdict(request.id, verdict);
  return verdict;
}

export async function answerPresentationRequest(
  services: AnswerServices,
  response: AuthorizationResponse,
): Promise<ResponseVerdict> {
  const now = Math.floor(services.now() / 1000);
  // Throws Openid4vpError (unknown, expired, answered): nothing stored, nothing verified.
  const request = services.requests.claim(claimable(response.state), now);
  const verdict = await verifyAuthorizationResponse(requestPayloadOf(request.requestObject), response, {
    trust: services.trust(),
    anchors: services.anchors,
    usedNonces: services.usedNonces,
    now,
  });
  services.requests.recordVerdict(request.id, verdict);
  return verdict;
}
