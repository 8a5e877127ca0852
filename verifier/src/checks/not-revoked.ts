/** `not-revoked`: the issuer has not suspended or revoked the credential (or the whole batch, or the licence). */
import { fail, pass, type CheckResult } from "../result.ts";
import { LicenceStatus, RECORD_STATUS_NAMES, RecordStatus, type TrustSource } from "../trust/trust-source.ts";
import type { AnchorLocation } from "./anchored.ts";

export async function checkNotRevoked(
  trust: TrustSource,
  digest: string,
  location: AnchorLocation,
): Promise<CheckResult> {
  let status: number;
  if (location.kind === "licence") {
    status = (await trust.licenceOf(location.agency)).status;
    if (status !== LicenceStatus.Active)
      return fail("not-revoked", `the licence is ${RECORD_STATUS_NAMES[status] ?? "unknown"}`);
    return pass("not-revoked", "the licence is active");
  }
  status =
    location.kind === "batch"
      ? await trust.batchRecordStatus(location.issuer, location.root, digest)
      : (await trust.recordOf(location.issuer, digest)).status;
  if (status !== RecordStatus.Active)
    return fail("not-revoked", `the credential is ${RECORD_STATUS_NAMES[status] ?? "unknown"} on chain`);
  return pass("not-revoked", "active on chain: neither suspended nor revoked");
}
