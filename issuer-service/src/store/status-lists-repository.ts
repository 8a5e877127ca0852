/**
 * The `status_lists` and `status_list_entries` tables: each issuer's Token Status Lists and which of its
 * credentials holds which index. An entry is written in the same commit as its credential, so a
 * credential with a `status` claim always has its row, and an index is never handed out twice
 * (PRIMARY KEY (list_id, idx)).
 */
import type { CredentialStatus } from "./credentials-repository.ts";
import { Repository } from "./repository.ts";

export interface StatusListRow {
  id: string;
  issuerId: string;
  size: number;
}

/** One entry with what its status derives from: the credential's recorded status, type and issue time. */
export interface StatusListEntryRow {
  idx: number;
  digest: string;
  status: CredentialStatus;
  type: string;
  /** When the credential was issued (ms; its `iat` in seconds is this, floored). */
  createdAt: number;
  /** The agency a licence credential licenses; null for other credentials. */
  licenceAgency: string | null;
}

export class StatusListsRepository extends Repository {
  create(row: StatusListRow, createdAt: number): void {
    this.statement("INSERT INTO status_lists (id, issuer_id, size, created_at) VALUES (?, ?, ?, ?)").run(
      row.id,
      row.issuerId,
      row.size,
      createdAt,
    );
  }

  byId(id: string): StatusListRow | undefined {
    const row = this.statement("SELECT id, issuer_id, size FROM status_lists WHERE id = ?").get(id) as
      { id: string; issuer_id: string; size: number } | undefined;
    return row && { id: row.id, issuerId: row.issuer_id, size: row.size };
  }

  /** The issuer's newest list and how many of its indices are taken, or undefined when it has none. */
  newestOf(issuerId: string): (StatusListRow & { used: number }) | undefined {
    const row = this.statement(
      `SELECT l.id, l.issuer_id, l.size, (SELECT COUNT(*) FROM status_list_entries e WHERE e.list_id = l.id) AS used
         FROM status_lists l WHERE l.issuer_id = ? ORDER BY l.created_at DESC, l.rowid DESC LIMIT 1`,
    ).get(issuerId) as { id: string; issuer_id: string; size: number; used: number } | undefined;
    return row && { id: row.id, issuerId: row.issuer_id, size: row.size, used: row.used };
  }

  /** The issuer's lists. */
  listsOf(issuerId: string): string[] {
    return (this.statement("SELECT id FROM status_lists WHERE issuer_id = ?").all(issuerId) as { id: string }[]).map(
      (row) => row.id,
    );
  }

  isTaken(listId: string, idx: number): boolean {
    return (
      this.statement("SELECT 1 FROM status_list_entries WHERE list_id = ? AND idx = ?").get(listId, idx) !== undefined
    );
  }

  addEntry(entry: { listId: string; idx: number; digest: string; licenceAgency?: string }): void {
    this.statement("INSERT INTO status_list_entries (list_id, idx, digest, licence_agency) VALUES (?, ?, ?, ?)").run(
      entry.listId,
      entry.idx,
      entry.digest,
      entry.licenceAgency ?? null,
    );
  }

  /** The list and index a credential holds, or undefined when it has none (VC-JWT, or issued before #13). */
  entryOf(digest: string): { listId: string; idx: number } | undefined {
    const row = this.statement("SELECT list_id, idx FROM status_list_entries WHERE digest = ?").get(digest) as
      { list_id: string; idx: number } | undefined;
    return row && { listId: row.list_id, idx: row.idx };
  }

  entries(listId: string): StatusListEntryRow[] {
    return (
      this.statement(
        `SELECT e.idx, e.digest, c.status, c.type, c.created_at, e.licence_agency
           FROM status_list_entries e JOIN credentials c ON c.digest = e.digest WHERE e.list_id = ?`,
      ).all(listId) as {
        idx: number;
        digest: string;
        status: CredentialStatus;
        type: string;
        created_at: number;
        licence_agency: string | null;
      }[]
    ).map((row) => ({
      idx: row.idx,
      digest: row.digest,
      status: row.status,
      type: row.type,
      createdAt: row.created_at,
      licenceAgency: row.licence_agency,
    }));
  }
}
