/**
 * Verifying a wallet's answer to one of this verifier's requests (OpenID4VP 1.0 §8): the `state` is the
 * request's and it has not expired; the `vp_token` is a 1.0 object; its presentations answer the DCQL
 * query (`dcql`); then each presentation runs through `verify` with every one of FairLedger's checks,
 * its key-binding JWT bound to audience = the request's client_id and nonce = the request's nonce, its
 * anchor proof fetched through the lookup. The verdict is what the desk shows: refused before the
 * checks (with the reason), or each presentation's ordered list of checks.
 */
import { credentialDigest } from "@fairledger/common/node";
import { outcomeOf, type Outcome, type VerificationResult } from "../result.ts";
import type { TrustSource } from "../trust/trust-source.ts";
import type { UsedNonceStore } from "../replay/used-nonces.ts";
import { decodeInputText } from "../input/decode-input.ts";
import { spendNonce, verifyDecodedUnspent, type VerifyOptions } from "../verify.ts";
import { isVerifierError } from "../errors.ts";
import { isOpenid4vpError, Openid4vpError, type Openid4vpErrorCode } from "./errors.ts";
import type { AuthorizationRequestPayload } from "./authorization-request.ts";
import { parseVpToken } from "./vp-token.ts";
import { checkDcqlSatisfied } from "./dcql-satisfaction.ts";
import { subjectClaimsAsked } from "./border-query.ts";
import { noAnchorLookup, type AnchorLookup } from "./anchor-lookup.ts";

export interface PresentationVerdict {
  /** The DCQL credential query this presentation answers. */
  queryId: string;
  result: VerificationResult;
}

export interface ResponseVerdict {
  outcome: Outcome;
  /** Set when the response was refused before any credential check (the OAuth error went to the wallet). */
  refused?: { code: Openid4vpErrorCode; reason: string };
  presentations: PresentationVerdict[];
  /** Unix seconds. */
  verifiedAt: number;
}

/** An authorization response as posted (form fields or JSON): only these two members are read. */
export interface AuthorizationResponse {
  vp_token?: unknown;
  state?: unknown;
}

export interface ResponseVerificationOptions {
  trust: TrustSource;
  anchors?: AnchorLookup;
  /** Unix seconds (default: now). */
  now?: number;
  clockSkewSeconds?: number;
  presentationMaxAgeSeconds?: number;
  /** See VerifyOptions.usedNonces: the request's nonce is spent once, by the whole response. */
  usedNonces?: UsedNonceStore | null;
}

export function refusedVerdict(error: Openid4vpError, now: number): ResponseVerdict {
  return {
    outcome: "invalid",
    refused: { code: error.code, reason: error.message },
    presentations: [],
    verifiedAt: now,
  };
}

export async function verifyAuthorizationResponse(
  request: AuthorizationRequestPayload,
  response: AuthorizationResponse,
  options: ResponseVerificationOptions,
): Promise<ResponseVerdict> {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  try {
    if (response.state !== request.state)
      throw new Openid4vpError("ERR_VP_UNKNOWN_STATE", "the response's state is not this request's");
    if (now >= request.exp) throw new Openid4vpError("ERR_VP_REQUEST_EXPIRED", "this request has expired");
    const vpToken = parseVpToken(response.vp_token, request.dcql_query);
    checkDcqlSatisfied(vpToken, request.dcql_query);
    return await verifyPresentations(request, vpToken, options, now);
  } catch (error) {
    if (isOpenid4vpError(error)) return refusedVerdict(error, now);
    throw error;
  }
}

async function verifyPresentations(
  request: AuthorizationRequestPayload,
  vpToken: Record<string, string[]>,
  options: ResponseVerificationOptions,
  now: number,
): Promise<ResponseVerdict> {
  const anchors = options.anchors ?? noAnchorLookup;
  const base: VerifyOptions = {
    trust: options.trust,
    audience: request.client_id,
    nonce: request.nonce,
    requirePresentation: true,
    now,
    clockSkewSeconds: options.clockSkewSeconds,
    presentationMaxAgeSeconds: options.presentationMaxAgeSeconds,
    usedNonces: options.usedNonces,
    // The desk shows inspectors' flags beside the verdict.
    readCaseFlags: true,
  };
  const unspent = [];
  for (const [queryId, presentations] of Object.entries(vpToken)) {
    for (const presentation of presentations) {
      let input;
      try {
        input = decodeInputText(presentation);
      } catch (error) {
        if (!isVerifierError(error)) throw error;
        throw new Openid4vpError("ERR_VP_RESPONSE_MALFORMED", error.message);
      }
      const [issuerJwt = ""] = input.token.split("~", 1);
      const anchor = input.anchor ?? (await anchors(credentialDigest(issuerJwt)));
      const verification = await verifyDecodedUnspent(
        { ...input, anchor },
        { ...base, requiredClaims: subjectClaimsAsked(request.dcql_query, queryId) },
      );
      unspent.push({ queryId, ...verification });
    }
  }
  // One request, one nonce: every presentation carries it, so it is spent once, by the whole response.
  const [first] = unspent;
  const allValid = unspent.every((entry) => entry.result.outcome === "valid");
  let presentations: PresentationVerdict[] = unspent.map(({ queryId, result }) => ({ queryId, result }));
  if (first && allValid) {
    const spent = await spendNonce(first.result, first.nonceUse, base);
    const replay = spent.checks.slice(first.result.checks.length);
    presentations = presentations.map(({ queryId, result }) => {
      const checks = [...result.checks, ...replay];
      const outcome = outcomeOf(checks);
      return { queryId, result: { ...result, checks, outcome, verified: outcome === "valid" } };
    });
  }
  const outcome = outcomeOf(presentations.flatMap(({ result }) => result.checks));
  return { outcome, presentations, verifiedAt: now };
}
