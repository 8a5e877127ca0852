/**
 * An authority revokes an agency's licence with a named reason, from `effectiveFrom` (a licence obtained
 * or used by fraud) or, without it, from the chain's latest block time: now, on the chain's clock.
 */
import type { LicenceReason } from "@fairledger/common";
import type { Principal } from "../store/principals-repository.ts";
import { sendLicenceChange, type AuthorityServices } from "./authority-services.ts";

export async function revokeLicence(
  services: AuthorityServices,
  authority: Principal,
  agency: string,
  revocation: { reason: LicenceReason; effectiveFrom?: string },
) {
  const from = revocation.effectiveFrom
    ? Math.floor(Date.parse(revocation.effectiveFrom) / 1000)
    : await services.ledger.latestBlockTime();
  const receipt = await sendLicenceChange(services, authority, agency, (ledger) =>
    ledger.revokeLicence(agency, revocation.reason.code, from),
  );
  const effectiveFrom = new Date(from * 1000).toISOString();
  services.store.audit.record(authority.did, "licence.revoked", agency, {
    reason: revocation.reason.name,
    effectiveFrom,
    tx: receipt.hash,
  });
  return { receipt, effectiveFrom };
}
