/**
 * What an authority's use cases work with, and how they send: from the authority's own account, a
 * refusal worded with the authority's country (the chain names only the other side's), and anything
 * remembered about the chain's registries forgotten afterwards.
 */
import type { TransactionReceipt } from "ethers";
import type { Ledger } from "../chain/ledger.ts";
import type { ContractTransactionResponse } from "ethers";
import type { FairLedger } from "../chain/fairledger-contract.ts";
import { withCallerContext } from "../chain/rpc-errors.ts";
import type { Repositories } from "../store/repositories.ts";
import type { Principal } from "../store/principals-repository.ts";

export interface AuthorityServices {
  store: Repositories;
  ledger: Ledger;
  /** Forget the licence cache's answer about an agency (its licence just changed through this service). */
  forgetLicence: (agency: string) => void;
  /** Called after every send, sent or refused: registry reads remembered before it are stale. */
  chainChanged?: () => void;
  /** Called after a licence change: status lists derived from licences are rebuilt (status-list/). */
  licenceChanged: () => void;
}

/** Sends from the authority's account; a refusal is worded with the authority's own country. */
export async function sendAsAuthority(
  services: AuthorityServices,
  authority: Principal,
  action: (ledger: FairLedger) => Promise<ContractTransactionResponse>,
): Promise<TransactionReceipt> {
  try {
    return await services.ledger.send(authority.address, action);
  } catch (error) {
    throw withCallerContext(error, { callerJurisdiction: authority.jurisdiction, caller: authority.address });
  } finally {
    services.chainChanged?.();
  }
}

/**
 * A licence change: effective at once for this service's own credential checks (the licence cache
 * forgets the agency), and block times asked before it are not reused for the agency's next
 * credentials (Ledger.changeIssuerState).
 */
export function sendLicenceChange(
  services: AuthorityServices,
  authority: Principal,
  agency: string,
  action: (ledger: FairLedger) => Promise<ContractTransactionResponse>,
): Promise<TransactionReceipt> {
  return services.ledger
    .changeIssuerState(() => sendAsAuthority(services, authority, action))
    .finally(() => {
      services.forgetLicence(agency);
      services.licenceChanged();
    });
}
