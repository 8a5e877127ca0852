/**
 * Durable anchoring outbox. Issuance writes the credential and its outbox row in one SQLite
 * transaction; this worker then
 *   1. groups unbatched digests of one issuer into a Merkle batch (when `size` are waiting or the
 *      oldest has waited `intervalMs`) and commits batch + per-credential proofs in one transaction,
 *   2. anchors each unanchored batch from the issuer's account, retrying with exponential backoff
 *      while the chain is down or refuses.
 * Crash safety: a batch is built exactly once (its rows are committed before any transaction is sent);
 * before (re)sending, the worker asks the chain `recordOf(issuer, root)` — a transaction that was sent and
 * mined but not recorded before a crash is found there and never sent again.
 * Outages: a failed attempt (chain refused, hung past the RPC timeout, or too slow for the receipt
 * timeout) is kept with its error and retried after a backoff; nothing is lost, and the worker resumes
 * by itself. A chain that no longer holds the deployment (DeploymentGuard) is not retried against:
 * anchoring pauses (no attempt is counted) until the deployment is there again, and anchor proofs are
 * refused meanwhile. A batch counts as anchored only when its receipt carries the ledger's
 * BatchAnchored event for its root — a transaction to an address without code also "succeeds".
 * Refusals: a refusal that no retry can fix (FINAL_REFUSALS: the issuer is not, or no longer, allowed to
 * anchor — e.g. its licence was suspended between issuing and anchoring) ends the batch in the terminal
 * state `rejected`: its credentials are marked `rejected` (their status and anchor answers say so), an
 * audit entry is written and the agency gets a notice (store/notices.ts), all in one transaction. The
 * credentials are not anchored later, even if the licence is reinstated: the agency issues again. Any
 * other failure (outage, unknown revert) is retried as above.
 */
import { buildMerkleBatch, type AnchorProof } from "@fairledger/common/node";
import type { TransactionReceipt } from "ethers";
import type { Ledger } from "../chain/ledger.ts";
import type { DeploymentGuard } from "../chain/deployment-guard.ts";
import type { Db } from "../store/database.ts";
import { ServiceError, expectPresent } from "../errors.ts";
import { toServiceError } from "../chain/rpc-errors.ts";
import { silentLogger, type Logger } from "../logging.ts";
import { repositoriesOf } from "../store/repositories.ts";
import { addNoticeForAddress } from "../store/notices.ts";

const RECORD_STATUS_NONE = 0n;

/**
 * The ledger's refusals of `anchorBatch` that no retry can fix, by custom error name: the account is not
 * an anchorer now (an agency not licensed at block time, e.g. suspended after issuing), or the batch itself
 * is malformed. RecordsAlreadyAnchored is not here: the chain is asked first (`recordOf`), and a batch a
 * concurrent run anchored is found there on the next pass.
 */
export const FINAL_REFUSALS: ReadonlySet<string> = new Set([
  "RecordsUnauthorizedAnchorer",
  "LicensingNotLicensed",
  "RecordsEmptyBatch",
  "RecordsZeroHash",
]);

/** True when `failure` is the ledger refusing the batch for good (see FINAL_REFUSALS). */
export function isFinalRefusal(failure: ServiceError): boolean {
  return failure.code === "ERR_CHAIN_REJECTED" && FINAL_REFUSALS.has(String(failure.extensions.chainError));
}

/** Why a credential will never be anchored, when its batch was rejected. */
export interface AnchoringRejection {
  root: string;
  reason: string;
  rejectedAt: string;
}

export interface OutboxOptions {
  batchSize: number;
  intervalMs: number;
  maxBackoffMs: number;
  now?: () => number;
  logger?: Logger;
  /** When given, anchoring pauses and proofs are refused while the chain does not hold the deployment. */
  deployment?: DeploymentGuard;
}

interface BatchRow {
  root: string;
  issuer_address: string;
  size: number;
  state: "built" | "sent" | "anchored" | "rejected";
  tx_hash: string | null;
  attempts: number;
}

export class AnchoringOutbox {
  readonly #db: Db;
  readonly #ledger: Ledger;
  readonly #options: Required<Omit<OutboxOptions, "deployment">>;
  readonly #deployment: DeploymentGuard | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;
  #paused = false;

