/**
 * The durable used-nonce store: a small SQLite database (better-sqlite3) in the verifier's data
 * directory, or a table in a database the caller already runs (the issuer service's own).
 *
 * Why SQLite rather than an appended file: the PRIMARY KEY makes "insert unless present" one atomic
 * statement, and SQLite's file locking keeps that true across processes (two `fairledger verify` runs
 * at one border post at the same time); `synchronous = FULL` makes an accepted nonce durable before the
 * verdict is printed; expired entries are deleted in place instead of compacting a log.
 */
import { chmodSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { VerifierError } from "../errors.ts";
import { usedNonceKey, type UsedNonceStore } from "./used-nonces.ts";

export const USED_NONCES_FILE = "used-nonces.sqlite";

export class SqliteUsedNonceStore implements UsedNonceStore {
  readonly #db: Database.Database;
  readonly #ownsDb: boolean;

  /** Uses `db` (not closed by `close()`), creating the `verifier_used_nonces` table if it is missing. */
  constructor(db: Database.Database, ownsDb = false) {
    this.#db = db;
    this.#ownsDb = ownsDb;
    db.exec(`CREATE TABLE IF NOT EXISTS verifier_used_nonces (
      key TEXT PRIMARY KEY,
      expires_at INTEGER NOT NULL
    ) WITHOUT ROWID`);
  }

  /** Opens (creating) `<dataDir>/used-nonces.sqlite`; directory 0700, file 0600 (only this user's verifier). */
  static async open(dataDir: string): Promise<SqliteUsedNonceStore> {
    const path = join(dataDir, USED_NONCES_FILE);
    try {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      const { default: Sqlite } = await import("better-sqlite3");
      const db = new Sqlite(path);
      chmodSync(path, 0o600);
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = FULL");
      db.pragma("busy_timeout = 5000");
      return new SqliteUsedNonceStore(db, true);
    } catch (error) {
      throw new VerifierError(
        "ERR_NONCE_STORE",
        `cannot open the used-nonce store ${path}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  claim(audience: string, nonce: string, expiresAt: number, now: number): boolean {
    const key = usedNonceKey(audience, nonce);
    return this.#db
      .transaction(() => {
        this.#db.prepare("DELETE FROM verifier_used_nonces WHERE expires_at < ?").run(now);
        return (
          this.#db
            .prepare("INSERT OR IGNORE INTO verifier_used_nonces (key, expires_at) VALUES (?, ?)")
            .run(key, expiresAt).changes === 1
        );
      })
      .immediate();
  }

  close(): void {
    if (this.#ownsDb) this.#db.close();
  }
}
