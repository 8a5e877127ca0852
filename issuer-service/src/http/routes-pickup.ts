/**
 * OpenID4VCI 1.0 endpoints the wallet uses: issuer metadata, authorization server metadata (RFC 8414),
 * `/token`, `/nonce`, `/credential`, `/notification`. Errors are OAuth's `{ error, error_description }` (http/problem.ts).
 */
import { Router, urlencoded, type Request } from "express";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { credentialRequestBody, draftCredentialRequestBody, notificationBody, tokenBody } from "./bodies.ts";
import { PRE_AUTHORIZED_GRANT, contractMediaType, type CredentialRequest } from "../pickup/pickup.ts";
import { ISSUER_DISPLAY, credentialConfigurationsSupported } from "../pickup/configurations.ts";
import { DRAFT_SHAPES_ACCEPTED_UNTIL, DRAFT_SHAPE_LOG, draftShapesAccepted } from "../pickup/draft-shapes.ts";
import type { z } from "zod";
import { CONTRACT_DOCUMENT_PARAMETER, type ContractDocumentParameter } from "@fairledger/common";

const firstIssue = (error: z.ZodError) => {
  const issue = error.issues[0];
  return issue ? `${issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message}` : "malformed";
};

/** The 1.0 request, or (until the sunset) the draft one; which one it was decides the answer's shape. */
function credentialRequestOf(req: Request, now: number): CredentialRequest & { draft: boolean } {
  const body = req.body as Record<string, unknown> | undefined;
  if (body && typeof body === "object" && "proofs" in body) {
    const parsed = credentialRequestBody.safeParse(body);
    if (!parsed.success) throw new ServiceError("invalid_credential_request", firstIssue(parsed.error));
    return {
      draft: false,
      configurationId: parsed.data.credential_configuration_id,
      proofJwt: parsed.data.proofs.jwt[0] ?? "",
    };
  }
  if (body && typeof body === "object" && "proof" in body) {
    if (!draftShapesAccepted(now))
      throw new ServiceError(
        "invalid_credential_request",
        `the Draft 13/14 request shape (format, proof) was accepted until ${DRAFT_SHAPES_ACCEPTED_UNTIL}: send credential_configuration_id and proofs`,
      );
    const parsed = draftCredentialRequestBody.safeParse(body);
    if (!parsed.success) throw new ServiceError("invalid_credential_request", firstIssue(parsed.error));
    return {
      draft: true,
      configurationId: parsed.data.credential_configuration_id,
      format: parsed.data.format,
      proofJwt: parsed.data.proof.jwt,
    };
  }
  throw new ServiceError("invalid_credential_request", "send credential_configuration_id and proofs: { jwt: [ … ] }");
}

export function pickupRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const now = () => ctx.now();

  router.get("/.well-known/openid-credential-issuer", (_req, res) => {
    const base = ctx.baseUrl();
    res.json({
      credential_issuer: base,
      credential_endpoint: `${base}/credential`,
      nonce_endpoint: `${base}/nonce`,
      notification_endpoint: `${base}/notification`,
      display: ISSUER_DISPLAY,
      credential_configurations_supported: credentialConfigurationsSupported((type) => ctx.vct(type)),
    });
  });

  // The issuer is its own authorization server (no authorization_servers in the issuer metadata).
  router.get("/.well-known/oauth-authorization-server", (_req, res) => {
    const base = ctx.baseUrl();
    res.json({
      issuer: base,
      token_endpoint: `${base}/token`,
      // The pre-authorized code is the only grant: the agency authenticated the worker in person.
      grant_types_supported: [PRE_AUTHORIZED_GRANT],
      response_types_supported: [],
      "pre-authorized_grant_anonymous_access_supported": true,
    });
  });

  router.post("/token", urlencoded({ extended: false, limit: "4kb" }), (req, res) => {
    const parsed = tokenBody.safeParse(req.body);
    if (!parsed.success) throw new ServiceError("invalid_request", firstIssue(parsed.error));
    const body = parsed.data;
    if (body.grant_type !== PRE_AUTHORIZED_GRANT)
      throw new ServiceError("unsupported_grant_type", `grant_type must be ${PRE_AUTHORIZED_GRANT}`);
    res.setHeader("Cache-Control", "no-store");
    res.json(ctx.pickup.token(body["pre-authorized_code"], body.tx_code));
  });

  router.post("/nonce", (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.json(ctx.pickup.nonce());
  });

  router.post("/credential", async (req, res) => {
    const accessToken = bearerTokenOf(req);
    const request = credentialRequestOf(req, now());
    if (request.draft)
      ctx.logger.info(
        { format: request.format, configurationId: request.configurationId, until: DRAFT_SHAPES_ACCEPTED_UNTIL },
        `${DRAFT_SHAPE_LOG} ${DRAFT_SHAPES_ACCEPTED_UNTIL}`,
      );
    const issued = await ctx.pickup.credential(accessToken, request);
    res.setHeader("Cache-Control", "no-store");
    if (!request.draft)
      return void res.json({
        credentials: [{ credential: issued.credential }],
        notification_id: issued.notificationId,
        // An additional response parameter (OpenID4VCI 1.0 §8.3): common/src/contract-document.ts.
        ...(issued.contractDocument
          ? {
              [CONTRACT_DOCUMENT_PARAMETER]: {
                media_type: contractMediaType(issued.contractDocument),
                document: issued.contractDocument.toString("base64url"),
              } satisfies ContractDocumentParameter,
            }
          : {}),
      });
    res.json({
      credential: issued.credential,
      format: issued.format === "vc-jwt" ? "jwt_vc_json" : "vc+sd-jwt",
      digest: issued.digest,
      anchor: `${ctx.baseUrl()}/credentials/${issued.digest}/anchor`,
    });
  });

  router.post("/notification", (req, res) => {
    const accessToken = bearerTokenOf(req);
    const parsed = notificationBody.safeParse(req.body);
    if (!parsed.success) throw new ServiceError("invalid_notification_request", firstIssue(parsed.error));
    ctx.pickup.notify(accessToken, { notificationId: parsed.data.notification_id, event: parsed.data.event });
    res.status(204).end();
  });

  return router;
}

function bearerTokenOf(req: Request): string {
  const accessToken = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(req.get("authorization") ?? "")?.[1];
  if (accessToken === undefined)
    throw new ServiceError("invalid_token", "send the access token as Authorization: Bearer <token>");
  return accessToken;
}
