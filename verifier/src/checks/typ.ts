/** `typ`: each token says what it is (RFC 8725 §3.11), so a KB-JWT cannot pass as a credential or the reverse. */
import { JOSE_TYP, LEGACY_SD_JWT_VC_TYP, LEGACY_SD_JWT_VC_TYP_UNTIL, acceptedSdJwtVcTyps } from "@fairledger/common";
import { fail, pass, type CheckResult } from "../result.ts";

export function checkTyp(header: Record<string, unknown>, expected: readonly string[], what: string): CheckResult {
  const typ = header.typ;
  if (typeof typ !== "string" || !expected.includes(typ)) {
    return fail("typ", `${what} has typ ${JSON.stringify(typ)}; expected ${expected.join(" or ")}`);
  }
  return pass("typ", `${what} is typ ${typ}`);
}

/**
 * An SD-JWT VC's `typ`: `dc+sd-jwt`, or until LEGACY_SD_JWT_VC_TYP_UNTIL the pre-November-2024 `vc+sd-jwt`
 * that credentials issued before #13 carry (the draft asks verifiers to accept both during a transition).
 */
export function checkSdJwtVcTyp(header: Record<string, unknown>, nowSeconds: number, what: string): CheckResult {
  const result = checkTyp(header, acceptedSdJwtVcTyps(nowSeconds), what);
  if (result.passed && header.typ === LEGACY_SD_JWT_VC_TYP) {
    const until = new Date(LEGACY_SD_JWT_VC_TYP_UNTIL * 1000).toISOString().slice(0, 10);
    return pass(
      "typ",
      `${what} is typ ${LEGACY_SD_JWT_VC_TYP} (the former name of ${JOSE_TYP.sdJwtVc}, accepted until ${until})`,
    );
  }
  if (!result.passed && header.typ === LEGACY_SD_JWT_VC_TYP) {
    return fail(
      "typ",
      `${what} has typ ${LEGACY_SD_JWT_VC_TYP}, no longer accepted since the transition to ${JOSE_TYP.sdJwtVc} ended`,
    );
  }
  return result;
}
