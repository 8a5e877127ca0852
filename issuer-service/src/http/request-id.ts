/**
 * One id per request, to find a client's failure in the operator's log: taken from the client's
 * X-Request-Id when it is a plain token (so a proxy's id carries through), otherwise a fresh UUID. It is
 * echoed in the X-Request-Id response header and in every problem+json body (`requestId`).
 */
import { randomUUID } from "node:crypto";
import type { RequestHandler, Response } from "express";

/** Letters, digits and `._:-`, up to 128: enough for UUIDs and trace ids, nothing that could forge a log line. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestId(): RequestHandler {
  return (req, res, next) => {
    const given = req.get("x-request-id");
    const id = given && ACCEPTABLE_ID.test(given) ? given : randomUUID();
    res.locals.requestId = id;
    res.setHeader("X-Request-Id", id);
    next();
  };
}

export function requestIdOf(res: Response): string | undefined {
  return res.locals.requestId as string | undefined;
}
