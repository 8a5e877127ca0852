/** `issuer-signature`: the JWS verifies under the resolved key (jose/jws-verify.ts). */
import type { PublicJwk } from "@fairledger/common";
import { fail, pass, type CheckId, type CheckResult } from "../result.ts";
import type { DecodedJws } from "../jose/compact-jws.ts";
import { verifySignature, type JoseFailure } from "../jose/jws-verify.ts";

/** Why a signature did not verify, in the words of the check that asked. */
export function signatureFailure(failure: JoseFailure, id: CheckId, what: string): CheckResult {
  switch (failure.code) {
    case "ERR_JOSE_ALG_NOT_ALLOWED":
      // checkAlgorithmMatchesKey refuses this first; kept so that no jose outcome goes unnamed.
      return fail("alg-allowed", `${what} is not signed with the algorithm of its key`);
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return fail(id, `${what} signature does not verify: altered or forged`);
    default:
      return fail(id, `${what} signature does not verify: malformed JWS (${failure.code})`);
  }
}

export function checkSignature(
  jws: DecodedJws,
  key: PublicJwk,
  what: string,
  id: CheckId = "issuer-signature",
): CheckResult {
  const verified = verifySignature(jws, key);
  return verified.ok ? pass(id, `${what} signature is valid`) : signatureFailure(verified, id, what);
}
