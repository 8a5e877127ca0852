/**
 * The idempotency table: stored answers to authenticated writes, for replays by Idempotency-Key.
 *
 * Nothing in it is readable without a key, because an answer can carry the worker's whole credential:
 * - an answer is sealed (AES-256-GCM, see CaseVault.seal) under the data key of the case it concerns,
 *   so crypto-erasing the case makes it unreadable with the rest of the case; an answer concerning no
 *   case is sealed under a service key;
 * - the request is remembered by a keyed hash, not a plain SHA-256: a request body can hold a worker's
 *   name and passport number, and a plain hash of a templated body confirms a guess;
 * - erasing a case turns its rows into tombstones in the erasure's own transaction (answer and request
 *   hash dropped, deleted bytes zeroed by secure_delete), so a replay answers "case erased" (410) instead
 *   of a stale body, and nothing of the answer is left to recover.
 * - answers carrying a secret (a pickup code) are not stored at all: the row keeps only what rebuilds
 *   the answer with a fresh secret (see `replay` below).
 */
import { ServiceError } from "../errors.ts";
import type { CaseVault } from "./case-vault.ts";
import type { Db } from "./database.ts";
import { Repository } from "./repository.ts";

/** What a replay answers: a stored body, or a reference the route rebuilds a fresh answer from. */
export interface StoredAnswer {
  status: number;
  contentType: string;
  body?: string;
  /** Rebuild instead of replaying (e.g. `{ kind: "pickup-offer", ref: offerId }` mints a fresh code). */
  replay?: { kind: string; ref: string };
}

export type IdempotencyRecord =
  | { state: "answered"; requestHash: string; answer: StoredAnswer }
  /** The request concerned a case that was erased since: its answer is gone. */
  | { state: "erased" }
  /** A row without an answer: left by a crash (dropped at boot) or written by an older version. */
  | { state: "unanswered"; requestHash: string };

/** Stands in for the request hash of an erased case's rows: matches no request. */
const ERASED = "erased";

const aad = (principal: string, key: string, caseId: string | null) =>
  `idempotency:${principal}:${key}:${caseId ?? ""}`;

export class IdempotencyAnswers extends Repository {
  readonly #vault: CaseVault;
  readonly #now: () => number;

  constructor(db: Db, vault: CaseVault, now: () => number = Date.now) {
    super(db);
    this.#vault = vault;
    this.#now = now;
  }

  /** False once the database is closed (the service is stopping). */
  get open(): boolean {
    return this.db.open;
  }

  /** The stored form of a request (method, URL, body): a keyed hash. */
  requestHash(request: string): string {
    return this.#vault.keyedHash("idempotency-request", request);
  }

  find(principal: string, key: string): IdempotencyRecord | undefined {
    const row = this.statement(
      "SELECT request_hash, status, case_id, response FROM idempotency WHERE principal_id = ? AND key = ?",
    ).get(principal, key) as
      { request_hash: string; status: number | null; case_id: string | null; response: Buffer | null } | undefined;
    if (!row) return undefined;
    if (row.case_id !== null && (row.request_hash === ERASED || !this.#vault.hasCaseKey(row.case_id)))
      return { state: "erased" };
    if (row.status === null || row.response === null) return { state: "unanswered", requestHash: row.request_hash };
    const answer = JSON.parse(
      this.#vault.open(row.case_id, row.response, aad(principal, key, row.case_id)).toString("utf8"),
    ) as StoredAnswer;
    return { state: "answered", requestHash: row.request_hash, answer };
  }

  /**
   * Stores (or replaces) the answer, sealed under `caseId`'s data key when given. If that case was
   * erased meanwhile, stores its tombstone instead: the answer must not outlive the case's data.
   */
  store(
    principal: string,
    key: string,
    requestHash: string,
    caseId: string | null,
    answer: StoredAnswer,
    now = this.#now(),
  ): void {
    let sealed: Buffer;
    try {
      sealed = this.#vault.seal(caseId, Buffer.from(JSON.stringify(answer), "utf8"), aad(principal, key, caseId));
    } catch (error) {
      if (!(caseId !== null && error instanceof ServiceError && error.code === "ERR_DATA_ERASED")) throw error;
      this.statement(
        `INSERT INTO idempotency (principal_id, key, request_hash, status, case_id, response, created_at) VALUES (?, ?, ?, NULL, ?, NULL, ?)
           ON CONFLICT (principal_id, key) DO UPDATE SET request_hash = excluded.request_hash, status = NULL, case_id = excluded.case_id, response = NULL`,
      ).run(principal, key, ERASED, caseId, now);
      return;
    }
    this.statement(
      `INSERT INTO idempotency (principal_id, key, request_hash, status, case_id, response, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (principal_id, key) DO UPDATE SET status = excluded.status, case_id = excluded.case_id, response = excluded.response`,
    ).run(principal, key, requestHash, answer.status, caseId, sealed, now);
  }

  forget(principal: string, key: string): void {
    this.statement("DELETE FROM idempotency WHERE principal_id = ? AND key = ?").run(principal, key);
  }

  /** Part of erasing a case (call inside the erasure's transaction): its rows become tombstones. */
  eraseCase(caseId: string): void {
    this.statement("UPDATE idempotency SET request_hash = ?, status = NULL, response = NULL WHERE case_id = ?").run(
      ERASED,
      caseId,
    );
  }

  /**
   * At boot no request can be in progress: forget rows whose request never finished (the process died
   * mid-request), so their retry runs instead of waiting forever, and drop rows older than `retentionMs`.
   * Tombstones of erased cases are kept for their retention, then dropped like the rest.
   */
  recover(now: number, retentionMs: number): number {
    const stale = this.statement("DELETE FROM idempotency WHERE status IS NULL AND request_hash <> ?").run(
      ERASED,
    ).changes;
    this.statement("DELETE FROM idempotency WHERE created_at < ?").run(now - retentionMs);
    return stale;
  }
}
