/**
 * Errors of the issuer service as types with stable codes; the HTTP layer maps each code to an
 * RFC 9457 problem type and status. Messages are for people, codes are for programs.
 */
export const SERVICE_ERRORS = {
  ERR_INPUT_INVALID: { status: 400, title: "Request body or parameters are invalid" },
  ERR_UNAUTHENTICATED: { status: 401, title: "Missing or unknown API key" },
  ERR_FORBIDDEN: { status: 403, title: "Not allowed for this principal" },
  ERR_NOT_FOUND: { status: 404, title: "No such resource" },
  ERR_CONFLICT: { status: 409, title: "Conflicts with the current state" },
  ERR_IDEMPOTENCY_MISMATCH: { status: 422, title: "Idempotency-Key reused with a different request" },
  ERR_IDEMPOTENCY_REQUIRED: { status: 428, title: "Idempotency-Key header required on writes" },
  ERR_PAYLOAD_TOO_LARGE: { status: 413, title: "Request body too large" },
  ERR_AGENCY_NOT_LICENSED: { status: 403, title: "Agency licence is not valid now on chain" },
  ERR_DATA_ERASED: { status: 410, title: "Personal data of this case was erased" },
  ERR_CHAIN_REJECTED: { status: 422, title: "The ledger rejected the transaction" },
  // A transient outage: the client may retry after `retryAfterSeconds` (sent as Retry-After).
  ERR_CHAIN_UNREACHABLE: { status: 503, title: "The ledger is unreachable", retryAfterSeconds: 5 },
  // Not transient: the chain no longer holds the deployment this service was set up with (chain reset?).
  // Nothing anchored there can be proved; an operator must restore the chain or set the service up again.
  ERR_CHAIN_DEPLOYMENT_LOST: { status: 503, title: "The ledger no longer holds the FairLedger deployment" },
  ERR_STORAGE_FULL: { status: 507, title: "The issuer's storage is full" },
  ERR_STORAGE_UNAVAILABLE: { status: 503, title: "The issuer's storage cannot be written" },
  // OAuth 2.0 / OpenID4VCI errors keep their protocol's names (RFC 6749 §5.2, OpenID4VCI 1.0 §6.3, §8.3.1)
  // and are answered as `{ error, error_description }`, not problem+json (http/problem.ts).
  invalid_request: { status: 400, title: "Token request is missing or repeats a parameter" },
  invalid_grant: { status: 400, title: "Pre-authorized code or transaction code invalid, used or expired" },
  invalid_token: { status: 401, title: "Access token invalid or expired" },
  invalid_proof: { status: 400, title: "Proof of possession invalid" },
  invalid_nonce: { status: 400, title: "Proof nonce is not the current c_nonce" },
  unsupported_grant_type: { status: 400, title: "Unsupported grant type" },
  invalid_credential_request: { status: 400, title: "Credential request malformed" },
  unknown_credential_configuration: { status: 400, title: "Credential configuration unknown or not offered" },
  invalid_notification_id: { status: 400, title: "Notification id unknown for this access token" },
  invalid_notification_request: { status: 400, title: "Notification request malformed" },
  // Draft 13/14 name, still answered to FairLedger's older wallets (pickup/draft-shapes.ts).
  unsupported_credential_format: { status: 400, title: "Unsupported credential format" },
  ERR_INTERNAL: { status: 500, title: "Internal error" },
} as const;

export type ServiceErrorCode = keyof typeof SERVICE_ERRORS;

/** Seconds a client should wait before retrying after this error, when it is transient. */
export function retryAfterSeconds(code: ServiceErrorCode): number | undefined {
  const entry = SERVICE_ERRORS[code];
  return "retryAfterSeconds" in entry ? entry.retryAfterSeconds : undefined;
}

/**
 * A value this service stored or derived itself and so must find (a row it has just written, the principal
 * behind one of its own keys, a blob sealed when the case opened). Its absence is a defect or a damaged
 * store, not the client's doing: ERR_INTERNAL, as any unexpected failure is answered, but naming what.
 */
export function expectPresent<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new ServiceError("ERR_INTERNAL", `${what} is missing`);
  return value;
}

export class ServiceError extends Error {
  readonly code: ServiceErrorCode;
  /** Extra members for the problem document (e.g. `errors` naming fields). */
  readonly extensions: Record<string, unknown>;

  constructor(
    code: ServiceErrorCode,
    message: string,
    extensions: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ServiceError";
    this.code = code;
    this.extensions = extensions;
  }

  get status(): number {
    return SERVICE_ERRORS[this.code].status;
  }
}
