/**
 * The `complaints` and `complaint_nonces` tables. A complaint row holds only what officials list and the
 * public count needs in the clear (case, agency, category, status, dates, whether the worker lets the
 * agency learn who filed); the worker's text and photo, the commitment salt and the authority's outcome
 * are sealed blobs under the case's data key (store/case-vault.ts `seal`), so erasure makes them
 * unreadable. "One open complaint per category per case" is a partial unique index: no code path can skip
 * it. Proof nonces are stored as SHA-256 hashes and spent by one guarded UPDATE, so a proof verifies once.
 */
import { ServiceError } from "../errors.ts";
import { Repository } from "./repository.ts";

export const COMPLAINT_CATEGORIES = [
  "fee-charged",
  "contract-changed",
  "documents-withheld",
  "wages-unpaid",
  "other",
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export type ComplaintStatus = "open" | "handled";

export interface ComplaintRow {
  id: string;
  caseId: string;
  agencyId: string;
  category: ComplaintCategory;
  identityShared: boolean;
  commitment: string;
  /** SHA-256 (hex) of the token the worker reads the complaint's status with. */
  accessHash: string;
  status: ComplaintStatus;
  sealedReport: Buffer;
  sealedOutcome: Buffer | null;
  /** Unix milliseconds, like the service's clock. */
  filedAt: number;
  handledAt: number | null;
  /** The DID of the official who marked it handled. */
  handledBy: string | null;
}

interface Row {
  id: string;
  case_id: string;
  agency_id: string;
  category: ComplaintCategory;
  identity_shared: number;
  commitment: string;
  access_hash: string;
  status: ComplaintStatus;
  sealed_report: Buffer;
  sealed_outcome: Buffer | null;
  filed_at: number;
  handled_at: number | null;
  handled_by: string | null;
}

const fromRow = (row: Row): ComplaintRow => ({
  id: row.id,
  caseId: row.case_id,
  agencyId: row.agency_id,
  category: row.category,
  identityShared: row.identity_shared === 1,
  commitment: row.commitment,
  accessHash: row.access_hash,
  status: row.status,
  sealedReport: row.sealed_report,
  sealedOutcome: row.sealed_outcome,
  filedAt: row.filed_at,
  handledAt: row.handled_at,
  handledBy: row.handled_by,
});

/** Why a nonce could not be spent. */
export type NonceRefusal = "unknown" | "spent" | "expired";

/** How long a spent or expired nonce's row is kept, so a replay is told apart from a made-up nonce. */
export const KEEP_NONCE_AFTER_EXPIRY_SECONDS = 3600;

export class ComplaintsRepository extends Repository {
  /** Inserts a new open complaint; ERR_CONFLICT when the case already has an open one of its category. */
  insert(row: Omit<ComplaintRow, "status" | "sealedOutcome" | "handledAt" | "handledBy">): void {
    try {
      this.statement(
        "INSERT INTO complaints (id, case_id, agency_id, category, identity_shared, commitment, access_hash, status, sealed_report, filed_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)",
      ).run(
        row.id,
        row.caseId,
        row.agencyId,
        row.category,
        row.identityShared ? 1 : 0,
        row.commitment,
        row.accessHash,
        row.sealedReport,
        row.filedAt,
      );
    } catch (error) {
      if (
        (error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE" &&
        /complaints\.case_id/.test((error as Error).message)
      )
        throw new ServiceError(
          "ERR_CONFLICT",
          `you already have an open complaint of category "${row.category}" for this case: wait until an authority has handled it, or choose another category`,
          { category: row.category },
          { cause: error },
        );
      throw error;
    }
  }

  byId(id: string): ComplaintRow | undefined {
    const row = this.statement("SELECT * FROM complaints WHERE id = ?").get(id) as Row | undefined;
    return row && fromRow(row);
  }

  /** An agency's complaints, newest first (at most `limit`). */
  ofAgency(agencyId: string, limit: number): ComplaintRow[] {
    return (
      this.statement("SELECT * FROM complaints WHERE agency_id = ? ORDER BY filed_at DESC, id LIMIT ?").all(
        agencyId,
        limit,
      ) as Row[]
    ).map(fromRow);
  }

  /** How many complaints an agency has, and how many of them are still open. */
  countOf(agencyId: string): { filed: number; open: number } {
    const row = this.statement(
      "SELECT COUNT(*) AS filed, COALESCE(SUM(status = 'open'), 0) AS open FROM complaints WHERE agency_id = ?",
    ).get(agencyId) as { filed: number; open: number };
    return { filed: row.filed, open: row.open };
  }

  /** Marks an open complaint handled; false when it was not open (already handled). */
  markHandled(id: string, sealedOutcome: Buffer, handledAt: number, handledBy: string): boolean {
    return (
      this.statement(
        "UPDATE complaints SET status = 'handled', sealed_outcome = ?, handled_at = ?, handled_by = ? WHERE id = ? AND status = 'open'",
      ).run(sealedOutcome, handledAt, handledBy, id).changes === 1
    );
  }

  /** Stores a new proof nonce's hash (times in unix seconds), pruning rows long expired. */
  issueNonce(nonceHash: string, expiresAt: number, now: number): void {
    this.statement("DELETE FROM complaint_nonces WHERE expires_at < ?").run(now - KEEP_NONCE_AFTER_EXPIRY_SECONDS);
    this.statement("INSERT INTO complaint_nonces (nonce_hash, expires_at) VALUES (?, ?)").run(nonceHash, expiresAt);
  }

  /** Spends a live nonce; otherwise says why it cannot be spent. */
  spendNonce(nonceHash: string, now: number): NonceRefusal | null {
    const spent = this.statement(
      "UPDATE complaint_nonces SET spent_at = ? WHERE nonce_hash = ? AND spent_at IS NULL AND expires_at > ?",
    ).run(now, nonceHash, now).changes;
    if (spent === 1) return null;
    const row = this.statement("SELECT spent_at FROM complaint_nonces WHERE nonce_hash = ?").get(nonceHash) as
      { spent_at: number | null } | undefined;
    if (!row) return "unknown";
    return row.spent_at !== null ? "spent" : "expired";
  }
}
