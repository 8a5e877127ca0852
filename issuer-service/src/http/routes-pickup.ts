/** OpenID4VCI endpoints the wallet uses: issuer metadata, `/token`, `/credential`. */
import { Router, urlencoded } from "express";
import { CREDENTIAL_TYPES } from "@fairledger/common";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { parseBody } from "./validate.ts";
import { credentialRequestBody, tokenBody } from "./bodies.ts";
import { PRE_AUTHORIZED_GRANT, configurationId } from "../pickup/pickup.ts";

export function pickupRoutes(ctx: ServiceContext): Router {
  const router = Router();

  router.get("/.well-known/openid-credential-issuer", (_req, res) => {
    const base = ctx.baseUrl();
    const configurations: Record<string, unknown> = {};
    for (const type of CREDENTIAL_TYPES.filter((t) => t !== "AgencyLicenceCredential")) {
      const common = {
        cryptographic_binding_methods_supported: ["jwk"],
        credential_signing_alg_values_supported: ["EdDSA"],
        proof_types_supported: { jwt: { proof_signing_alg_values_supported: ["ES256"] } },
      };
      configurations[configurationId(type, "vc+sd-jwt")] = { format: "vc+sd-jwt", vct: ctx.vct(type), ...common };
      configurations[configurationId(type, "vc-jwt")] = {
        format: "jwt_vc_json",
        credential_definition: { type: ["VerifiableCredential", type] },
        ...common,
      };
    }
    res.json({
      credential_issuer: base,
      token_endpoint: `${base}/token`,
      credential_endpoint: `${base}/credential`,
      "pre-authorized_grant_anonymous_access_supported": true,
      grant_types_supported: [PRE_AUTHORIZED_GRANT],
      credential_configurations_supported: configurations,
    });
  });

  router.post("/token", urlencoded({ extended: false, limit: "4kb" }), (req, res) => {
    const body = parseBody(tokenBody, req.body);
    if (body.grant_type !== PRE_AUTHORIZED_GRANT)
      throw new ServiceError("unsupported_grant_type", `grant_type must be ${PRE_AUTHORIZED_GRANT}`);
    res.setHeader("Cache-Control", "no-store");
    res.json(ctx.pickup.token(body["pre-authorized_code"]));
  });

  router.post("/credential", async (req, res) => {
    const authorization = req.get("authorization") ?? "";
    const accessToken = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(authorization)?.[1];
    if (accessToken === undefined)
      throw new ServiceError("invalid_token", "send the access token as Authorization: Bearer <token>");
    const body = parseBody(credentialRequestBody, req.body);
    const issued = await ctx.pickup.credential(accessToken, body.proof.jwt, body.format);
    res.setHeader("Cache-Control", "no-store");
    res.json({
      credential: issued.credential,
      format: issued.format === "vc-jwt" ? "jwt_vc_json" : "vc+sd-jwt",
      digest: issued.digest,
      anchor: `${ctx.baseUrl()}/credentials/${issued.digest}/anchor`,
    });
  });

  return router;
}
