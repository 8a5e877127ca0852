/**
 * `alg-allowed` (RFC 8725 §3.1–3.2): only EdDSA and ES256 exist here, each tied to one key type. `none`,
 * HMAC (HS256 "signed" with a public key as secret) and an algorithm relabelled to another key type fail
 * before or instead of any cryptography.
 */
import { ALLOWED_JWS_ALGORITHMS, algorithmForJwk, type PublicJwk } from "@fairledger/common";
import { fail, pass, type CheckResult } from "../result.ts";

export function checkAlgorithmAllowed(header: Record<string, unknown>, what: string): CheckResult | null {
  const alg = header.alg;
  if (typeof alg !== "string" || !(ALLOWED_JWS_ALGORITHMS as readonly string[]).includes(alg)) {
    return fail(
      "alg-allowed",
      `${what} uses algorithm ${JSON.stringify(alg)}; only ${ALLOWED_JWS_ALGORITHMS.join(" and ")} are accepted`,
    );
  }
  if (header.crit !== undefined)
    return fail("alg-allowed", `${what} has critical header extensions this verifier does not understand`);
  for (const embedded of ["jku", "x5u", "jwk", "x5c"]) {
    // Keys come from the consortium chain (or the cnf claim), never from the token's own header.
    if (header[embedded] !== undefined)
      return fail("alg-allowed", `${what} carries its own key reference (${embedded}); refused`);
  }
  return null;
}

export function checkAlgorithmMatchesKey(header: Record<string, unknown>, key: PublicJwk, what: string): CheckResult {
  const early = checkAlgorithmAllowed(header, what);
  if (early) return early;
  const expected = algorithmForJwk(key);
  if (header.alg !== expected) {
    return fail(
      "alg-allowed",
      `${what} says ${String(header.alg)} but its key is ${key.crv}, which signs only with ${expected}`,
    );
  }
  return pass("alg-allowed", `${what}: ${expected} with a ${key.crv} key`);
}
