/**
 * What a worker whose paper is suspended or revoked reads beside the status: why, in words (the reason
 * code the issuer sent to the chain, worded by common/src/licence-reasons.ts), and whom to ask — the
 * agency that issued it and the licensing authority of its jurisdiction, each with the public contact
 * it set (PUT /identity/contact). Organisations only: nothing here is about a worker.
 */
import { licenceReasonOf, type LicenceReason } from "@fairledger/common/node";
import type { Repositories } from "../store/repositories.ts";
import type { Principal } from "../store/principals-repository.ts";

export interface StatusContact {
  role: "agency" | "authority";
  name: string;
  /** Absent when the organisation never set one. */
  contact?: string;
}

/** Words for the credential's last status change, when its issuer gave a reason code with it. */
export function credentialStatusReason(store: Repositories, digest: string): LicenceReason | undefined {
  const code = store.credentials.statusReasonCode(digest);
  return code === undefined ? undefined : licenceReasonOf(code);
}

/** The licensing authority over an agency: the one that signed its newest licence here, else its country's. */
export function authorityOver(store: Repositories, agency: Principal): Principal | undefined {
  const signer = store.licenceRegister.latestForAgency(agency.address)?.authorityId;
  const bySigner = signer === undefined ? undefined : store.principals.byId(signer);
  if (bySigner) return bySigner;
  return store.principals
    .all()
    .find((principal) => principal.kind === "authority" && principal.jurisdiction === agency.jurisdiction);
}

function contactOf(store: Repositories, role: StatusContact["role"], principal: Principal): StatusContact {
  const contact = store.principals.contactOf(principal.id);
  return { role, name: principal.name, ...(contact ? { contact } : {}) };
}

/** The issuing agency and its authority (or, for a licence credential, the authority alone). */
export function statusContacts(store: Repositories, issuerId: string): StatusContact[] {
  const issuer = store.principals.byId(issuerId);
  if (!issuer) return [];
  if (issuer.kind === "authority") return [contactOf(store, "authority", issuer)];
  const authority = authorityOver(store, issuer);
  return [contactOf(store, "agency", issuer), ...(authority ? [contactOf(store, "authority", authority)] : [])];
}
