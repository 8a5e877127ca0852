/**
 * OpenID4VP 1.0 at a border post (use-cases/create-presentation-request.ts, answer-presentation-request.ts):
 *   POST /openid4vp/requests                       authority: a new request → link + QR PNG
 *   GET  /openid4vp/requests/{id}                  authority: the desk polls for the verdict
 *   GET  /openid4vp/requests/{id}/request-object   public: the signed request (application/oauth-authz-req+jwt)
 *   POST /openid4vp/responses                      public: the wallet's direct_post (vp_token + state)
 *   GET  /dids/{did}                               public: a did:ethr of this chain resolved from the chain,
 *                                                  and whether it is a licensing authority (the wallet has
 *                                                  no chain access: it checks who asks through its service)
 * The two public endpoints are OpenID endpoints: they answer `{ error, error_description }`, not problem+json.
 */
import { Router, urlencoded, type Response } from "express";
import { z } from "zod";
import { CREDENTIAL_TYPES, PURPOSE_CLAIMS, REQUEST_OBJECT_MEDIA_TYPE, ethrDid } from "@fairledger/common";
import {
  DEFAULT_REQUEST_LIFETIME_SECONDS,
  SqliteUsedNonceStore,
  isOpenid4vpError,
  requestPayloadOf,
  subjectClaimsAsked,
  oauthErrorOf,
  type AnchorLookup,
} from "@fairledger/verifier";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { principalOf } from "./auth.ts";
import { parseBody } from "./validate.ts";
import { createPresentationRequest } from "../use-cases/create-presentation-request.ts";
import { answerPresentationRequest, recordDeclined } from "../use-cases/answer-presentation-request.ts";
import type { Openid4vpRequest } from "../store/openid4vp-requests-repository.ts";
import { verifierTrust } from "./verifier-trust.ts";

export const createPresentationRequestBody = z
  .object({
    credentialType: z.enum(CREDENTIAL_TYPES).default("EmploymentContractCredential"),
    claims: z
      .array(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/))
      .min(1)
      .max(50)
      .optional()
      .describe("claims of credentialSubject to ask for (default: the type's purpose claims)"),
    askHolderName: z
      .boolean()
      .default(false)
      .describe("also ask for the holder's name (workerName), which the wallet shows the worker as personal"),
  })
  .strict();

/** The claim that names the holder: asked only when the officer ticks "ask for the name". */
export const HOLDER_NAME_CLAIM = "workerName";

