/**
 * The `openid4vp_requests` table: the verifier-side state store of OpenID4VP requests (the library's
 * RequestStore, verifier/src/openid4vp/request-store.ts). `claim` is one UPDATE guarded by
 * `answered_at IS NULL AND expires_at > now`, so of two answers to one request exactly one wins.
 * Times are unix seconds.
 */
import { claimRefusal, type RequestStore, type ResponseVerdict, type StoredRequest } from "@fairledger/verifier";
import { Repository } from "./repository.ts";

interface RequestRow {
  id: string;
  state: string;
  principal_id: string;
  request_object: string;
  expires_at: number;
  answered_at: number | null;
  verdict: string | null;
  created_at: number;
}

export interface Openid4vpRequest extends StoredRequest {
  principalId: string;
  createdAt: number;
}

const fromRow = (row: RequestRow): Openid4vpRequest => ({
  id: row.id,
  state: row.state,
  principalId: row.principal_id,
  requestObject: row.request_object,
  expiresAt: row.expires_at,
  answeredAt: row.answered_at,
  verdict: row.verdict === null ? null : (JSON.parse(row.verdict) as ResponseVerdict),
  createdAt: row.created_at,
});

/** How long a request's row (and its verdict) is kept after it expires. */
export const KEEP_AFTER_EXPIRY_SECONDS = 3600;

export class Openid4vpRequestsRepository extends Repository implements RequestStore {
  insert(request: StoredRequest, principalId: string, now: number): void {
    this.statement(
      "INSERT INTO openid4vp_requests (id, state, principal_id, request_object, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    ).run(request.id, request.state, principalId, request.requestObject, request.expiresAt, now);
  }

  byId(id: string): Openid4vpRequest | undefined {
    const row = this.statement("SELECT * FROM openid4vp_requests WHERE id = ?").get(id) as RequestRow | undefined;
    return row && fromRow(row);
  }

  claim(state: string, now: number): Openid4vpRequest {
    const claimed = this.statement(
      "UPDATE openid4vp_requests SET answered_at = ? WHERE state = ? AND answered_at IS NULL AND expires_at > ? RETURNING *",
    ).get(now, state, now) as RequestRow | undefined;
    if (claimed) return fromRow(claimed);
    const found = this.statement("SELECT * FROM openid4vp_requests WHERE state = ?").get(state) as
      RequestRow | undefined;
    const refusal = claimRefusal(found && { expiresAt: found.expires_at, answeredAt: found.answered_at }, now);
    if (!refusal) throw new Error("internal: an unanswered, unexpired request could not be claimed");
    throw refusal;
  }

  recordVerdict(id: string, verdict: ResponseVerdict): void {
    this.statement("UPDATE openid4vp_requests SET verdict = ? WHERE id = ?").run(JSON.stringify(verdict), id);
  }

  /** Deletes requests that expired more than KEEP_AFTER_EXPIRY_SECONDS ago; returns how many. */
  prune(now: number): number {
    return this.statement("DELETE FROM openid4vp_requests WHERE expires_at < ?").run(now - KEEP_AFTER_EXPIRY_SECONDS)
      .changes;
  }
}
