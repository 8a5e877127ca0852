/**
 * Idempotency keys on every authenticated write (draft-ietf-httpapi-idempotency-key-header): the first
 * request with a key runs and its response is stored; a retry with the same key and the same request
 * gets the stored response; the same key with a different request is refused. Server errors (5xx) are
 * not stored, so a retry after a chain outage runs again.
 */
import { createHash } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { ServiceError } from "../errors.ts";
import type { Db } from "../store/database.ts";

/** Stored answers are kept this long; a key is meant for retries, not forever. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 3600 * 1000;

/**
 * At boot no request can be in progress: forget keys whose request never finished (the process died
 * mid-request), so their retry runs instead of waiting forever, and drop expired answers.
 */
export function recoverIdempotencyKeys(db: Db, now = Date.now()): number {
  const stale = db.prepare("DELETE FROM idempotency WHERE status IS NULL").run().changes;
  db.prepare("DELETE FROM idempotency WHERE created_at < ?").run(now - IDEMPOTENCY_RETENTION_MS);
  return stale;
}

const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

/** What a handler may store as its answer inside its own durable commit (see `storeAnswerInCommit`). */
interface IdempotentRequest {
  principal: string;
  key: string;
  requestHash: string;
  /** Set by `storeAnswerInCommit`: the answer already stored with the handler's writes. */
  stored?: { status: number; body: string };
  /** The client went away before the answer: its retry may already be running; store nothing more. */
  dropped?: boolean;
}

const STORE_ANSWER = `
  INSERT INTO idempotency (principal_id, key, request_hash, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (principal_id, key) DO UPDATE SET status = excluded.status, response = excluded.response`;

/**
 * For a handler that knows its answer before its writes commit (issuance): stores the answer
 * (`res.status(status).json(body)`) with those writes, so the request costs one durable commit instead
 * of two; the answer sent later is then not written again. Call inside the handler's transaction.
 * Without an Idempotency-Key in play (routes outside the middleware) it does nothing.
 */
export function storeAnswerInCommit(db: Db, res: Response, status: number, body: unknown): void {
  const request = res.locals.idempotency as IdempotentRequest | undefined;
  if (!request) return;
  const text = JSON.stringify(body);
  db.prepare(STORE_ANSWER).run(
    request.principal,
    request.key,
    request.requestHash,
    status,
    JSON.stringify({ contentType: JSON_CONTENT_TYPE, body: text }),
    Date.now(),
  );
  request.stored = { status, body: text };
}

/** What express's res.json sets. */
const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

export function idempotency(db: Db, scope: (res: Response) => string) {
  /**
   * Requests of this process still running, by principal and key. Held in memory, not in the database:
   * a marker of an unfinished request is worth nothing after a restart (recoverIdempotencyKeys drops
   * such rows), so writing it durably cost one fsync per request for nothing.
   */
  const running = new Map<string, string>();
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const key = req.get("idempotency-key");
    if (!key) throw new ServiceError("ERR_IDEMPOTENCY_REQUIRED", "send an Idempotency-Key header (8–128 characters) with every write");
    if (!KEY_PATTERN.test(key))
      throw new ServiceError("ERR_INPUT_INVALID", "Idempotency-Key must be 8–128 characters of A-Z a-z 0-9 . _ : -", {
        errors: [{ pointer: "header:Idempotency-Key", detail: "malformed" }],
      });
    const principal = scope(res);
    const requestHash = createHash("sha256")
      .update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`)
      .digest("hex");
    const existing = db
      .prepare("SELECT request_hash, status, response FROM idempotency WHERE principal_id = ? AND key = ?")
      .get(principal, key) as { request_hash: string; status: number | null; response: string | null } | undefined;
    const runningKey = `${principal}\n${key}`;
    const runningHash = running.get(runningKey);
    if (existing ?? runningHash !== undefined) {
      if ((existing?.request_hash ?? runningHash) !== requestHash)
        throw new ServiceError("ERR_IDEMPOTENCY_MISMATCH", "this Idempotency-Key was used for a different request");
      if (!existing || existing.status === null)
        throw new ServiceError("ERR_CONFLICT", "a request with this Idempotency-Key is still in progress");
      const stored = JSON.parse(existing.response!) as { contentType: string; body: string };
      res.setHeader("Idempotent-Replayed", "true");
      res.status(existing.status).type(stored.contentType).send(stored.body);
      return;
    }
    running.set(runningKey, requestHash);
    const request: IdempotentRequest = { principal, key, requestHash };
    res.locals.idempotency = request;
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      running.delete(runningKey);
      // The service stopped under a handler stuck past the grace period: nothing is stored, a retry runs.
      if (!db.open || request.dropped) return send(body as never);
      const text = typeof body === "string" ? body : Buffer.isBuffer(body) ? body.toString("utf8") : JSON.stringify(body);
      if (res.statusCode >= 500) {
        // Server errors are not stored (and an answer stored with the handler's writes is replaced).
        if (request.stored) db.prepare("DELETE FROM idempotency WHERE principal_id = ? AND key = ?").run(principal, key);
      } else if (!(request.stored && request.stored.status === res.statusCode && request.stored.body === text)) {
        db.prepare(STORE_ANSWER).run(
          principal,
          key,
          requestHash,
          res.statusCode,
          JSON.stringify({ contentType: String(res.getHeader("content-type") ?? "application/json"), body: text }),
          Date.now(),
        );
      }
      return send(body as never);
    };
    res.on("close", () => {
      // Connection dropped before a response: forget the key so the client can retry.
      if (!res.writableFinished) {
        request.dropped = true;
        running.delete(runningKey);
      }
    });
    next();
  };
}
