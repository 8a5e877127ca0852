/**
 * RFC 9457 problem+json for every error: a stable `type` URI per error code, the HTTP status, a
 * human `detail`, and for invalid input an `errors` list naming each field by JSON pointer.
 * OAuth and OpenID4VCI errors are the exception: `{ error, error_description }` as application/json, the
 * shape RFC 6749 §5.2 and OpenID4VCI 1.0 §8.3.1 clients parse (the OWF client reads no other content type).
 */
import type { ErrorRequestHandler, Request, Response } from "express";
import { isFairLedgerError } from "@fairledger/common";
import { SERVICE_ERRORS, ServiceError, retryAfterSeconds, type ServiceErrorCode } from "../errors.ts";
import { isChainError, toServiceError as chainFailure } from "../chain/rpc-errors.ts";
import type { Logger } from "../logging.ts";
import { requestIdOf } from "./request-id.ts";
import { BodyRefused } from "./input-guards.ts";

export const PROBLEM_BASE = "urn:fairledger:problem:";
const OAUTH_CODES = new Set<string>([
  "invalid_request",
  "invalid_grant",
  "invalid_token",
  "invalid_proof",
  "invalid_nonce",
  "unsupported_grant_type",
  "invalid_credential_request",
  "unknown_credential_configuration",
  "invalid_notification_id",
  "invalid_notification_request",
  "unsupported_credential_format",
]);

export function sendProblem(res: Response, error: ServiceError): void {
  const { status, title } = SERVICE_ERRORS[error.code];
  if (OAUTH_CODES.has(error.code)) return sendOauthError(res, error);
  const body: Record<string, unknown> = {
    type: `${PROBLEM_BASE}${error.code}`,
    title,
    status,
    detail: error.message,
    code: error.code,
    ...error.extensions,
  };
  const requestId = requestIdOf(res);
  if (requestId) body.requestId = requestId;
  const retryAfter = retryAfterSeconds(error.code);
  if (retryAfter !== undefined) res.setHeader("Retry-After", String(retryAfter));
  res.status(status).type("application/problem+json").send(JSON.stringify(body));
}

/** `{ error, error_description }` and the error's extension members (e.g. a fresh `c_nonce`, a `reason`). */
function sendOauthError(res: Response, error: ServiceError): void {
  if (error.code === "invalid_token") res.setHeader("WWW-Authenticate", `Bearer error="invalid_token"`);
  res.setHeader("Cache-Control", "no-store");
  res
    .status(error.status)
    .type("application/json")
    .send(JSON.stringify({ error: error.code, error_description: error.message, ...error.extensions }));
}

function toServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof BodyRefused) return error.problem;
  const httpError = error as { type?: string; status?: number; expose?: boolean; message?: string };
  if (httpError?.type === "entity.too.large")
    return new ServiceError("ERR_PAYLOAD_TOO_LARGE", "the request body exceeds the size limit");
  if (httpError?.type === "entity.parse.failed")
    return new ServiceError("ERR_INPUT_INVALID", "the request body is not valid JSON", {
      errors: [{ pointer: "", detail: "malformed JSON" }],
    });
  if (httpError?.status && httpError.status >= 400 && httpError.status < 500 && httpError.expose) {
    const code: ServiceErrorCode = httpError.status === 413 ? "ERR_PAYLOAD_TOO_LARGE" : "ERR_INPUT_INVALID";
    return new ServiceError(code, httpError.message ?? "bad request");
  }
  const storage = storageError(error);
  if (storage) return storage;
  if (isFairLedgerError(error)) {
    if (error.code === "ERR_INPUT_INVALID" || error.code === "ERR_KEY_UNSUPPORTED")
      return new ServiceError("ERR_INPUT_INVALID", error.message);
    if (error.code === "ERR_CHAIN_UNREACHABLE") return new ServiceError("ERR_CHAIN_UNREACHABLE", error.message);
  }
  // A chain call made straight from a route (a contract read): refused, unreachable or timed out.
  if (isChainError(error)) return chainFailure(error);
  return new ServiceError("ERR_INTERNAL", "internal error", {}, { cause: error });
}

/**
 * SQLite failures that are the disk's, not a bug: full (507, nothing was written: the transaction rolled
 * back) and read-only or failing I/O (503). The cause stays in the log; the answer names only the kind.
 */
function storageError(error: unknown): ServiceError | undefined {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_")) return undefined;
  if (code === "SQLITE_FULL")
    return new ServiceError(
      "ERR_STORAGE_FULL",
      "the issuer's disk is full; nothing was stored, retry when space is freed",
      {},
      { cause: error },
    );
  if (
    code.startsWith("SQLITE_READONLY") ||
    code.startsWith("SQLITE_IOERR") ||
    code.startsWith("SQLITE_CANTOPEN") ||
    code.startsWith("SQLITE_BUSY")
  )
    return new ServiceError(
      "ERR_STORAGE_UNAVAILABLE",
      "the issuer's storage cannot be written now; nothing was stored, retry later",
      {},
      { cause: error },
    );
  return undefined;
}

export interface ProblemOptions {
  logger: Logger;
  /** True once the chain is known to no longer hold the deployment: chain failures then say so. */
  deploymentLost?: () => boolean;
  /** Called when a request failed because of the chain: a reset chain is then found without waiting for the next check. */
  chainFailed?: () => void;
}

/**
 * The last handler: every error becomes problem+json. An internal error is logged here and only here
 * (error level, with its stack and the request id); a 503 of the chain is logged at warn level once per
 * request, so an outage is visible without flooding the log with stacks.
 */
export function problemHandler(options: ProblemOptions): ErrorRequestHandler {
  return (error, req, res, _next) => {
    let problem = toServiceError(error);
    if (problem.code === "ERR_CHAIN_UNREACHABLE") {
      if (options.deploymentLost?.())
        problem = new ServiceError("ERR_CHAIN_DEPLOYMENT_LOST", deploymentLostDetail, {}, { cause: error });
      else options.chainFailed?.();
    }
    const context = { requestId: requestIdOf(res), method: req.method, path: routeOf(req), code: problem.code };
    if (problem.code === "ERR_INTERNAL" || problem.code.startsWith("ERR_STORAGE_"))
      options.logger.error({ ...context, err: error }, "internal error");
    else if (problem.status >= 500)
      options.logger.warn({ ...context, detail: problem.message }, "request failed: the ledger is not available");
    sendProblem(res, problem);
  };
}

export const deploymentLostDetail =
  "the chain no longer holds the FairLedger deployment this service was set up with (chain reset?): an operator must restore it";

/** The path without its query string (which could carry a pickup code or a token). */
function routeOf(req: Request): string {
  return req.path;
}
