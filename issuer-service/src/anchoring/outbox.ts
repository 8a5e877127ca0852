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
 */
import { buildMerkleBatch, type AnchorProof } from "@fairledger/common";
import type { TransactionReceipt } from "ethers";
import type { Ledger } from "../chain/ledger.ts";
import type { DeploymentGuard } from "../chain/deployment-guard.ts";
import type { Db } from "../store/database.ts";
import { ServiceError } from "../errors.ts";
import { toServiceError } from "../chain/rpc-errors.ts";
import { silentLogger, type Logger } from "../logging.ts";

const RECORD_STATUS_NONE = 0n;

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
  state: "built" | "sent" | "anchored";
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
    db.prepare("INSERT INTO outbox (digest, issuer_address, enqueued_at) VALUES (?, ?, ?)").run(digest, issuerAddress.toLowerCase(), now);
  }

  /**
   * Records a digest anchored by other means than a batch (a licence's document hash, put on chain by
   * the licence transaction itself) as a one-record batch already anchored, so its anchor proof is served
   * like any other. Call inside the issuing transaction.
   */
  static recordAnchored(db: Db, digest: string, issuerAddress: string, anchored: { txHash: string; blockNumber: number }, now: number): void {
    db.prepare(
      "INSERT INTO batches (root, issuer_address, size, state, tx_hash, block_number, created_at) VALUES (?, ?, 1, 'anchored', ?, ?, ?)",
    ).run(digest, issuerAddress.toLowerCase(), anchored.txHash, anchored.blockNumber, now);
    db.prepare("INSERT INTO outbox (digest, issuer_address, enqueued_at, batch_root, proof) VALUES (?, ?, ?, ?, '[]')").run(
      digest,
      issuerAddress.toLowerCase(),
      now,
      digest,
    );
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
      .prepare("SELECT * FROM batches WHERE state != 'anchored' AND next_attempt_at <= ? ORDER BY created_at")
      .all(this.#options.now()) as BatchRow[];
    if (due.length === 0) return;
    // Looked at before every pass (an answer up to a second old is reused); a reset in between is still
    // caught, by the receipt check below, and no proof is recorded.
    if (this.#deployment && (await this.#deployment.recent(1_000)).chain === "deployment-lost") {
      if (!this.#paused)
        this.#options.logger.error({ batches: due.length }, "outbox: anchoring paused, the chain does not hold the deployment");
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
          .prepare("SELECT COUNT(*) AS waiting, MIN(enqueued_at) AS oldest FROM outbox WHERE batch_root IS NULL AND issuer_address = ?")
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
          .prepare("SELECT digest FROM outbox WHERE batch_root IS NULL AND issuer_address = ? ORDER BY enqueued_at, digest LIMIT ?")
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
        const response = await ledger.getFunction("anchorBatch")(batch.root, batch.size);
        // Recorded before waiting for the receipt: after a crash the hash tells us where to look.
        this.#db.prepare("UPDATE batches SET state = 'sent', tx_hash = ? WHERE root = ?").run(response.hash, batch.root);
        return response;
      });
      if (!this.#recordsBatch(receipt, batch.root))
        throw new ServiceError("ERR_CHAIN_UNREACHABLE", `the transaction ${receipt.hash} was mined without anchoring batch ${batch.root}`);
      this.#markAnchored(batch.root, receipt.hash, receipt.blockNumber);
      this.#options.logger.info({ root: batch.root, size: batch.size, block: receipt.blockNumber }, "outbox: batch anchored");
    } catch (error) {
      const attempts = batch.attempts + 1;
      const backoff = Math.min(this.#options.maxBackoffMs, 200 * 2 ** Math.min(attempts, 16));
      const failure = toServiceError(error);
      this.#db
        .prepare("UPDATE batches SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE root = ?")
        .run(attempts, this.#options.now() + backoff, failure.message.slice(0, 500), batch.root);
      const entry = { root: batch.root, attempts, retryInMs: backoff, code: failure.code, detail: failure.message };
      // A refusal or an outage is expected and retried; anything else is a defect and logged with its stack.
      if (failure.code === "ERR_INTERNAL") this.#options.logger.error({ ...entry, err: error }, "outbox: anchoring attempt failed");
      else this.#options.logger.warn(entry, "outbox: anchoring attempt failed");
    }
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
  async #findOnChain(issuer: string, root: string): Promise<{ transactionHash: string; blockNumber: number } | undefined> {
    // Records are kept per issuer on chain: the same root anchored by anyone else is not ours.
    const record = await this.#ledger.reader.getFunction("recordOf")(issuer, root);
    if (BigInt(record.status) === RECORD_STATUS_NONE) return undefined;
    const events = await this.#ledger.reader.queryFilter(this.#ledger.reader.filters.BatchAnchored!(root, issuer));
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
    const row = this.#db.prepare("SELECT issuer_address FROM outbox WHERE digest = ?").get(digest) as { issuer_address: string } | undefined;
    return row?.issuer_address;
  }

  /** Anchor proof of a credential, or undefined while it is pending. */
  proofOf(digest: string): AnchorProof | undefined | null {
    const row = this.#db
      .prepare(
        `SELECT o.proof, b.root, b.state, b.tx_hash, b.block_number FROM outbox o LEFT JOIN batches b ON b.root = o.batch_root WHERE o.digest = ?`,
      )
      .get(digest) as
      { proof: string | null; root: string | null; state: string | null; tx_hash: string; block_number: number } | undefined;
    if (!row) return null;
    if (row.state !== "anchored") return undefined;
    // A proof into a chain that no longer holds the ledger would not verify: say so instead of serving it.
    this.#deployment?.requirePresent();
    return {
      chainId: this.#ledger.manifest.chainId,
      ledger: this.#ledger.address,
      root: row.root!,
      proof: JSON.parse(row.proof!) as string[],
      transactionHash: row.tx_hash,
      blockNumber: row.block_number,
    };
  }
}
