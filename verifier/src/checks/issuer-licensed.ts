/**
 * `issuer-licensed`: an agency credential's issuer held an active licence of the corridor's ORIGIN
 * country at the moment it issued (wasLicensedAt, from the licence's full history). A licence credential's
 * issuer must be a licensing authority of the licence's jurisdiction.
 *
 * Two ends of a licence are told apart, because they mean opposite things for the worker:
 * - suspended (or revoked from then on) AFTER issue: the credential stays valid; the check passes with a
 *   notice naming the later change;
 * - revoked for fraud WITH EFFECT FROM a time at or before issue: the credential is invalid; the reason
 *   names the revocation (when it was made, from when it takes effect, its reason code).
 */
import type { CredentialType } from "@fairledger/common";
import { fail, pass, passWithNotice, type CheckResult } from "../result.ts";
import { LicenceStatus, type LedgerLicenceRevocation, type TrustSource } from "../trust/trust-source.ts";

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

export async function checkIssuerLicensed(
  trust: TrustSource,
  type: CredentialType,
  issuer: string,
  subject: Record<string, unknown>,
  issuedAt: number,
): Promise<CheckResult> {
  const when = iso(issuedAt);
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
    const voiding = (await trust.licenceRevocations(issuer)).find(
      (r) => r.effectiveFrom <= issuedAt && issuedAt < r.revokedAt,
    );
    if (voiding) {
      return fail(
        "issuer-licensed",
        `the issuing agency's licence was revoked on ${iso(voiding.revokedAt)} (reason code ${voiding.reasonCode}) with effect from ` +
          `${iso(voiding.effectiveFrom)}: credentials it issued from then on, like this one (issued ${when}), are invalid`,
      );
    }
    return fail(
      "issuer-licensed",
      `the issuing agency was not licensed in ${origin} (origin of ${corridor}) at issue time ${when}`,
    );
  }
  const licensed = `the issuing agency was licensed in ${origin} at issue time ${when}`;
  const notice = await laterChangeNotice(trust, issuer);
  return notice ? passWithNotice("issuer-licensed", licensed, notice) : pass("issuer-licensed", licensed);
}

/** Plain words for a suspension or revocation that came after issue and so leaves the credential valid. */
async function laterChangeNotice(trust: TrustSource, agency: string): Promise<string | undefined> {
  const { status } = await trust.licenceOf(agency);
  if (status === LicenceStatus.Suspended) {
    return "the agency's licence is suspended now; the suspension came after issue and does not affect this credential";
  }
  if (status === LicenceStatus.Revoked) {
    const latest: LedgerLicenceRevocation | undefined = (await trust.licenceRevocations(agency)).at(-1);
    const detail = latest
      ? ` on ${iso(latest.revokedAt)} (reason code ${latest.reasonCode}) with effect from ${iso(latest.effectiveFrom)}`
      : "";
    return `the agency's licence was revoked${detail}, after issue; this does not affect this credential`;
  }
  return undefined;
}
