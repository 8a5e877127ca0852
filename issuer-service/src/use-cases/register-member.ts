/** An authority registers (or deregisters) an employer or an insurer of its own country on chain. */
import type { Principal } from "../store/principals-repository.ts";
import { sendAsAuthority, type AuthorityServices } from "./authority-services.ts";

export type MemberKind = "employer" | "insurer";
type MembershipChange = "register" | "deregister";

/** The contract's function for each change of each kind of member; the audit entry is `<kind>.<change>ed`. */
const MEMBERSHIP = {
  register: { employer: "registerEmployer", insurer: "grantInsurer" },
  deregister: { employer: "deregisterEmployer", insurer: "revokeInsurer" },
} as const;

async function changeMembership(
  services: AuthorityServices,
  authority: Principal,
  change: MembershipChange,
  kind: MemberKind,
  account: string,
) {
  const receipt = await sendAsAuthority(services, authority, (ledger) => ledger[MEMBERSHIP[change][kind]](account));
  services.store.audit.record(authority.did, `${kind}.${change}ed`, account, { tx: receipt.hash });
  return receipt;
}

export function registerMember(services: AuthorityServices, authority: Principal, kind: MemberKind, account: string) {
  return changeMembership(services, authority, "register", kind, account);
}

export function deregisterMember(services: AuthorityServices, authority: Principal, kind: MemberKind, account: string) {
  return changeMembership(services, authority, "deregister", kind, account);
}
