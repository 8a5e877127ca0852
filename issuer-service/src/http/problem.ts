/**
 * RFC 9457 problem+json for every error: a stable `type` URI per error code, the HTTP status, a
 * human `detail`, and for invalid input an `errors` list naming each field by JSON pointer.
 * OAuth endpoints additionally carry `error`/`error_description` as RFC 6749 clients expect.
 */
import type { ErrorRequestHandler, Response } from "express";
import { isFairLedgerError } from "@fairledger/common";
import { SERVICE_ERRORS, ServiceError, type ServiceErrorCode } from "../errors.ts";
import { BodyRefused } from "./input-guards.ts";

export const PROBLEM_BASE = "urn:fairledger:problem:";
const OAUTH_CODES = new Set([
  "invalid_grant",
  "invalid_token",
  "invalid_proof",
  "invalid_nonce",
  "unsupported_grant_type",
  "unsupported_credential_format",
]);

export function sendProblem(res: Response, error: ServiceError): void {
  const { status, title } = SERVICE_ERRORS[error.code];
  const body: Record<string, unknown> = {
    type: `${PROBLEM_BASE}${error.code}`,
    title,
    status,
    detail: error.message,
    code: error.code,
    ...error.extensions,
  };
  if (OAUTH_CODES.has(error.code)) {
    body.error = error.code;
    body.error_description = error.message;
  }
  if (error.code === "invalid_token") res.setHeader("WWW-Authenticate", `Bearer error="invalid_token"`);
  res.status(status).type("application/problem+json").send(JSON.stringify(body));
}

function toServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof BodyRefused) return error.problem;
  const httpError = error as { type?: string; status?: number; expose?: boolean; message?: string };
  if (httpError?.type === "entity.too.large") return new ServiceError("ERR_PAYLOAD_TOO_LARGE", "the request body exceeds the size limit");
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
    return new ServiceError("ERR_STORAGE_FULL", "the issuer's disk is full; nothing was stored, retry when space is freed", {}, { cause: error });
  if (code.startsWith("SQLITE_READONLY") || code.startsWith("SQLITE_IOERR") || code.startsWith("SQLITE_CANTOPEN") || code.startsWith("SQLITE_BUSY"))
    return new ServiceError("ERR_STORAGE_UNAVAILABLE", "the issuer's storage cannot be written now; nothing was stored, retry later", {}, { cause: error });
  return undefined;
}

export function problemHandler(log: (line: string) => void): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const problem = toServiceError(error);
    if (problem.code === "ERR_INTERNAL" || problem.code.startsWith("ERR_STORAGE_")) log(`internal error: ${(error as Error)?.stack ?? String(error)}`);
    sendProblem(res, problem);
  };
}