  constructor(db: Db, ledger: Ledger, options: OutboxOptions) {
    this.#db = db;
    this.#ledger = ledger;
    this.#deployment = options.deployment;
    this.#options = { now: Date.now, logger: silentLogger(), ...options };
  }

  /** Queues a digest (call inside the issuing transaction). */
  static enqueue(db: Db, digest: string, issuerAddress: string, now = Date.now()): void {
    db.prepare("INSERT INTO outbox (digest, issuer_address, enqueued_at) VALUES (?, ?, ?)").run(
      digest,
      issuerAddress.toLowerCase(),
      now,
    );
  }

  /**
   * Records a digest anchored by other means than a batch (a licence's document hash, put on chain by
   * the licence transaction itself) as a one-record batch already anchored, so its anchor proof is served
   * like any other. Call inside the issuing transaction.
   */
  static recordAnchored(
    db: Db,
    digest: string,
    issuerAddress: string,
    anchored: { txHash: string; blockNumber: number },
    now: number,
  ): void {
    db.prepare(
      "INSERT INTO batches (root, issuer_address, size, state, tx_hash, block_number, created_at) VALUES (?, ?, 1, 'anchored', ?, ?, ?)",
    ).run(digest, issuerAddress.toLowerCase(), anchored.txHash, anchored.blockNumber, now);
    db.prepare(
      "INSERT INTO outbox (digest, issuer_address, enqueued_at, batch_root, proof) VALUES (?, ?, ?, ?, '[]')",
    ).run(digest, issuerAddress.toLowerCase(), now, digest);
  }

