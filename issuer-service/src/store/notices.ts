/**
 * Notices to a principal: things the service did on its behalf that need its attention and that no
 * request of its own answered — today, a batch of its credentials the ledger refused to anchor for good.
 * The principal reads them with its API key at GET /notices (http/routes-notices.ts); they are also
 * logged when written. Nothing personal goes in: digests, batch roots and the ledger's plain words.
 */
import type { Db } from "./database.ts";

export type NoticeKind = "anchoring-rejected";

export interface Notice {
  id: number;
  at: string;
  kind: NoticeKind;
  subject: string | null;
  message: string;
  detail: unknown;
}

/** Adds a notice for the principal holding `address`; returns false when no principal of this service holds it. */
export function addNoticeForAddress(
  db: Db,
  address: string,
  notice: { kind: NoticeKind; subject?: string; message: string; detail?: unknown; at: number },
): boolean {
  const principal = db.prepare("SELECT id FROM principals WHERE lower(address) = ?").get(address.toLowerCase()) as
    { id: string } | undefined;
  if (!principal) return false;
  db.prepare("INSERT INTO notices (principal_id, at, kind, subject, message, detail) VALUES (?, ?, ?, ?, ?, ?)").run(
    principal.id,
    notice.at,
    notice.kind,
    notice.subject ?? null,
    notice.message,
    notice.detail === undefined ? null : JSON.stringify(notice.detail),
  );
  return true;
}

/** A principal's notices, newest first; `afterId` pages on (notices with a larger id only). */
export function noticesOf(db: Db, principalId: string, options: { afterId?: number; limit?: number } = {}): Notice[] {
  const rows = db
    .prepare(
      "SELECT id, at, kind, subject, message, detail FROM notices WHERE principal_id = ? AND id > ? ORDER BY id DESC LIMIT ?",
    )
    .all(principalId, options.afterId ?? 0, options.limit ?? 100) as {
    id: number;
    at: number;
    kind: NoticeKind;
    subject: string | null;
    message: string;
    detail: string | null;
  }[];
  return rows.map((row) => ({
    id: row.id,
    at: new Date(row.at).toISOString(),
    kind: row.kind,
    subject: row.subject,
    message: row.message,
    detail: row.detail === null ? null : (JSON.parse(row.detail) as unknown),
  }));
}
