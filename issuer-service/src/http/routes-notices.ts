/**
 * GET /notices: a principal's notices (use-cases/principal-notices.ts) — what the service did on its behalf that no
 * request of its own answered, such as a batch of its credentials the ledger refused to anchor for good.
 * Authenticated: each principal sees its own notices only.
 */
import { Router } from "express";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { principalNotices } from "../use-cases/principal-notices.ts";
import { principalOf } from "./auth.ts";

export function noticeRoutes(ctx: ServiceContext): Router {
  const router = Router();

  router.get("/notices", (req, res) => {
    const after = req.query.after === undefined ? 0 : Number(req.query.after);
    if (!Number.isSafeInteger(after) || after < 0)
      throw new ServiceError("ERR_INPUT_INVALID", "after must be a notice id (a non-negative integer)", {
        errors: [{ pointer: "query:after", detail: "not a non-negative integer" }],
      });
    res.json({ notices: principalNotices(ctx, principalOf(res), after) });
  });

  return router;
}
