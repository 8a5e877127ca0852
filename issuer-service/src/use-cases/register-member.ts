/** An authority registers (or deregisters) an employer or an insurer of its own country on chain. */
import type { Principal } from "../store/principals-repository.ts";
import { sendAsAuthority, type AuthorityServices } from "./authority-services.ts";

export type MemberKind = "employer" | "insurer";

/** The contract's pair of functions that add and remove a member of each kind. */
const MEMBERSHIP = {
  employer: { add: "registerEmployer", remove: "deregisterEmployer" },
  insurer: { add: "grantInsurer", remove: "revokeInsurer" },
} as const;

export async function registerMember(
  services: AuthorityServices,
  authority: Principal,
  kind: MemberKind,
  account: string,
) {
  const receipt = await sendAsAuthority(services, authority, (ledger) => ledger[MEMBERSHIP[kind].add](account));
  services.store.audit.record(authority.did, `${kind}.registered`, account, { tx: receipt.hash });
  return receipt;
}

export async function deregisterMember(
  services: AuthorityServices,
  authority: Principal,
  kind: MemberKind,
  account: string,
) {
  const receipt = await sendAsAuthority(services, authority, (ledger) => ledger[MEMBERSHIP[kind].remove](account));
  services.store.audit.record(authority.did, `${kind}.deregistered`, account, { tx: receipt.hash });
  return receipt;
}
