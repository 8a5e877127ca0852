/**
 * `not-revoked`: the issuer has not suspended or revoked the credential (or the whole batch, or the
 * licence), on chain. `compare`, when given, is told the chain's answer as a Token Status List value and
 * may return a notice (status-list.ts: the issuer's list disagrees); the verdict stays the chain's.
 */
import { TOKEN_STATUS, type TokenStatus } from "@fairledger/common";
import { fail, pass, type CheckResult } from "../result.ts";
import { LicenceStatus, RECORD_STATUS_NAMES, RecordStatus, type TrustSource } from "../trust/trust-source.ts";
import type { AnchorLocation } from "./anchored.ts";

export async function checkNotRevoked(
  trust: TrustSource,
  digest: string,
  location: AnchorLocation,
  compare?: (chainStatus: TokenStatus) => Promise<string | undefined>,
): Promise<CheckResult> {
  const result = await chainVerdict(trust, digest, location);
  const notice = compare && (await compare(result.tokenStatus));
  return notice ? { ...result.check, notice } : result.check;
}

/** LicenceStatus and RecordStatus share their numbering (None, Active, Suspended, Revoked). */
function tokenStatusOf(status: number): TokenStatus {
  if (status === RecordStatus.Active) return TOKEN_STATUS.valid;
  if (status === RecordStatus.Suspended) return TOKEN_STATUS.suspended;
  return TOKEN_STATUS.invalid;
}

async function chainVerdict(
  trust: TrustSource,
  digest: string,
  location: AnchorLocation,
): Promise<{ check: CheckResult; tokenStatus: TokenStatus }> {
  let status: number;
  if (location.kind === "licence") {
    status = (await trust.licenceOf(location.agency)).status;
    const check =
      status !== LicenceStatus.Active
        ? fail("not-revoked", `the licence is ${RECORD_STATUS_NAMES[status] ?? "unknown"}`)
        : pass("not-revoked", "the licence is active");
    return { check, tokenStatus: tokenStatusOf(status) };
  }
  status =
    location.kind === "batch"
      ? await trust.batchRecordStatus(location.issuer, location.root, digest)
      : (await trust.recordOf(location.issuer, digest)).status;
  const check =
    status !== RecordStatus.Active
      ? fail("not-revoked", `the credential is ${RECORD_STATUS_NAMES[status] ?? "unknown"} on chain`)
      : pass("not-revoked", "active on chain: neither suspended nor revoked");
  return { check, tokenStatus: tokenStatusOf(status) };
}
