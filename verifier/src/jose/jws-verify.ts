/**
 * JWS signatures and JWT claim sets, checked under a key the verifier resolved itself (the issuer's DID
 * document at issue time, the credential's cnf, the holder's did:jwk), never one the token names. The
 * outcome speaks jose's vocabulary — its stable error codes, and for a claim check the claim and why — so
 * each named check turns it into its own plain-words reason; nothing here matches on message text.
 *
 * Claim sets (typ, required claims, iat age, exp, nbf) are validated by jose itself: `UnsecuredJWT.decode`
 * runs jose's JWT claims validation on the payload whose signature was just verified, and its typed errors
 * (JWTExpired, JWTClaimValidationFailed with `claim` and `reason`) come back as values.
 *
 * Signatures are verified with one-shot node:crypto (common/src/jws-keys.ts), not jose's compactVerify:
 * jose 6 verifies through WebCrypto, which on Node 20 costs 35–45 µs more CPU per signature (Ed25519 112 →
 * 149 µs, P-256 72 → 116 µs, measured on the bench machine): ~80 µs more per presentation, against ~300 µs
 * for a whole verification on an idle core (0.62× the two-signature limit), over the benchmark's 10% budget. test/jws-verify.test.ts holds this verdict to jose's
 * compactVerify on valid, altered, forged, truncated and relabelled tokens of both key types.
 */
// jose's published subpath entry points: the CLI loads two modules of jose, not all of it (start-up time).
import { UnsecuredJWT } from "jose/jwt/unsecured";
import { JOSEError, type JWTClaimValidationFailed } from "jose/errors";
import type { JWTPayload } from "jose";
import { createJwsVerifier, type PublicJwk } from "@fairledger/common/node";
import type { DecodedJws } from "./compact-jws.ts";
import { utf8ToBase64url } from "../platform/bytes.ts";

export type JoseFailure = {
  ok: false;
  /** jose's error code: ERR_JWS_SIGNATURE_VERIFICATION_FAILED, ERR_JOSE_ALG_NOT_ALLOWED, ERR_JWT_EXPIRED, ERR_JWT_CLAIM_VALIDATION_FAILED… */
  code: string;
  /** For ERR_JWT_CLAIM_VALIDATION_FAILED and ERR_JWT_EXPIRED: the claim ("iat", "typ", "exp"…) and jose's reason ("missing", "check_failed", "invalid"). */
  claim?: string;
  reason?: string;
  /** The claims set, when a claim check failed (the signature was good). */
  payload?: JWTPayload;
};
export type JoseOutcome = { ok: true; payload: JWTPayload } | JoseFailure;

/** The JWS verifies under `key` with the one algorithm that key type signs with (jose's `algorithms: [alg]`). */
export function verifySignature(jws: DecodedJws, key: PublicJwk): JoseOutcome {
  let verifier;
  try {
    verifier = createJwsVerifier(key as never);
  } catch {
    return { ok: false, code: "ERR_JOSE_NOT_SUPPORTED" };
  }
  if (verifier.alg !== jws.header.alg) return { ok: false, code: "ERR_JOSE_ALG_NOT_ALLOWED" };
  if (!verifier.verify(jws.signingInput, jws.signature))
    return { ok: false, code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" };
  return { ok: true, payload: jws.payload };
}

export interface JwtExpectation {
  typ: string;
  /** Verification time, unix seconds. */
  now: number;
  skewSeconds: number;
  /** How old (by iat) the JWT may be. */
  maxAgeSeconds: number;
  requiredClaims: string[];
}

/** An unsecured header per typ: jose's claim validation reads typ from the header it is given. */
const unsecuredHeaders = new Map<string, string>();

function unsecuredHeader(typ: unknown): string {
  const key = typeof typ === "string" ? typ : "";
  let header = unsecuredHeaders.get(key);
  if (header === undefined) {
    header = utf8ToBase64url(JSON.stringify(typeof typ === "string" ? { alg: "none", typ } : { alg: "none" }));
    if (unsecuredHeaders.size < 100) unsecuredHeaders.set(key, header);
  }
  return header;
}

/** jose's JWT claims validation of a payload whose signature is already verified. */
export function validateClaims(jws: DecodedJws, expected: JwtExpectation): JoseOutcome {
  const payloadPart = jws.signingInput.slice(jws.signingInput.indexOf(".") + 1);
  try {
    const { payload } = UnsecuredJWT.decode(`${unsecuredHeader(jws.header.typ)}.${payloadPart}.`, {
      typ: expected.typ,
      currentDate: new Date(expected.now * 1000),
      clockTolerance: expected.skewSeconds,
      maxTokenAge: expected.maxAgeSeconds,
      requiredClaims: expected.requiredClaims,
    });
    return { ok: true, payload };
  } catch (error) {
    if (!(error instanceof JOSEError)) throw error;
    const claimError = error as Partial<JWTClaimValidationFailed>;
    return {
      ok: false,
      code: error.code,
      claim: claimError.claim,
      reason: claimError.reason,
      payload: claimError.payload,
    };
  }
}

/** A holder-signed JWT: signature under `key`, then typ, the required claims, iat within the window, exp/nbf if present. */
export function verifyJwt(jws: DecodedJws, key: PublicJwk, expected: JwtExpectation): JoseOutcome {
  const signature = verifySignature(jws, key);
  return signature.ok ? validateClaims(jws, expected) : signature;
}
