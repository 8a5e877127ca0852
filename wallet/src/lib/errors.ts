/**
 * Wallet errors as types with a stable code (as jose's JOSEError): the page maps each code to a
 * sentence in the worker's language and never shows or matches message text.
 */
export type WalletErrorCode =
  | "ERR_OFFER_INVALID"
  | "ERR_CODE_INVALID"
  | "ERR_CODE_UNKNOWN"
  | "ERR_CODE_USED"
  | "ERR_CODE_EXPIRED"
  | "ERR_CODE_BLOCKED"
  | "ERR_PIN_REQUIRED"
  | "ERR_PIN_WRONG"
  | "ERR_OFFER_UNSUPPORTED"
  | "ERR_ISSUER_UNREACHABLE"
  | "ERR_ISSUER_REFUSED"
  | "ERR_CREDENTIAL_INVALID"
  | "ERR_CREDENTIAL_NOT_MINE"
  | "ERR_REQUEST_INVALID"
  /** An OpenID4VP request whose signer cannot be confirmed (wrong DID, unknown key, bad signature). */
  | "ERR_REQUEST_UNTRUSTED"
  | "ERR_REQUEST_EXPIRED"
  /** The verifier's request_uri or response_uri cannot be reached. */
  | "ERR_VERIFIER_UNREACHABLE"
  /** The verifier's response endpoint refused the answer (its `error_description` is in the message). */
  | "ERR_VERIFIER_REFUSED"
  | "ERR_QR_UNREADABLE"
  /** The service refused a complaint's proof (paper revoked, not of this service…), or gave no nonce. */
  | "ERR_COMPLAINT_REFUSED"
  /** The case already has an open complaint of this category. */
  | "ERR_COMPLAINT_ALREADY_OPEN"
  /** The complaint itself is not acceptable (empty text, photo of the wrong type or too large). */
  | "ERR_COMPLAINT_INVALID"
  | "ERR_KEY_UNAVAILABLE"
  /** Backups (backup/backup-file.ts): a passphrase too short to protect the file, a wrong one, a file that is not a backup. */
  | "ERR_BACKUP_PASSPHRASE_SHORT"
  | "ERR_BACKUP_PASSPHRASE_WRONG"
  | "ERR_BACKUP_INVALID";

export class WalletError extends Error {
  readonly code: WalletErrorCode;

  constructor(code: WalletErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "WalletError";
    this.code = code;
  }
}

export function errorCodeOf(error: unknown): WalletErrorCode | "ERR_UNEXPECTED" {
  return error instanceof WalletError ? error.code : "ERR_UNEXPECTED";
}
