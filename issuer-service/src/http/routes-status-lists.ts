/**
 * GET /status-lists/{id}: an issuer's signed Token Status List token (draft-ietf-oauth-status-list-12
 * §8), public, as application/statuslist+jwt. Its `ttl` tells verifiers when to ask again; HTTP caches
 * must revalidate, so a revocation is not held back by one.
 */
import { Router } from "express";
import { STATUS_LIST_MEDIA_TYPE } from "@fairledger/common";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";

const LIST_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function statusListRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.get("/status-lists/:id", async (req, res) => {
    const id = req.params.id;
    const token = LIST_ID.test(id) ? await ctx.statusLists.token(id) : undefined;
    if (!token) throw new ServiceError("ERR_NOT_FOUND", `no status list ${id}`);
    res.set("Cache-Control", "no-cache").type(STATUS_LIST_MEDIA_TYPE).send(token);
  });
  return router;
}
