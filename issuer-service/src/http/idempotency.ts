/**
 * Idempotency keys on every authenticated write (draft-ietf-httpapi-idempotency-key-header): the first
 * request with a key runs and its response is stored; a retry with the same key and the same request
 * gets the stored response; the same key with a different request is refused. Server errors (5xx) are
 * not stored, so a retry after a chain outage runs again. How answers are kept (sealed, tombstoned on
 * erasure, secrets never stored): store/idempotency-answers.ts.
 */
import type { NextFunction, Request, Response } from "express";
import { ServiceError } from "../errors.ts";
import type { IdempotencyAnswers, StoredAnswer } from "../store/idempotency-answers.ts";

/** Stored answers are kept this long; a key is meant for retries, not forever. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 3600 * 1000;

/**
 * At boot no request can be in progress: forget keys whose request never finished (the process died
 * mid-request), so their retry runs instead of waiting forever, and drop expired answers.
 */
export function recoverIdempotencyKeys(answers: IdempotencyAnswers, now: number): number {
  return answers.recover(now, IDEMPOTENCY_RETENTION_MS);
}

const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

/** What a handler may store as its answer inside its own durable commit (see `storeAnswerInCommit`). */
interface IdempotentRequest {
  answers: IdempotencyAnswers;
  principal: string;
  key: string;
  requestHash: string;
  /** The case the request concerns (`answerConcernsCase`): its answer is sealed under that case's key. */
  caseId: string | null;
  /** Set by `replayAnswerBy`: store no body, rebuild the answer on replay. */
  replay?: { kind: string; ref: string };
  /** Set by `storeAnswerInCommit`: the answer already stored with the handler's writes. */
  stored?: { status: number; body: string };
  /** The client went away before the answer: its retry may already be running; store nothing more. */
  dropped?: boolean;
}

/** Rebuilds a fresh answer for a replay of a request whose answer held a secret (see `replayAnswerBy`). */
export type Replayer = (ref: string, principal: string) => Promise<{ status: number; body: unknown }>;

const requestOf = (res: Response) => res.locals.idempotency as IdempotentRequest | undefined;

/**
 * Says which case the request concerns: its stored answer is sealed under the case's data key, erasing
 * the case makes it unreadable and turns it into a tombstone, and a replay then answers 410.
 */
export function answerConcernsCase(res: Response, caseId: string): void {
  const request = requestOf(res);
  if (request) request.caseId = caseId;
}

/**
 * For an answer that carries a secret (a pickup code): nothing of it is stored; a replay calls the
 * replayer registered for `kind` with `ref` and answers what it returns (e.g. the same offer with a fresh
 * code that replaces the lost one).
 */
export function replayAnswerBy(res: Response, kind: string, ref: string): void {
  const request = requestOf(res);
  if (request) request.replay = { kind, ref };
}

/**
 * For a handler that knows its answer before its writes commit (issuance): stores the answer
 * (`res.status(status).json(body)`) with those writes, so the request costs one durable commit instead
 * of two; the answer sent later is then not written again. Call inside the handler's transaction.
 * Without an Idempotency-Key in play (routes outside the middleware) it does nothing.
 */
export function storeAnswerInCommit(res: Response, status: number, body: unknown): void {
  const request = requestOf(res);
  if (!request) return;
  const text = JSON.stringify(body);
  request.answers.store(request.principal, request.key, request.requestHash, request.caseId, {
    status,
    contentType: JSON_CONTENT_TYPE,
    body: text,
  });
  request.stored = { status, body: text };
}

/** What express's res.json sets. */
const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

export function idempotency(
  answers: IdempotencyAnswers,
  scope: (res: Response) => string,
  replayers: Record<string, Replayer> = {},
) {
  /**
   * Requests of this process still running, by principal and key. Held in memory, not in the database:
   * a marker of an unfinished request is worth nothing after a restart (recoverIdempotencyKeys drops
   * such rows), so writing it durably cost one fsync per request for nothing.
   */
  const running = new Map<string, string>();
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const key = req.get("idempotency-key");
    if (!key)
      throw new ServiceError(
        "ERR_IDEMPOTENCY_REQUIRED",
        "send an Idempotency-Key header (8–128 characters) with every write",
      );
    if (!KEY_PATTERN.test(key))
      throw new ServiceError("ERR_INPUT_INVALID", "Idempotency-Key must be 8–128 characters of A-Z a-z 0-9 . _ : -", {
        errors: [{ pointer: "header:Idempotency-Key", detail: "malformed" }],
      });
    const principal = scope(res);
    const requestHash = answers.requestHash(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`);
    const existing = answers.find(principal, key);
    const runningKey = `${principal}\n${key}`;
    const runningHash = running.get(runningKey);
    if (existing?.state === "erased")
      throw new ServiceError(
        "ERR_DATA_ERASED",
        "this Idempotency-Key's request concerned a case whose personal data was erased since",
      );
    if (existing ?? runningHash !== undefined) {
      if ((existing?.requestHash ?? runningHash) !== requestHash)
        throw new ServiceError("ERR_IDEMPOTENCY_MISMATCH", "this Idempotency-Key was used for a different request");
      if (existing?.state !== "answered")
        throw new ServiceError("ERR_CONFLICT", "a request with this Idempotency-Key is still in progress");
      await replay(res, existing.answer, principal, replayers);
      return;
    }
    running.set(runningKey, requestHash);
    const request: IdempotentRequest = { answers, principal, key, requestHash, caseId: null };
    res.locals.idempotency = request;
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      running.delete(runningKey);
      // The service stopped under a handler stuck past the grace period: nothing is stored, a retry runs.
      if (!answers.open || request.dropped) return send(body as never);
      const text =
        typeof body === "string" ? body : Buffer.isBuffer(body) ? body.toString("utf8") : JSON.stringify(body);
      if (res.statusCode >= 500) {
        // Server errors are not stored (and an answer stored with the handler's writes is replaced).
        if (request.stored) answers.forget(principal, key);
      } else if (!(request.stored && request.stored.status === res.statusCode && request.stored.body === text)) {
        const contentType = String(res.getHeader("content-type") ?? "application/json");
        // A secret-bearing answer (status 2xx) is rebuilt on replay, never stored; a refusal is stored as sent.
        const answer: StoredAnswer =
          request.replay && res.statusCode < 300
            ? { status: res.statusCode, contentType, replay: request.replay }
            : { status: res.statusCode, contentType, body: text };
        answers.store(principal, key, requestHash, request.caseId, answer);
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

async function replay(
  res: Response,
  answer: StoredAnswer,
  principal: string,
  replayers: Record<string, Replayer>,
): Promise<void> {
  res.setHeader("Idempotent-Replayed", "true");
  if (answer.replay) {
    const replayer = replayers[answer.replay.kind];
    if (!replayer)
      throw new ServiceError("ERR_INTERNAL", `no replayer for stored answers of kind ${answer.replay.kind}`);
    const fresh = await replayer(answer.replay.ref, principal);
    res.status(fresh.status).json(fresh.body);
    return;
  }
  res.status(answer.status).type(answer.contentType).send(answer.body);
}
