/**
 * Group commit: writes handed in while the event loop is busy share one durable SQLite transaction
 * (one WAL fsync under synchronous=FULL) instead of one each.
 *
 * - Every write runs inside its own savepoint (a nested better-sqlite3 transaction), in the order the
 *   writes were handed in; a write that throws rolls back only itself and rejects only its caller.
 * - A caller's promise settles only after the COMMIT holding its write has returned, i.e. after the
 *   write is durable. If the COMMIT itself fails, every write of that group is gone and every caller of
 *   the group is rejected.
 * - Writes are collected until the current turn of the event loop ends (`setImmediate`): requests whose
 *   I/O completed in the same turn commit together. better-sqlite3 is synchronous, so nothing can be
 *   handed in while a commit runs; whatever arrived meanwhile forms the next group.
 */
import { ServiceError, expectPresent } from "../errors.ts";
import type { Db } from "./database.ts";

interface Pending {
  write: () => unknown;
  resolve: (value: never) => void;
  reject: (error: unknown) => void;
}

/** Most writes in one transaction; the rest wait for the next group (bounds one commit's latency). */
const MAX_GROUP = 256;

export class GroupCommit {
  readonly #db: Db;
  #queue: Pending[] = [];
  #scheduled = false;
  /** Commits made and writes committed, for tests and diagnostics. */
  readonly stats = { commits: 0, writes: 0 };

  constructor(db: Db) {
    this.#db = db;
  }

  /** Runs `write` inside the next group's transaction; resolves with its result once that transaction is durable. */
  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ write, resolve: resolve as (value: never) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const group = this.#queue.splice(0, MAX_GROUP);
    if (this.#queue.length > 0) {
      this.#scheduled = true;
      setImmediate(() => this.#flush());
    }
    if (group.length === 0) return;
    if (!this.#db.open) {
      const closed = new ServiceError("ERR_INTERNAL", "the database is closed (the service is stopping)");
      for (const pending of group) pending.reject(closed);
      return;
    }
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.#db.transaction(() => {
        for (const pending of group) {
          try {
            // A nested transaction function is a SAVEPOINT: a throw rolls back this write only.
            outcomes.push({ ok: true, value: this.#db.transaction(pending.write)() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      })();
    } catch (error) {
      // BEGIN or COMMIT failed: nothing of this group is stored.
      for (const pending of group) pending.reject(error);
      return;
    }
    this.stats.commits++;
    group.forEach((pending, index) => {
      // The transaction ran every write of the group, one outcome each, in order.
      const outcome = expectPresent(outcomes[index], `the outcome of write ${index} of the group`);
      if (outcome.ok) {
        this.stats.writes++;
        pending.resolve(outcome.value as never);
      } else pending.reject(outcome.error);
    });
  }
}
