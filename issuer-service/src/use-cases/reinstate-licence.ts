/** An authority reinstates an agency's suspended licence. */
import type { Principal } from "../store/principals-repository.ts";
import { sendLicenceChange, type AuthorityServices } from "./authority-services.ts";

export async function reinstateLicence(services: AuthorityServices, authority: Principal, agency: string) {
  const receipt = await sendLicenceChange(services, authority, agency, (ledger) => ledger.reinstateLicence(agency));
  services.store.audit.record(authority.did, "licence.reinstated", agency, { tx: receipt.hash });
  return receipt;
}
