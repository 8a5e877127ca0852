/** The audit log's repository: one append-only row per event, written in the commit of the change it records. */
import type { Db } from "./database.ts";
import { Repository } from "./repository.ts";

export class AuditLog extends Repository {
  readonly #now: () => number;

  constructor(db: Db, now: () => number = Date.now) {
    super(db);
    this.#now = now;
  }

  /** Appends an entry: who (`actor`, a DID or "system") did what (`action`) to what (`subject`), with details. */
  record(actor: string, action: string, subject?: string, detail?: unknown): void {
    this.statement("INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)").run(
      this.#now(),
      actor,
      action,
      subject ?? null,
      detail === undefined ? null : JSON.stringify(detail),
    );
  }
}
