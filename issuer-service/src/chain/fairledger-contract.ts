/**
 * The FairLedger contract as a typed object: its functions, events and return values as the TypeChain
 * types generated from the compiled contract (`npx hardhat compile` writes typechain-types/ at the
 * repository root; `npm run typecheck` compiles first). A renamed function or a changed argument list is
 * then a type error here, not a revert or an "unknown function" at run time.
 *
 * Type-only on purpose: the contract object is still made from the ABI in @fairledger/common at run
 * time, so nothing generated (and gitignored) is loaded by the service or needed in its build; the
 * types describe exactly that ABI because both come from the same compilation.
 */
import type { Contract } from "ethers";
import type { FairLedger } from "../../../typechain-types/contracts/FairLedger.ts";

export type { FairLedger };

/**
 * What Ledger.send needs of a sent transaction. Not ethers' TransactionResponse: the generated types
 * sit in the root's CommonJS package and so see ethers' CommonJS declarations, while the service (ESM)
 * sees its ESM ones — the same classes at run time, but TypeScript keeps their private members apart.
 */
export interface SentTransaction {
  hash: string;
  wait(confirms?: number, timeout?: number): Promise<unknown>;
}

/** The same contract object, seen through its generated type. */
export function typedFairLedger(contract: Contract): FairLedger {
  return contract as unknown as FairLedger;
}
