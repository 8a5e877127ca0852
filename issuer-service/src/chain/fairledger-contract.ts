/**
 * The FairLedger contract as a typed object: its functions, events and return values as the TypeChain
 * types generated from the committed ABI (common/abi/FairLedger.json, kept equal to the compiled contract
 * by a test) into src/chain/typechain/ by this workspace's `npm run typechain`, which its build and
 * typecheck run first (gitignored: generated). A renamed function or a changed argument list is then a
 * type error here, not a revert or an "unknown function" at run time.
 *
 * Type-only on purpose: the contract object is made from the same ABI in @fairledger/common at run time,
 * so nothing generated is loaded by the service.
 */
import type { Contract } from "ethers";
import type { FairLedger } from "./typechain/FairLedger.ts";

export type { FairLedger };

/** The same contract object, seen through its generated type. */
export function typedFairLedger(contract: Contract): FairLedger {
  return contract as unknown as FairLedger;
}
