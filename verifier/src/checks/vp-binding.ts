/**
 * `vp-binding`: a VP-JWT is signed by the holder the credential was issued to (its did:jwk, resolved
 * locally), with the algorithm that key type allows, typ JWT, for this verifier's aud and nonce, recently.
 * jose validates the claims (iat window, exp, nbf) after the signature (jose/jws-verify.ts); aud and nonce
 * are compared here.
 * The holder is compared by key, not by DID string: credentials issued before did:jwk had one encoding
 * (RFC 7638 member order) name their holder in another member order than the holder's wallet writes.
 */
import { publicJwkOfDidJwk, sameDidJwkKey } from "@fairledger/common";
import { fail, pass, type CheckResult } from "../result.ts";
import type { DecodedJws } from "../jose/compact-jws.ts";
import { verifyJwt, type JoseFailure } from "../jose/jws-verify.ts";
import { checkAlgorithmMatchesKey } from "./algorithm.ts";
import { checkTyp } from "./typ.ts";
import type { KeyBindingExpectation } from "./key-binding.ts";

/** jose's verdict on a VP-JWT, as the vp-binding (or alg-allowed) check says it. */
function vpFailure(failure: JoseFailure): CheckResult {
  if (failure.code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED")
    return fail("vp-binding", "the presentation is not signed by the holder key");
  if (failure.code === "ERR_JOSE_ALG_NOT_ALLOWED")
    return fail("alg-allowed", "the presentation is not signed with the algorithm of the holder key");
  if (failure.claim === "iat")
    return fail("vp-binding", "the presentation is not recent (iat outside the allowed window)");
  if (failure.claim === "exp" && failure.code === "ERR_JWT_EXPIRED")
    return fail("vp-binding", "the presentation expired");
  return fail("vp-binding", `the presentation is malformed (${failure.claim ?? failure.code})`);
}

export function checkVpBinding(
  vp: DecodedJws,
  credentialSubject: unknown,
  expected: KeyBindingExpectation,
): CheckResult[] {
  const holder = vp.payload.iss;
  if (
    typeof holder !== "string" ||
    typeof credentialSubject !== "string" ||
    !sameDidJwkKey(holder, credentialSubject)
  ) {
    return [fail("vp-binding", "the presentation is not made by the holder the credential was issued to")];
  }
  const key = publicJwkOfDidJwk(holder);
  if (!key) return [fail("vp-binding", `the holder ${holder} is not a did:jwk this verifier can resolve locally`)];
  const alg = checkAlgorithmMatchesKey(vp.header, key, "presentation");
  if (!alg.passed) return [alg];
  const typ = checkTyp(vp.header, ["JWT"], "presentation");
  if (!typ.passed) return [typ];
  const verified = verifyJwt(vp, key, {
    typ: "JWT",
    now: expected.now,
    skewSeconds: expected.skewSeconds,
    maxAgeSeconds: expected.maxAgeSeconds,
    requiredClaims: ["iat"],
  });
  if (!verified.ok) return [vpFailure(verified)];
  const aud = verified.payload.aud;
  if (expected.audience === undefined)
    return [fail("vp-binding", "no audience (--aud) given to check the presentation against")];
  if (!(aud === expected.audience || (Array.isArray(aud) && aud.length === 1 && aud[0] === expected.audience))) {
    return [fail("vp-binding", `presented to ${JSON.stringify(aud)}, not to ${expected.audience}`)];
  }
  if (expected.nonce === undefined || verified.payload.nonce !== expected.nonce) {
    return [fail("vp-binding", "the nonce is not the one this verifier asked for: replayed or for another request")];
  }
  return [pass("vp-binding", `presented by the holder to ${expected.audience} for this request`)];
}
