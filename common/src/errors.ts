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
  | "ERR_QR_PARTS_INVALID"
  /** An offline QR payload (offline-qr/) is corrupted, truncated, too large or of an unknown version. */
  | "ERR_QR_PAYLOAD_INVALID"
  /** A part of an offline QR set belongs to another presentation than the parts read before it. */
  | "ERR_QR_PART_FOREIGN"
  /** An offline QR set is not complete yet; the message names the missing parts. */
  | "ERR_QR_PARTS_MISSING";

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
