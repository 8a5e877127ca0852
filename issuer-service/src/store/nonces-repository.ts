/**
 * The `pickup_nonces` table: the c_nonces the OpenID4VCI nonce endpoint (and, for draft wallets, the token
 * endpoint) handed out, as SHA-256 hashes. A nonce is spent by deleting its row, so a proof built on it
 * is accepted once; expired rows are pruned whenever a nonce is issued, which bounds the table by the
 * pickup rate limit times the nonce lifetime.
 */
import { Repository } from "./repository.ts";

export class NoncesRepository extends Repository {
  issue(nonceHash: string, expiresAt: number, now: number): void {
    this.statement("DELETE FROM pickup_nonces WHERE expires_at <= ?").run(now);
    this.statement("INSERT INTO pickup_nonces (nonce_hash, expires_at) VALUES (?, ?)").run(nonceHash, expiresAt);
  }

  /** Spends a live nonce; false when it is unknown, spent or expired. */
  spend(nonceHash: string, now: number): boolean {
    return (
      this.statement("DELETE FROM pickup_nonces WHERE nonce_hash = ? AND expires_at > ?").run(nonceHash, now)
        .changes === 1
    );
  }
}
