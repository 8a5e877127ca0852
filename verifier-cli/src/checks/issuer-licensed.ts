/**
 * `issuer-licensed`: an agency credential's issuer held an active licence of the corridor's ORIGIN
 * country at the moment it issued (wasLicensedAt, from the licence's full history). A licence credential's
 * issuer must be a licensing authority of the licence's jurisdiction.
 */
import type { CredentialType } from "@fairledger/common";
import { fail, pass, type CheckResult } from "../result.ts";
import type { TrustSource } from "../trust/trust-source.ts";

export async function checkIssuerLicensed(
  trust: TrustSource,
  type: CredentialType,
  issuer: string,
  subject: Record<string, unknown>,
  issuedAt: number,
): Promise<CheckResult> {
  const when = new Date(issuedAt * 1000).toISOString();
  if (type === "AgencyLicenceCredential") {
    const jurisdiction = await trust.authorityJurisdiction(issuer);
    if (jurisdiction !== subject.jurisdiction) {
      return fail("issuer-licensed", `issuer is not a licensing authority of ${String(subject.jurisdiction)}`);
    }
    return pass("issuer-licensed", `issued by a licensing authority of ${jurisdiction}`);
  }
  const corridor = String(subject.corridor);
  const origin = corridor.slice(0, 2);
  if (!(await trust.wasLicensedAt(issuer, origin, issuedAt))) {
    return fail("issuer-licensed", `the issuing agency was not licensed in ${origin} (origin of ${corridor}) at issue time ${when}`);
  }
  return pass("issuer-licensed", `the issuing agency was licensed in ${origin} at issue time ${when}`);
}
