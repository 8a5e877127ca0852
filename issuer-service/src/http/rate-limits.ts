/**
 * Rate limits in separate buckets, so that one kind of traffic cannot use up another's allowance:
 *
 * | bucket    | requests                                                         | keyed by           |
 * |-----------|------------------------------------------------------------------|--------------------|
 * | pickup    | `/token`, `/credential`, issuer metadata (where codes are guessed) | client address   |
 * | verify    | `POST /credentials/verify`, `POST /presentations/verify`         | client address     |
 * | complaints| `POST /complaints`, `POST /complaints/nonce` (a worker filing)   | client address     |
 * | principal | any other request carrying a valid API key                       | the key's principal|
 * | public    | any other request (no key, or a refused one)                     | client address     |
 *
 * The client address is the TCP peer unless `trustProxy` names the proxies allowed to report it in
 * X-Forwarded-For. Traffic with a valid API key is keyed by principal, not address: agencies behind one NAT
 * or proxy do not share an allowance, one agency cannot starve another, and a flood of anonymous requests
 * from the agency's address does not lock the agency out. A made-up key buys nothing: it is public traffic.
 */
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { ipKeyGenerator, rateLimit, type Options } from "express-rate-limit";
import type { IssuerConfig } from "../config.ts";
import type { Identities, Principal } from "../keys/identities.ts";

export const PICKUP_PATHS = ["/token", "/credential", "/.well-known/openid-credential-issuer"];
export const VERIFY_PATHS = ["/credentials/verify", "/presentations/verify", "/openid4vp/responses"];
/** Written by workers without an API key: their own small bucket (reads of a complaint's status are public traffic). */
export const COMPLAINT_PATHS = ["/complaints", "/complaints/nonce"];

export interface RateLimiters {
  pickup: RequestHandler;
  verify: RequestHandler;
  complaints: RequestHandler;
  /** Requests outside pickup and verify: by principal when the API key is valid, else by address. */
  byCaller: RequestHandler[];
}

function limiter(bucket: string, limit: number, options: Partial<Options> = {}): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    identifier: bucket,
    keyGenerator: (req: Request) => ipKeyGenerator(req.ip ?? "unknown"),
    // The service decides deliberately whether X-Forwarded-For counts (trustProxy); no warnings about it.
    validate: { xForwardedForHeader: false },
    handler: (_req, res) => {
      res
        .status(429)
        .type("application/problem+json")
        .send(
          JSON.stringify({
            type: "urn:fairledger:problem:ERR_RATE_LIMITED",
            title: "Too many requests",
            status: 429,
            detail: `too many requests in the ${bucket} bucket; retry after the seconds in Retry-After`,
            code: "ERR_RATE_LIMITED",
            bucket,
          }),
        );
    },
    ...options,
  });
}

const isComplaintWrite = (req: Request) => req.method === "POST" && COMPLAINT_PATHS.includes(req.path);
const inOwnBucket = (req: Request) =>
  PICKUP_PATHS.includes(req.path) || VERIFY_PATHS.includes(req.path) || isComplaintWrite(req);

/** The principal of a valid `X-API-Key`, looked up once per request (authentication proper comes later). */
function callerOf(req: Request, res: Response, identities: Identities): Principal | null {
  if (res.locals.rateLimitCaller === undefined) {
    const apiKey = req.get("x-api-key");
    res.locals.rateLimitCaller = (apiKey && identities.byApiKey(apiKey)) || null;
  }
  return res.locals.rateLimitCaller as Principal | null;
}

export function rateLimiters(limits: IssuerConfig["limits"], identities: Identities): RateLimiters {
  const identify = (req: Request, res: Response, next: NextFunction) => {
    if (!inOwnBucket(req)) callerOf(req, res, identities);
    next();
  };
  return {
    pickup: limiter("pickup", limits.pickupPerMinute),
    verify: limiter("verify", limits.verifyPerMinute),
    complaints: limiter("complaints", limits.complaintsPerMinute, { skip: (req) => !isComplaintWrite(req) }),
    byCaller: [
      identify,
      limiter("principal", limits.principalPerMinute, {
        skip: (req, res) => inOwnBucket(req) || res.locals.rateLimitCaller === null,
        keyGenerator: (_req: Request, res: Response) => `principal:${(res.locals.rateLimitCaller as Principal).id}`,
      }),
      limiter("public", limits.requestsPerMinute, {
        skip: (req, res) => inOwnBucket(req) || res.locals.rateLimitCaller !== null,
      }),
    ],
  };
}
