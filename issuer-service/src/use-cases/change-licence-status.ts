/**
 * An authority suspends, reinstates or revokes an agency's licence on chain. The contract enforces
 * jurisdiction, allowed transitions and effectiveFrom ≤ now; its custom errors come back as
 * ERR_CHAIN_REJECTED, in words naming both countries. The change takes effect here at once (the
 * licence cache forgets the agency), and block times asked before it are not reused for the agency's
 * next credentials.
 */
import { licenceReasonOf } from "@fairledger/common";
import type { Principal } from "../store/principals-repository.ts";
import { sendLicenceChange, type AuthorityServices } from "./authority-services.ts";

export async function changeLicenceStatus(
  services: AuthorityServices,
  authority: Principal,
  agency: string,
  change: { status: "active" | "suspended" | "revoked"; reasonCode: number; effectiveFrom?: string },
) {
  // A revocation without effectiveFrom takes effect from the chain's latest block time: now, on the chain's clock.
  const revokeFrom =
    change.status !== "revoked"
      ? 0
      : change.effectiveFrom
        ? Math.floor(Date.parse(change.effectiveFrom) / 1000)
        : await services.ledger.latestBlockTime();
  const receipt = await sendLicenceChange(services, authority, agency, (contract) =>
    change.status === "suspended"
      ? contract.suspendLicence(agency, change.reasonCode)
      : change.status === "revoked"
        ? contract.revokeLicence(agency, change.reasonCode, revokeFrom)
        : contract.reinstateLicence(agency),
  );
  const effect = change.status === "revoked" ? { effectiveFrom: new Date(revokeFrom * 1000).toISOString() } : {};
  services.store.audit.record(authority.did, `licence.${change.status}`, agency, {
    reasonCode: change.reasonCode,
    ...effect,
    tx: receipt.hash,
  });
  const reason = change.status === "active" ? {} : { reason: licenceReasonOf(change.reasonCode) };
  return { agency, status: change.status, ...reason, transactionHash: receipt.hash, blockNumber: receipt.blockNumber };
}
