/**
 * Errors of the verifier with stable codes. The CLI maps them to exit codes: usage → 64, cannot verify → 2.
 * A failed check is never an error: it is a CheckResult.
 */
export type VerifierErrorCode =
  | "ERR_USAGE"
  | "ERR_INPUT_UNREADABLE"
  | "ERR_CHAIN_UNREACHABLE"
  | "ERR_SNAPSHOT_INVALID"
  | "ERR_SNAPSHOT_TOO_OLD"
  /** The used-nonce store (verifier data directory) cannot be opened: replays could not be refused. */
  | "ERR_NONCE_STORE"
  /** The agency or corridor an audit names is not known on chain (never licensed, no fee policy in force). */
  | "ERR_AUDIT_SCOPE_UNKNOWN";

export class VerifierError extends Error {
  readonly code: VerifierErrorCode;

  constructor(code: VerifierErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "VerifierError";
    this.code = code;
  }
}

export function isVerifierError(error: unknown, code?: VerifierErrorCode): error is VerifierError {
  return error instanceof VerifierError && (code === undefined || error.code === code);
}

/** A chain or DID lookup failed for a reason outside the credential (RPC down, timeout). */
export class TrustSourceUnavailable extends VerifierError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_CHAIN_UNREACHABLE", message, options);
    this.name = "TrustSourceUnavailable";
  }
}
