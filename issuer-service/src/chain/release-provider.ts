/**
 * Ends a short-lived provider (an admin command's) without ethers v6's crash on the way out. A receipt
 * wait subscribes to new blocks; when one poll sees two blocks (a polling interval at or above the block
 * time), the second block's receipt look-up and the listener's block-number request are queued as the
 * wait resolves, and `destroy()` rejects them where nobody listens: an unhandled rejection. Measured:
 * `fairledger-admin register-authority` on anvil --block-time 2 with 4 s polling printed "registered …"
 * and exited 1, in 3 of 3 runs (ethers-io/ethers.js#4822). So the listeners are removed — nothing polls
 * any more — and what is queued finishes against the node; no timer or socket then keeps the process.
 */
import type { AbstractProvider } from "ethers";

export async function releaseProvider(provider: AbstractProvider): Promise<void> {
  await provider.removeAllListeners();
}
