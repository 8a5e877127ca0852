/**
 * An inspector records a finding on a case on chain (`flagCase`): only the finding's hash, from the
 * inspector's own account, which holds the consortium-wide INSPECTOR_ROLE the consortium admin granted
 * (`fairledger-admin grant-inspector`); the finding document stays with the inspector.
 */
import type { TransactionReceipt } from "ethers";
import { CaseStatus } from "@fairledger/common";
import { ServiceError } from "../errors.ts";
import type { Ledger } from "../chain/ledger.ts";
import { withCallerContext } from "../chain/rpc-errors.ts";
import type { Repositories } from "../store/repositories.ts";
import type { Principal } from "../store/principals-repository.ts";

export async function flagCase(
  services: { store: Repositories; ledger: Ledger },
  inspector: Principal,
  caseCommitment: string,
  findingHash: string,
): Promise<TransactionReceipt> {
  // Asked first, so the refusals are a 403 and a 404 in words rather than a revert to decode.
  const reader = services.ledger.reader;
  if (!(await reader.hasRole(await reader.INSPECTOR_ROLE(), inspector.address)))
    throw new ServiceError(
      "ERR_FORBIDDEN",
      `account ${inspector.address} does not hold the INSPECTOR_ROLE on chain: the consortium admin grants it (fairledger-admin grant-inspector)`,
    );
  if (Number((await reader.caseOf(caseCommitment)).status) === CaseStatus.None)
    throw new ServiceError("ERR_NOT_FOUND", `no case ${caseCommitment} on chain`);
  let receipt: TransactionReceipt;
  try {
    receipt = await services.ledger.send(inspector.address, (ledger) => ledger.flagCase(caseCommitment, findingHash));
  } catch (error) {
    throw withCallerContext(error, { callerJurisdiction: inspector.jurisdiction, caller: inspector.address });
  }
  services.store.audit.record(inspector.did, "case.flagged", caseCommitment, { findingHash, tx: receipt.hash });
  return receipt;
}
