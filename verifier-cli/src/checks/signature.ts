/** `issuer-signature`: the JWS verifies under the resolved key, with node:crypto (common/src/jws-keys.ts). */
import { createJwsVerifier, type PublicJwk } from "@fairledger/common/node";
import { fail, pass, type CheckId, type CheckResult } from "../result.ts";
import type { DecodedJws } from "../jose/compact-jws.ts";

export function verifiesWith(jws: DecodedJws, key: PublicJwk): boolean {
  try {
    const verifier = createJwsVerifier(key as never);
    return verifier.alg === jws.header.alg && verifier.verify(jws.signingInput, jws.signature);
  } catch {
    return false;
  }
}

export function checkSignature(jws: DecodedJws, key: PublicJwk, what: string, id: CheckId = "issuer-signature"): CheckResult {
  return verifiesWith(jws, key) ? pass(id, `${what} signature is valid`) : fail(id, `${what} signature does not verify: altered or forged`);
}