/** The claims a request asks for: the body's (or the type's purpose claims), plus the name when asked. */
function claimsAsked(body: z.infer<typeof createPresentationRequestBody>): string[] | undefined {
  if (!body.askHolderName) return body.claims;
  const claims = body.claims ?? PURPOSE_CLAIMS[body.credentialType];
  return claims.includes(HOLDER_NAME_CLAIM) ? [...claims] : [...claims, HOLDER_NAME_CLAIM];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function oauthError(res: Response, status: number, error: string, description: string): void {
  res.setHeader("Cache-Control", "no-store");
  res.status(status).json({ error, error_description: description });
}

/** The anchor proof of a credential this service issued (from its outbox); none for others. */
function outboxAnchors(ctx: ServiceContext): AnchorLookup {
  return async (digest) => {
    try {
      return ctx.outbox.proofOf(digest.toLowerCase()) ?? undefined;
    } catch {
      return undefined; // the deployment is gone: `anchored` will say it cannot find the proof
    }
  };
}

/** The subject claims the request asked for, per DCQL credential query id: the desk tells "not given" from "not asked". */
function askedOf(request: Openid4vpRequest): Record<string, string[]> {
  const query = requestPayloadOf(request.requestObject).dcql_query;
  return Object.fromEntries(query.credentials.map(({ id }) => [id, subjectClaimsAsked(query, id)]));
}

/** What the desk sees of a request: pending, expired, or answered with its verdict. */
function requestView(request: Openid4vpRequest, nowSeconds: number) {
  const status =
    request.answeredAt !== null
      ? request.verdict
        ? "answered"
        : "verifying"
      : nowSeconds >= request.expiresAt
        ? "expired"
        : "pending";
  return {
    id: request.id,
    status,
    expiresAt: new Date(request.expiresAt * 1000).toISOString(),
    answeredAt: request.answeredAt === null ? null : new Date(request.answeredAt * 1000).toISOString(),
    asked: askedOf(request),
    verdict: request.verdict,
  };
}

/** Public: the request object and the response endpoint (a wallet has no API key). */
export function publicOpenid4vpRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const requests = ctx.store.openid4vpRequests;
  const usedNonces = new SqliteUsedNonceStore(ctx.db);
  const anchors = outboxAnchors(ctx);
  const trustSource = () => verifierTrust(ctx);

  router.get("/openid4vp/requests/:id/request-object", (req, res) => {
    const id = req.params.id;
    const request = UUID.test(id) ? requests.byId(id) : undefined;
    const now = Math.floor(ctx.now() / 1000);
    if (!request || request.answeredAt !== null || now >= request.expiresAt) {
      oauthError(res, 404, "invalid_request_uri", "no open request at this request_uri (unknown, answered or expired)");
      return;
    }
    res.setHeader("Cache-Control", "no-store");
    res.type(REQUEST_OBJECT_MEDIA_TYPE).send(request.requestObject);
  });

  router.get("/dids/:did", async (req, res) => {
    const did = req.params.did.toLowerCase();
    const address = /^did:ethr:0x[0-9a-f]+:(0x[0-9a-f]{40})$/.exec(did)?.[1];
    if (!address || did !== ethrDid(ctx.ledger.manifest.chainId, address))
      throw new ServiceError("ERR_NOT_FOUND", "only did:ethr identifiers of this chain are resolved here");
    const resolution = await ctx.keys.agent.resolveDid({ didUrl: did });
    const { error, message } = resolution.didResolutionMetadata as { error?: string; message?: string };
    if (error || !resolution.didDocument)
      throw new ServiceError("ERR_CHAIN_UNREACHABLE", `could not resolve ${did}: ${message ?? error}`);
    const authorityJurisdiction = await trustSource().authorityJurisdiction(address);
    res.setHeader("Cache-Control", "no-store");
    res.json({ didDocument: resolution.didDocument, authorityJurisdiction });
  });

  router.post("/openid4vp/responses", urlencoded({ extended: false, limit: "300kb" }), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    try {
      if (typeof body.error === "string") {
        // The worker declined (or has no matching paper): the request is spent, and the desk sees why.
        recordDeclined(
          { requests, now: ctx.now },
          { state: body.state, error: body.error, error_description: body.error_description },
        );
        res.setHeader("Cache-Control", "no-store");
        res.json({});
        return;
      }
      const verdict = await answerPresentationRequest(
        { requests, trust: trustSource, anchors, usedNonces, now: ctx.now },
        { vp_token: body.vp_token, state: body.state },
      );
      if (verdict.refused) {
        oauthError(res, 400, oauthErrorOf(verdict.refused.code), verdict.refused.reason);
        return;
      }
      // Processed: the verdict is the desk's to show (OpenID4VP 1.0 §8.2: 200 once the response is processed).
      res.setHeader("Cache-Control", "no-store");
      res.json({});
    } catch (error) {
      if (!isOpenid4vpError(error)) throw error;
      oauthError(res, 400, error.oauthError, error.message);
    }
  });

  return router;
}

/** Authenticated: an authority creates its requests and reads their verdicts. */
export function openid4vpRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const requests = ctx.store.openid4vpRequests;

  router.post("/openid4vp/requests", async (req, res) => {
    const authority = principalOf(res, "authority");
    const body = parseBody(createPresentationRequestBody, req.body);
    const created = await createPresentationRequest(
      {
        kms: ctx.keys.kms,
        requests,
        baseUrl: ctx.baseUrl,
        vct: (type) => ctx.vct(type),
        now: ctx.now,
        lifetimeSeconds: DEFAULT_REQUEST_LIFETIME_SECONDS,
      },
      authority,
      { credentialType: body.credentialType, claims: claimsAsked(body) },
    );
    res.setHeader("Cache-Control", "no-store");
    res.status(201).json(created);
  });

  router.get("/openid4vp/requests/:id", (req, res) => {
    const authority = principalOf(res, "authority");
    const request = UUID.test(req.params.id) ? requests.byId(req.params.id) : undefined;
    // Another authority's request is as unknown as a missing one.
    if (!request || request.principalId !== authority.id)
      throw new ServiceError("ERR_NOT_FOUND", `no presentation request ${req.params.id}`);
    res.setHeader("Cache-Control", "no-store");
    res.json(requestView(request, Math.floor(ctx.now() / 1000)));
  });

  return router;
}
