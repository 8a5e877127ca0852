/**
 * The public agency register (issue #15 item 3), as JSON for the /agencies/ page and anyone else: no
 * sign-in, in the `public` rate-limit bucket like every other request without an API key (rate-limits.ts).
 * GET /public/agencies?q=… searches by name or licence number; GET /public/agencies/{agency} is one agency.
 * Answers come from the chain through this service (use-cases/agency-register.ts says which field is whose).
 */
import { Router } from "express";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { RegistryReads } from "../chain/registry-reads.ts";
import type { AgencyRegisterServices } from "../use-cases/agency-register.ts";
import { searchAgencies } from "../use-cases/search-agencies.ts";
import { agencyDetail } from "../use-cases/agency-detail.ts";

export const AGENCY_REGISTER_PATH = "/public/agencies";
const MAX_QUERY_LENGTH = 100;

export function agencyRegisterRoutes(ctx: ServiceContext): Router {
  const services: AgencyRegisterServices = {
    reads: new RegistryReads(ctx.ledger, ctx.config.licenceCacheMs, ctx.now),
    store: ctx.store,
    now: ctx.now,
  };
  const router = Router();

  router.get(AGENCY_REGISTER_PATH, async (req, res) => {
    const q = req.query.q;
    if (typeof q !== "string" || q.length > MAX_QUERY_LENGTH)
      throw new ServiceError(
        "ERR_INPUT_INVALID",
        `q must be one name or licence number of at most ${MAX_QUERY_LENGTH} characters`,
        {
          errors: [{ pointer: "query:q", detail: typeof q === "string" ? "too long" : "required, once" }],
        },
      );
    res.json(await searchAgencies(services, q));
  });

  router.get(`${AGENCY_REGISTER_PATH}/:agency`, async (req, res) => {
    const agency = req.params.agency ?? "";
    if (!/^0x[0-9a-fA-F]{40}$/.test(agency))
      throw new ServiceError("ERR_INPUT_INVALID", "agency must be the agency's account (0x and 40 hex digits)", {
        errors: [{ pointer: "path:agency", detail: "not an address" }],
      });
    res.json(await agencyDetail(services, agency));
  });

  return router;
}
