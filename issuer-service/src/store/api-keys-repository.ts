/** The `api_keys` table: hashed API keys of the principals with their label, expiry, last use and revocation. */
import { Repository } from "./repository.ts";

export interface ApiKeyRow {
  id: string;
  principal_id: string;
  label: string;
  key_hash: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
  expiry_recorded: number;
}

export class ApiKeysRepository extends Repository {
  byId(keyId: string): ApiKeyRow | undefined {
    return this.statement("SELECT * FROM api_keys WHERE id = ?").get(keyId) as ApiKeyRow | undefined;
  }

  byHash(keyHash: string): ApiKeyRow | undefined {
    return this.statement("SELECT * FROM api_keys WHERE key_hash = ?").get(keyHash) as ApiKeyRow | undefined;
  }

  /** Every key (of one principal when given), oldest first. */
  list(principalId?: string): ApiKeyRow[] {
    return (
      principalId === undefined
        ? this.statement("SELECT * FROM api_keys ORDER BY created_at").all()
        : this.statement("SELECT * FROM api_keys WHERE principal_id = ? ORDER BY created_at").all(principalId)
    ) as ApiKeyRow[];
  }

  /** Keys past their expiry whose expiry is not in the audit log yet. */
  expiredUnrecorded(now: number): ApiKeyRow[] {
    return this.statement(
      "SELECT * FROM api_keys WHERE expiry_recorded = 0 AND revoked_at IS NULL AND expires_at IS NOT NULL AND expires_at <= ?",
    ).all(now) as ApiKeyRow[];
  }

  insert(row: {
    id: string;
    principalId: string;
    label: string;
    keyHash: string;
    createdAt: number;
    expiresAt: number | null;
  }): void {
    this.statement(
      "INSERT INTO api_keys (id, principal_id, label, key_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
    ).run(row.id, row.principalId, row.label, row.keyHash, row.createdAt, row.expiresAt);
  }

  setLastUsed(keyId: string, at: number): void {
    this.statement("UPDATE api_keys SET last_used_at = ? WHERE id = ?").run(at, keyId);
  }

  /** Marks the expiry as recorded; false when another writer did it first. */
  markExpiryRecorded(keyId: string): boolean {
    return (
      this.statement("UPDATE api_keys SET expiry_recorded = 1 WHERE id = ? AND expiry_recorded = 0").run(keyId)
        .changes > 0
    );
  }

  setExpiry(keyId: string, at: number): void {
    this.statement("UPDATE api_keys SET expires_at = ? WHERE id = ?").run(at, keyId);
  }

  revoke(keyId: string, at: number): void {
    this.statement("UPDATE api_keys SET revoked_at = ? WHERE id = ?").run(at, keyId);
  }

  /** Revokes at `at` unless already revoked (then the first revocation time stays). */
  revokeIfActive(keyId: string, at: number): void {
    this.statement("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?").run(at, keyId);
  }
}
