/**
 * Guards at the very edge of the API, before routing and before any code walks a request body:
 * a JSON body may not nest deeper than MAX_JSON_DEPTH, and a path must be valid percent-encoding.
 * Both answer 400 problem+json naming what was wrong instead of a stack overflow or a router error (500).
 */
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { json } from "express";
import { MAX_JSON_DEPTH, findJsonTooDeep, tooDeepPointer } from "@fairledger/common";
import { ServiceError } from "../errors.ts";

/**
 * Carries a ServiceError through body-parser's `verify` hook: body-parser decorates the thrown object
 * (sets `status`, `type`), which a ServiceError's read-only `status` would not survive.
 */
export class BodyRefused extends Error {
  readonly problem: ServiceError;
  status = 400;
  constructor(problem: ServiceError) {
    super(problem.message);
    this.problem = problem;
  }
}

/** express.json with the depth check run on the raw bytes, before JSON.parse and everything after it. */
export function jsonBody(limitBytes: number): RequestHandler {
  return json({
    limit: limitBytes,
    type: ["application/json", "application/*+json"],
    verify: (_req, _res, raw) => {
      const tooDeep = findJsonTooDeep(raw, MAX_JSON_DEPTH);
      if (!tooDeep) return;
      const pointer = tooDeepPointer(tooDeep);
      throw new BodyRefused(
        new ServiceError(
          "ERR_INPUT_INVALID",
          `the request body nests deeper than ${MAX_JSON_DEPTH} levels at ${pointer}`,
          {
            errors: [{ pointer, detail: `nests deeper than ${MAX_JSON_DEPTH} levels` }],
          },
        ),
      );
    },
  });
}

/**
 * Refuses a path that is not valid percent-encoding (`/schemas/%ZZ`): the router would otherwise fail to
 * decode the parameter and the error would surface as a 500. Checked per segment so the answer can name it.
 */
export function rejectMalformedPath(req: Request, _res: Response, next: NextFunction): void {
  if (req.path.includes("%")) {
    for (const segment of req.path.split("/")) {
      try {
        decodeURIComponent(segment);
      } catch {
        throw new ServiceError("ERR_INPUT_INVALID", "the request path is not valid percent-encoding", {
          errors: [{ pointer: "path", detail: `malformed percent-encoding in segment "${segment.slice(0, 100)}"` }],
        });
      }
    }
  }
  next();
}
