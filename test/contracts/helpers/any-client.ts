/**
 * Lets the contract specs run unchanged on an EVM client other than Hardhat's in-process network (anvil,
 * Besu): `npx hardhat test --network anvil`. Loaded by fixtures.ts; on the `hardhat` network it does nothing.
 *
 * Why: the specs were written against Hardhat's automine, where a sent transaction is mined (and a
 * reverting one thrown, with its revert data) before `sendTransaction` returns. A real client answers
 * with a hash first and mines later — on anvil even in automine the receipt may not be indexed yet, and
 * with `--block-time` the next statement would run against the state before the transaction. A client
 * also mines a reverting transaction whose gas was given (no estimate), with a receipt of status 0 and
 * no revert data. So here every transaction:
 *   1. is sent with a fixed gas limit (calls; a deployment keeps its estimate), so a revert is never caught
 *      early by gas estimation: the spec sees what the chain mined, as the issuer service does;
 *   2. is waited for until its receipt exists (what a client's confirmation means);
 *   3. when mined with status 0, has its revert data read from the client's call trace
 *      (debug_traceTransaction, callTracer) and thrown as the error's `data`, so
 *      `revertedWithCustomError(...).withArgs(...)` checks exactly the custom error the contract mined.
 * WARNING: a client without the debug namespace gets an eth_call replay on the parent block instead,
 * which sees neither the block's own time nor earlier transactions in the same block.
 */
import { network } from "hardhat";
import { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { TransactionReceipt, TransactionRequest, TransactionResponse } from "ethers";

/** Below anvil's and Besu's 30M block gas limit, above any single FairLedger call. */
const FIXED_GAS_LIMIT = 5_000_000n;
const RECEIPT_POLL_MS = 20;

/**
 * Past this, a transaction is taken to be stuck rather than slow (anvil mines on arrival), and the spec
 * fails with what the client says of it instead of hanging until mocha's timeout says nothing.
 */
const STUCK_AFTER_MS = 90_000;

async function receiptOf(signer: HardhatEthersSigner, hash: string): Promise<TransactionReceipt> {
  const started = Date.now();
  for (;;) {
    const receipt = await signer.provider.getTransactionReceipt(hash);
    if (receipt) return receipt as unknown as TransactionReceipt;
    if (Date.now() - started > STUCK_AFTER_MS) throw new Error(await stuckTransaction(signer, hash));
    await new Promise((resolve) => setTimeout(resolve, RECEIPT_POLL_MS));
  }
}

/** What the client says of a transaction that has no receipt: is it known, and where are the sender's nonces. */
async function stuckTransaction(signer: HardhatEthersSigner, hash: string): Promise<string> {
  const tx = await signer.provider.getTransaction(hash);
  const [latest, pending, block] = await Promise.all([
    signer.provider.getTransactionCount(signer.address, "latest"),
    signer.provider.getTransactionCount(signer.address, "pending"),
    signer.provider.getBlockNumber(),
  ]);
  return (
    `transaction ${hash} from ${signer.address} has no receipt after ${STUCK_AFTER_MS} ms: ` +
    `${tx ? `known to the client with nonce ${tx.nonce}` : "unknown to the client"}; ` +
    `sender nonces latest ${latest}, pending ${pending}; block ${block}`
  );
}

/** A mined transaction's revert, shaped as ethers and the chai matchers read it (`data` = the revert data). */
class MinedRevert extends Error {
  readonly code = "CALL_EXCEPTION";
  constructor(
    readonly receipt: TransactionReceipt,
    readonly data: string,
  ) {
    super(`transaction ${receipt.hash} reverted in block ${receipt.blockNumber} (status 0), revert data ${data}`);
  }
}

/**
 * The error the contract reverted with: from the client's call trace of the mined transaction (exact:
 * its own block time and state); where tracing is off, from an eth_call replay on the parent block.
 */
async function revertOf(
  signer: HardhatEthersSigner,
  tx: TransactionRequest,
  receipt: TransactionReceipt,
): Promise<Error> {
  try {
    const trace = (await signer.provider.send("debug_traceTransaction", [receipt.hash, { tracer: "callTracer" }])) as {
      output?: string;
    };
    if (typeof trace.output === "string") return new MinedRevert(receipt, trace.output);
  } catch {
    // No debug namespace on this client: replay below.
  }
  try {
    await signer.provider.call({ ...tx, from: receipt.from, blockTag: receipt.blockNumber - 1 } as never);
  } catch (error) {
    return error as Error;
  }
  return new Error(
    `transaction ${receipt.hash} was mined with status 0, but its replay on block ${receipt.blockNumber - 1} succeeds`,
  );
}

if (network.name !== "hardhat") {
  const send = HardhatEthersSigner.prototype.sendTransaction;
  HardhatEthersSigner.prototype.sendTransaction = async function (
    this: HardhatEthersSigner,
    tx: TransactionRequest,
  ): Promise<TransactionResponse> {
    // Deployments keep the estimate (FairLedger's takes more than a call's limit, and never reverts here).
    const request = tx.to == null ? tx : { ...tx, gasLimit: tx.gasLimit ?? FIXED_GAS_LIMIT };
    const response = (await send.call(this, request)) as unknown as TransactionResponse;
    const receipt = await receiptOf(this, response.hash);
    if (receipt.status === 0) throw await revertOf(this, request, receipt);
    return response;
  } as typeof send;
}