  start(): void {
    this.#stopped = false;
    const tick = () => {
      if (this.#stopped) return;
      this.#running = this.runOnce()
        .catch((error) => this.#options.logger.error({ err: error }, "outbox: anchoring pass failed"))
        .finally(() => {
          this.#running = undefined;
          if (!this.#stopped) this.#timer = setTimeout(tick, Math.min(this.#options.intervalMs, 250));
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  /** One pass: build due batches, then try to anchor every unanchored batch whose backoff has passed. */
  async runOnce(): Promise<void> {
    this.buildDueBatches();
    const due = this.#db
      .prepare("SELECT * FROM batches WHERE state IN ('built', 'sent') AND next_attempt_at <= ? ORDER BY created_at")
      .all(this.#options.now()) as BatchRow[];
    if (due.length === 0) return;
    // Looked at before every pass (an answer up to a second old is reused); a reset in between is still
    // caught, by the receipt check below, and no proof is recorded.
    if (this.#deployment && (await this.#deployment.recent(1_000)).chain === "deployment-lost") {
      if (!this.#paused)
        this.#options.logger.error(
          { batches: due.length },
          "outbox: anchoring paused, the chain does not hold the deployment",
        );
      this.#paused = true;
      return;
    }
    if (this.#paused) this.#options.logger.warn("outbox: anchoring resumed");
    this.#paused = false;
    for (const batch of due) {
      if (this.#stopped) return;
      await this.#anchor(batch);
    }
  }

  buildDueBatches(): void {
    const now = this.#options.now();
    const issuers = this.#db
      .prepare(
        "SELECT issuer_address, COUNT(*) AS waiting, MIN(enqueued_at) AS oldest FROM outbox WHERE batch_root IS NULL GROUP BY issuer_address",
      )
      .all() as { issuer_address: string; waiting: number; oldest: number }[];
    for (const issuer of issuers) {
      let waiting = issuer.waiting;
      let oldest = issuer.oldest;
      while (waiting >= this.#options.batchSize || (waiting > 0 && now - oldest >= this.#options.intervalMs)) {
        this.#buildBatch(issuer.issuer_address);
        const left = this.#db
          .prepare(
            "SELECT COUNT(*) AS waiting, MIN(enqueued_at) AS oldest FROM outbox WHERE batch_root IS NULL AND issuer_address = ?",
          )
          .get(issuer.issuer_address) as { waiting: number; oldest: number | null };
        waiting = left.waiting;
        oldest = left.oldest ?? now;
      }
    }
  }

  #buildBatch(issuerAddress: string): void {
    this.#db.transaction(() => {
      const digests = (
        this.#db
          .prepare(
            "SELECT digest FROM outbox WHERE batch_root IS NULL AND issuer_address = ? ORDER BY enqueued_at, digest LIMIT ?",
          )
          .all(issuerAddress, this.#options.batchSize) as { digest: string }[]
      ).map((row) => row.digest);
      if (digests.length === 0) return;
      const batch = buildMerkleBatch(digests);
      this.#db
        .prepare("INSERT INTO batches (root, issuer_address, size, state, created_at) VALUES (?, ?, ?, 'built', ?)")
        .run(batch.root, issuerAddress, batch.size, this.#options.now());
      const assign = this.#db.prepare("UPDATE outbox SET batch_root = ?, proof = ? WHERE digest = ?");
      digests.forEach((digest, index) => assign.run(batch.root, JSON.stringify(batch.proofs[index]), digest));
    })();
  }

  async #anchor(batch: BatchRow): Promise<void> {
    try {
      const onChain = await this.#findOnChain(batch.issuer_address, batch.root);
      if (onChain) {
        this.#markAnchored(batch.root, onChain.transactionHash, onChain.blockNumber);
        return;
      }
      const receipt = await this.#ledger.send(batch.issuer_address, async (ledger) => {
        const response = await ledger.anchorBatch(batch.root, batch.size);
        // Recorded before waiting for the receipt: after a crash the hash tells us where to look.
        this.#db
          .prepare("UPDATE batches SET state = 'sent', tx_hash = ? WHERE root = ?")
          .run(response.hash, batch.root);
        return response;
      });
      if (!this.#recordsBatch(receipt, batch.root))
        throw new ServiceError(
          "ERR_CHAIN_UNREACHABLE",
          `the transaction ${receipt.hash} was mined without anchoring batch ${batch.root}`,
        );
      this.#markAnchored(batch.root, receipt.hash, receipt.blockNumber);
      this.#options.logger.info(
        { root: batch.root, size: batch.size, block: receipt.blockNumber },
        "outbox: batch anchored",
      );
    } catch (error) {
      const attempts = batch.attempts + 1;
      const failure = toServiceError(error);
      if (isFinalRefusal(failure)) {
        this.#reject(batch, attempts, failure);
        return;
      }
      const backoff = Math.min(this.#options.maxBackoffMs, 200 * 2 ** Math.min(attempts, 16));
      this.#db
        .prepare("UPDATE batches SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE root = ?")
        .run(attempts, this.#options.now() + backoff, failure.message.slice(0, 500), batch.root);
      const entry = { root: batch.root, attempts, retryInMs: backoff, code: failure.code, detail: failure.message };
      // A refusal or an outage is expected and retried; anything else is a defect and logged with its stack.
      if (failure.code === "ERR_INTERNAL")
        this.#options.logger.error({ ...entry, err: error }, "outbox: anchoring attempt failed");
      else this.#options.logger.warn(entry, "outbox: anchoring attempt failed");
    }
  }

  /**
   * Ends a batch the ledger refused for good: the batch `rejected`, its credentials `rejected`, an audit
   * entry and a notice to the issuing principal, in one transaction; then a log line.
   */
  #reject(batch: BatchRow, attempts: number, failure: ServiceError): void {
    const now = this.#options.now();
    const chainError = String(failure.extensions.chainError);
    const digests = (
      this.#db.prepare("SELECT digest FROM outbox WHERE batch_root = ? ORDER BY digest").all(batch.root) as {
        digest: string;
      }[]
    ).map((row) => row.digest);
    const reason = failure.message.slice(0, 500);
    this.#db.transaction(() => {
      this.#db
        .prepare(
          "UPDATE batches SET state = 'rejected', attempts = ?, last_error = ?, rejected_at = ?, rejected_for = ? WHERE root = ?",
        )
        .run(attempts, reason, now, chainError, batch.root);
      const mark = this.#db.prepare(
        "UPDATE credentials SET status = 'rejected' WHERE digest = ? AND status = 'active'",
      );
      for (const digest of digests) mark.run(digest);
      repositoriesOf(this.#db).audit.record("anchoring-outbox", "batch.rejected", batch.root, {
        issuer: batch.issuer_address,
        size: batch.size,
        chainError,
        reason,
      });
      addNoticeForAddress(this.#db, batch.issuer_address, {
        kind: "anchoring-rejected",
        subject: batch.root,
        message: `The ledger refused to anchor ${digests.length} credential(s) you issued (${reason}). They will not be anchored; issue them again once you may anchor.`,
        detail: { batchRoot: batch.root, chainError, credentials: digests },
        at: now,
      });
    })();
    this.#options.logger.error(
      { root: batch.root, issuer: batch.issuer_address, size: batch.size, chainError, detail: reason },
      "outbox: batch rejected by the ledger for good; its credentials will not be anchored",
    );
  }

