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

export function idempotency(db: Db, scope: (res: Response) => string) {
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
    if (existing) {
      if (existing.request_hash !== requestHash)
        throw new ServiceError("ERR_IDEMPOTENCY_MISMATCH", "this Idempotency-Key was used for a different request");
      if (existing.status === null) throw new ServiceError("ERR_CONFLICT", "a request with this Idempotency-Key is still in progress");
      const stored = JSON.parse(existing.response!) as { contentType: string; body: string };
      res.setHeader("Idempotent-Replayed", "true");
      res.status(existing.status).type(stored.contentType).send(stored.body);
      return;
    }
    db.prepare("INSERT INTO idempotency (principal_id, key, request_hash, created_at) VALUES (?, ?, ?, ?)").run(
      principal,
      key,
      requestHash,
      Date.now(),
    );
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      // The service stopped under a handler stuck past the grace period: its key stays unfinished and
      // is forgotten at the next start (recoverIdempotencyKeys), so a retry runs.
      if (!db.open) return send(body as never);
      if (res.statusCode >= 500) {
        db.prepare("DELETE FROM idempotency WHERE principal_id = ? AND key = ?").run(principal, key);
      } else {
        const text = typeof body === "string" ? body : Buffer.isBuffer(body) ? body.toString("utf8") : JSON.stringify(body);
        db.prepare("UPDATE idempotency SET status = ?, response = ? WHERE principal_id = ? AND key = ?").run(
          res.statusCode,
          JSON.stringify({ contentType: String(res.getHeader("content-type") ?? "application/json"), body: text }),
          principal,
          key,
        );
      }
      return send(body as never);
    };
    res.on("close", () => {
      // Connection dropped before a response: forget the key so the client can retry. (At boot,
      // recoverIdempotencyKeys also forgets it if the database had already closed.)
      if (!res.writableFinished && db.open)
        db.prepare("DELETE FROM idempotency WHERE principal_id = ? AND key = ? AND status IS NULL").run(principal, key);
    });
    next();
  };
}
