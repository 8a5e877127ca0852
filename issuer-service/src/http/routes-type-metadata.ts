/**
 * GET /vct/{type}: SD-JWT VC Type Metadata (draft-ietf-oauth-sd-jwt-vc-13 §6) of each credential type,
 * public and as application/json, at the URL each credential's `vct` names. The text is exactly what the
 * issuer hashed for `vct#integrity` (credentials/sd-jwt-vc.ts), so a wallet can check it.
 */
import { Router } from "express";
import { isCredentialType } from "@fairledger/common";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { typeMetadataText } from "../credentials/sd-jwt-vc.ts";

export function typeMetadataRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.get("/vct/:type", (req, res) => {
    const type = req.params.type;
    if (!isCredentialType(type)) throw new ServiceError("ERR_NOT_FOUND", `no credential type ${type}`);
    res.type("application/json").send(typeMetadataText(type, ctx.vct(type)).text);
  });
  return router;
}
