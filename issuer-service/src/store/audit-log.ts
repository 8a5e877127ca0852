/** The audit log's repository: one append-only row per event, written in the commit of the change it records. */
import type { Db } from "./database.ts";
import { Repository } from "./repository.ts";

/** One row as read back: `detail` is the JSON it was recorded with (null when none). */
export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  subject: string | null;
  detail: unknown;
}

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  subject: string | null;
  detail: string | null;
}

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

  /**
   * One actor's entries, newest first: at most `limit`, all older than entry `beforeId` when given (the
   * row id only grows, so a page boundary stays put while new entries arrive).
   */
  byActor(actor: string, limit: number, beforeId?: number): AuditEntry[] {
    const rows = this.statement(
      "SELECT id, at, actor, action, subject, detail FROM audit_log WHERE actor = ? AND id < ? ORDER BY id DESC LIMIT ?",
    ).all(actor, beforeId ?? Number.MAX_SAFE_INTEGER, limit) as AuditRow[];
    return rows.map((row) => ({ ...row, detail: row.detail === null ? null : (JSON.parse(row.detail) as unknown) }));
  }
}
