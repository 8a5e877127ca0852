/**
 * ethers' NonceManager, minus the crash. Its `sendTransaction` asks for the nonce and fills in the
 * transaction (gas estimate) at the same time, and awaits the nonce only after the fill-in: when the
 * RPC is down both fail, the fill-in's rejection is thrown, and the nonce request's rejection is left
 * with nobody listening — an unhandled rejection that ends the process (seen: ECONNREFUSED from the
 * nonce handling when the chain connection dropped). Here both are awaited together. The delta is
 * still counted before the send, as ethers does; `Ledger.send` resets the manager after any failure,
 * so the next transaction starts again from the chain's own count.
 *
 * It also tells whether the last send got as far as handing the signed transaction to the node
 * (`mayHaveBroadcast`): a failure there (a timeout, a dropped answer) is ambiguous — the node may have
 * it — so the sender must not send the same call again as if nothing had happened.
 */
import { NonceManager, type TransactionRequest, type TransactionResponse } from "ethers";

export class ChainNonceManager extends NonceManager {
  /** True from the moment the last `sendTransaction` handed its transaction to the node. */
  mayHaveBroadcast = false;

  override async sendTransaction(tx: TransactionRequest): Promise<TransactionResponse> {
    this.mayHaveBroadcast = false;
    const nonce = this.getNonce("pending");
    this.increment();
    const [populated, next] = await Promise.all([this.signer.populateTransaction(tx), nonce]);
    populated.nonce = next;
    this.mayHaveBroadcast = true;
    return this.signer.sendTransaction(populated);
  }
}
