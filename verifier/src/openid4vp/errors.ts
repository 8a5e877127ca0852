/**
 * Why an OpenID4VP request or response is refused before any credential check runs, with a stable code
 * and the OAuth error code (OpenID4VP 1.0 §8.5, RFC 6749 §4.1.2.1) the response endpoint answers with.
 * A presentation that arrives and fails a check is not an error: it is a verification result.
 */
export type Openid4vpErrorCode =
  /** No request with this state (never made, or made by another verifier). */
  | "ERR_VP_UNKNOWN_STATE"
  /** The request was already answered: each request is answerable once. */
  | "ERR_VP_ALREADY_ANSWERED"
  /** The request's time ran out before the answer came. */
  | "ERR_VP_REQUEST_EXPIRED"
  /** The response is not a 1.0 response: no vp_token object, a query id with no presentations, … */
  | "ERR_VP_RESPONSE_MALFORMED"
  /** The presentations do not answer the DCQL query (a credential or a claim it requires is missing). */
  | "ERR_VP_DCQL_UNSATISFIED"
  /** The wallet answered with an OAuth error response: the worker declined, or holds no matching paper. */
  | "ERR_VP_DECLINED"
  /** A request could not be made (bad response_uri, a signing key that cannot sign). */
  | "ERR_VP_REQUEST_INVALID";

const OAUTH_ERROR: Record<Openid4vpErrorCode, string> = {
  ERR_VP_UNKNOWN_STATE: "invalid_request",
  ERR_VP_ALREADY_ANSWERED: "invalid_request",
  ERR_VP_REQUEST_EXPIRED: "invalid_request",
  ERR_VP_RESPONSE_MALFORMED: "invalid_request",
  ERR_VP_DCQL_UNSATISFIED: "access_denied",
  ERR_VP_DECLINED: "access_denied",
  ERR_VP_REQUEST_INVALID: "invalid_request",
};

/** The OAuth error code a refusal with this code is answered with. */
export function oauthErrorOf(code: Openid4vpErrorCode): string {
  return OAUTH_ERROR[code];
}

export class Openid4vpError extends Error {
  readonly code: Openid4vpErrorCode;

  constructor(code: Openid4vpErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "Openid4vpError";
    this.code = code;
  }

  /** The OAuth error code of this refusal, for `{ error, error_description }` answers. */
  get oauthError(): string {
    return OAUTH_ERROR[this.code];
  }
}

export function isOpenid4vpError(error: unknown, code?: Openid4vpErrorCode): error is Openid4vpError {
  return error instanceof Openid4vpError && (code === undefined || error.code === code);
}