  /** Why the credential `digest` will never be anchored, or undefined when its batch was not rejected. */
  rejectionOf(digest: string): AnchoringRejection | undefined {
    const row = this.#db
      .prepare(
        "SELECT b.root, b.last_error, b.rejected_at FROM outbox o JOIN batches b ON b.root = o.batch_root WHERE o.digest = ? AND b.state = 'rejected'",
      )
      .get(digest) as { root: string; last_error: string | null; rejected_at: number } | undefined;
    if (!row) return undefined;
    return {
      root: row.root,
      reason: row.last_error ?? "refused by the ledger",
      rejectedAt: new Date(row.rejected_at).toISOString(),
    };
  }

  /** True when the receipt holds the ledger's BatchAnchored event for `root`. */
  #recordsBatch(receipt: TransactionReceipt, root: string): boolean {
    const ledger = this.#ledger.address.toLowerCase();
    return receipt.logs.some((log) => {
      if (log.address.toLowerCase() !== ledger) return false;
      const parsed = this.#ledger.reader.interface.parseLog(log);
      return parsed?.name === "BatchAnchored" && String(parsed.args[0]).toLowerCase() === root.toLowerCase();
    });
  }

  /** The anchoring transaction of `root` by `issuer` if the chain already has it (from a run that crashed). */
  async #findOnChain(
    issuer: string,
    root: string,
  ): Promise<{ transactionHash: string; blockNumber: number } | undefined> {
    // Records are kept per issuer on chain: the same root anchored by anyone else is not ours.
    const record = await this.#ledger.reader.recordOf(issuer, root);
    if (BigInt(record.status) === RECORD_STATUS_NONE) return undefined;
    const events = await this.#ledger.reader.queryFilter(this.#ledger.reader.filters.BatchAnchored(root, issuer));
    const event = events[0];
    if (!event) throw new Error(`batch ${root} is anchored but its BatchAnchored event was not found`);
    return { transactionHash: event.transactionHash, blockNumber: event.blockNumber };
  }

  #markAnchored(root: string, transactionHash: string, blockNumber: number): void {
    this.#db
      .prepare("UPDATE batches SET state = 'anchored', tx_hash = ?, block_number = ?, last_error = NULL WHERE root = ?")
      .run(transactionHash, blockNumber, root);
  }

  /** The account that anchors (or anchored) a credential's batch: its records live under that issuer on chain. */
  anchoringIssuerOf(digest: string): string | undefined {
    const row = this.#db.prepare("SELECT issuer_address FROM outbox WHERE digest = ?").get(digest) as
      { issuer_address: string } | undefined;
    return row?.issuer_address;
  }

  /** Anchor proof of a credential, or undefined while it is pending. */
  proofOf(digest: string): AnchorProof | undefined | null {
    const row = this.#db
      .prepare(
        `SELECT o.proof, b.root, b.state, b.tx_hash, b.block_number FROM outbox o LEFT JOIN batches b ON b.root = o.batch_root WHERE o.digest = ?`,
      )
      .get(digest) as
      | { proof: string | null; root: string | null; state: string | null; tx_hash: string; block_number: number }
      | undefined;
    if (!row) return null;
    if (row.state !== "anchored") return undefined;
    // A proof into a chain that no longer holds the ledger would not verify: say so instead of serving it.
    this.#deployment?.requirePresent();
    return {
      chainId: this.#ledger.manifest.chainId,
      ledger: this.#ledger.address,
      // Both are written when the credential joins its batch, before the batch can be anchored.
      root: expectPresent(row.root, `the batch root of anchored credential ${digest}`),
      proof: JSON.parse(expectPresent(row.proof, `the Merkle proof of anchored credential ${digest}`)) as string[],
      transactionHash: row.tx_hash,
      blockNumber: row.block_number,
    };
  }
}
