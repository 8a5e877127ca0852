/**
 * Expect-helpers that check a state change the way a reader of the ledger sees it: the one event with
 * exact arguments AND the stored state read back afterwards (after EAS's expectAttestation style).
 */
import { expect } from "chai";
import type { ContractTransactionResponse, BaseContract } from "ethers";

export interface Change {
  /** Event name and its exact arguments. */
  event: [name: string, ...args: unknown[]];
  /** Reads state after the transaction and asserts it. */
  state: () => Promise<unknown>;
}

/** Awaits `tx`, asserts it emitted exactly `change.event` on `contract`, then checks stored state. */
export async function expectChange(
  tx: Promise<ContractTransactionResponse>,
  contract: BaseContract,
  change: Change,
): Promise<void> {
  const [name, ...args] = change.event;
  await expect(tx)
    .to.emit(contract, name)
    .withArgs(...args);
  await change.state();
}

/** Asserts a struct read from the contract has the given fields (other fields are not checked). */
export function expectFields<T extends object>(actual: T, fields: { [K in keyof T]?: unknown }): void {
  for (const [key, value] of Object.entries(fields)) {
    expect((actual as Record<string, unknown>)[key], `field ${key}`).to.equal(value);
  }
}
