/**
 * The gas limit of the service's ledger transactions (keys/kms-account-signer.ts): the node's estimate
 * plus a margin. The estimate runs against the pending block, the transaction in a later one, and their
 * costs can differ: a licence change writes a checkpoint (OpenZeppelin Checkpoints), which updates the
 * last entry in place when the block has the same timestamp as that entry and appends a new storage
 * slot (about 20,000 gas more) when it does not. An exact estimate then runs out of gas (seen in CI:
 * suspendLicence). Gas not used is not paid for; the margin only reserves block space.
 */

/** Added to every estimate: one new storage slot and then some. */
export const GAS_MARGIN_FIXED = 25_000n;
/** And this share of the estimate, for anything else that moved between estimate and execution. */
export const GAS_MARGIN_PERCENT = 25n;

export function withGasMargin(estimate: bigint): bigint {
  return estimate + (estimate * GAS_MARGIN_PERCENT) / 100n + GAS_MARGIN_FIXED;
}
