/**
 * `key-binding`: RFC 9901 §7.3 — the presentation ends in a KB-JWT (typ kb+jwt) signed by the credential's
 * cnf key with the algorithm that key type allows, whose nonce and aud are the verifier's own, whose iat
 * is recent (bounded window), and whose sd_hash covers exactly the SD-JWT and disclosures presented.
 * jose validates typ and the claims (iat window, exp, nbf) after the signature (jose/jws-verify.ts); sd_hash,
 * aud and nonce are compared here.
 */
import { algorithmForJwk, toPublicJwk } from "@fairledger/common";
import { fail, pass, type CheckResult } from "../result.ts";
import { decodeCompactJws, JwsDecodeError } from "../jose/compact-jws.ts";
import { verifyJwt, type JoseFailure } from "../jose/jws-verify.ts";
import { sdHash } from "../jose/sd-hash.ts";
import { checkAlgorithmAllowed } from "./algorithm.ts";

export interface KeyBindingExpectation {
  audience?: string;
  nonce?: string;
  now: number;
  skewSeconds: number;
  maxAgeSeconds: number;
}

/** jose's verdict on a KB-JWT, as the key-binding (or typ / alg-allowed) check says it. */
function keyBindingFailure(failure: JoseFailure, expected: KeyBindingExpectation): CheckResult {
  if (failure.code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED")
    return fail("key-binding", "key-binding JWT is not signed by the credential's holder key");
  if (failure.code === "ERR_JOSE_ALG_NOT_ALLOWED")
    return fail("alg-allowed", "key-binding JWT is not signed with the algorithm of the holder key");
  if (failure.claim === "typ") return fail("typ", "key-binding JWT is not typ kb+jwt");
  if (failure.claim === "iat") {
    if (failure.code === "ERR_JWT_EXPIRED") {
      const age = Math.round(expected.now - Number(failure.payload?.iat));
      return fail(
        "key-binding",
        `presentation made ${age} s ago, more than ${expected.maxAgeSeconds} s: replayed or stale`,
      );
    }
    return fail(
      "key-binding",
      failure.reason === "check_failed" ? "key-binding JWT is dated in the future" : "key-binding JWT has no iat",
    );
  }
  if (failure.claim !== undefined) {
    return fail(
      "key-binding",
      `key-binding JWT ${failure.reason === "missing" ? "has no" : "has an unacceptable"} ${failure.claim}`,
    );
  }
  return fail("key-binding", `key-binding JWT is malformed (${failure.code})`);
}

export function checkKeyBinding(
  kbJwt: string,
  presentedPrefix: string,
  cnf: unknown,
  expected: KeyBindingExpectation,
): CheckResult[] {
  let jws;
  try {
    jws = decodeCompactJws(kbJwt, "key-binding JWT");
  } catch (error) {
    if (error instanceof JwsDecodeError) return [fail("key-binding", error.message)];
    throw error;
  }
  const early = checkAlgorithmAllowed(jws.header, "key-binding JWT");
  if (early) return [early];
  if (jws.header.typ !== "kb+jwt")
    return [fail("typ", `key-binding JWT has typ ${JSON.stringify(jws.header.typ)}; expected kb+jwt`)];
  let holderKey;
  try {
    holderKey = toPublicJwk((cnf as { jwk?: never } | undefined)?.jwk as never);
  } catch {
    return [fail("key-binding", "the credential binds no usable holder key (cnf.jwk)")];
  }
  const alg = algorithmForJwk(holderKey);
  if (jws.header.alg !== alg)
    return [
      fail("alg-allowed", `key-binding JWT says ${String(jws.header.alg)} but the holder key signs only with ${alg}`),
    ];
  const verified = verifyJwt(jws, holderKey, {
    typ: "kb+jwt",
    now: expected.now,
    skewSeconds: expected.skewSeconds,
    maxAgeSeconds: expected.maxAgeSeconds,
    requiredClaims: ["iat", "sd_hash"],
  });
  if (!verified.ok) return [keyBindingFailure(verified, expected)];
  const { payload } = verified;
  if (payload.sd_hash !== sdHash(presentedPrefix))
    return [fail("key-binding", "sd_hash does not match the presented credential and disclosures")];
  if (expected.audience === undefined)
    return [fail("key-binding", "no audience (--aud) given to check the presentation against")];
  if (payload.aud !== expected.audience)
    return [fail("key-binding", `presented to ${JSON.stringify(payload.aud)}, not to ${expected.audience}`)];
  if (expected.nonce === undefined)
    return [fail("key-binding", "no nonce (--nonce) given to check the presentation against")];
  if (payload.nonce !== expected.nonce)
    return [fail("key-binding", "the nonce is not the one this verifier asked for: replayed or for another request")];
  return [pass("key-binding", `presented by the holder to ${expected.audience} for this request`)];
}
