/** An authority suspends an agency's licence with a named reason; the contract checks jurisdiction and transition. */
import type { LicenceReason } from "@fairledger/common";
import type { Principal } from "../store/principals-repository.ts";
import { sendLicenceChange, type AuthorityServices } from "./authority-services.ts";

export async function suspendLicence(
  services: AuthorityServices,
  authority: Principal,
  agency: string,
  reason: LicenceReason,
) {
  const receipt = await sendLicenceChange(services, authority, agency, (ledger) =>
    ledger.suspendLicence(agency, reason.code),
  );
  services.store.audit.record(authority.did, "licence.suspended", agency, { reason: reason.name, tx: receipt.hash });
  return receipt;
}
