/**
 * An authority suspends, reinstates or revokes an agency's licence on chain. The contract enforces
 * jurisdiction, allowed transitions and effectiveFrom ≤ now; its custom errors come back as
 * ERR_CHAIN_REJECTED, in words naming both countries. The change takes effect here at once (the
 * licence cache forgets the agency), and block times asked before it are not reused for the agency's
 * next credentials.
 */
import { licenceReasonOf } from "@fairledger/common";
import { withCallerContext } from "../chain/rpc-errors.ts";
import type { Ledger } from "../chain/ledger.ts";
import type { Repositories } from "../store/repositories.ts";
import type { Principal } from "../store/principals-repository.ts";

export async function changeLicenceStatus(
  services: { store: Repositories; ledger: Ledger; forgetLicence: (agency: string) => void },
  authority: Principal,
  agency: string,
  change: { status: "active" | "suspended" | "revoked"; reasonCode: number; effectiveFrom?: string },
) {
  const { ledger } = services;
  // A revocation without effectiveFrom takes effect from the chain's latest block time: now, on the chain's clock.
  const revokeFrom =
    change.status !== "revoked" ? 0 : change.effectiveFrom ? Math.floor(Date.parse(change.effectiveFrom) / 1000) : await ledger.latestBlockTime();
  const receipt = await ledger
    .changeIssuerState(() =>
      ledger.send(authority.address, (contract) =>
        change.status === "suspended"
          ? contract.suspendLicence(agency, change.reasonCode)
          : change.status === "revoked"
            ? contract.revokeLicence(agency, change.reasonCode, revokeFrom)
            : contract.reinstateLicence(agency),
      ),
    )
    .catch((error: unknown) => {
      // The refusal in words naming both countries (the chain names only the agency's).
      throw withCallerContext(error, { callerJurisdiction: authority.jurisdiction, caller: authority.address });
    })
    .finally(() => services.forgetLicence(agency));
  const effect = change.status === "revoked" ? { effectiveFrom: new Date(revokeFrom * 1000).toISOString() } : {};
  services.store.audit.record(authority.did, `licence.${change.status}`, agency, { reasonCode: change.reasonCode, ...effect, tx: receipt.hash });
  const reason = change.status === "active" ? {} : { reason: licenceReasonOf(change.reasonCode) };
  return { agency, status: change.status, ...reason, transactionHash: receipt.hash, blockNumber: receipt.blockNumber };
}
