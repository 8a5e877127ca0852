/**
 * The base of every repository: the only place in the service that compiles SQL. A repository owns
 * its tables (no other module names them in SQL) and keeps its statements compiled: better-sqlite3
 * compiles the SQL text on every `prepare()`, and the service runs the same few texts on every request.
 *
 * Reusing a statement is safe because no repository changes a statement's mode (`pluck`/`raw`/`expand`/
 * `bind`) or iterates one lazily: every `run`/`get`/`all` completes synchronously before the next use.
 * The cache is per repository instance, and the SQL texts of a repository are fixed, so it is bounded.
 */
import type Database from "better-sqlite3";
import type { Db } from "./database.ts";

export abstract class Repository {
  protected readonly db: Db;
  readonly #statements = new Map<string, Database.Statement>();

  constructor(db: Db) {
    this.db = db;
  }

  /** The compiled statement for `sql`, compiled on first use. */
  protected statement(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

/**
 * Runs `work` in one SQLite transaction (a savepoint when one is already open), so writes through
 * several repositories commit together or not at all.
 */
export function atomically<T>(db: Db, work: () => T): T {
  return db.transaction(work)();
}
