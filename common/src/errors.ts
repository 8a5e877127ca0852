/**
 * Errors as types with a stable code (as jose's JOSEError). Callers branch on `code`, never on message
 * text: the verifier CLI maps codes to exit codes, the issuer service maps them to problem+json.
 */
export type FairLedgerErrorCode =
  | "ERR_CONFIG_INVALID"
  | "ERR_MANIFEST_INVALID"
  | "ERR_INPUT_INVALID"
  | "ERR_CHAIN_UNREACHABLE"
  | "ERR_DID_UNRESOLVABLE"
  | "ERR_SIGNATURE_INVALID"
  | "ERR_KEY_UNSUPPORTED"
  | "ERR_MERKLE_PROOF_INVALID"
  /** A presentation request (presentation-request.ts) is not one. */
  | "ERR_REQUEST_INVALID"
  /** QR parts (qr-parts.ts) cannot be joined: one is missing, repeated or malformed. */
  | "ERR_QR_PARTS_INVALID";

export class FairLedgerError extends Error {
  readonly code: FairLedgerErrorCode;

  constructor(code: FairLedgerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "FairLedgerError";
    this.code = code;
  }
}

export function isFairLedgerError(error: unknown, code?: FairLedgerErrorCode): error is FairLedgerError {
  return error instanceof FairLedgerError && (code === undefined || error.code === code);
}
