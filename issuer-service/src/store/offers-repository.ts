/**
 * The `offers` table: pickup offers of the OpenID4VCI pre-authorized code flow. Codes are stored as
 * keyed hashes, tokens and nonces as SHA-256 hashes (the caller hashes; this module stores).
 */
import { Repository } from "./repository.ts";

export interface OfferRow {
  offer_id: string | null;
  code_hash: string;
  case_id: string;
  principal_id: string;
  credential_type: string;
  expires_at: number;
  redeemed_at: number | null;
  token_hash: string | null;
  token_expires_at: number | null;
  c_nonce: string | null;
  credential_digest: string | null;
  spent_nonce: string | null;
  holder_jwk: string | null;
}

export class OffersRepository extends Repository {
  insert(row: {
    offerId: string;
    codeHash: string;
    caseId: string;
    principalId: string;
    credentialType: string;
    expiresAt: number;
  }): void {
    this.statement(
      "INSERT INTO offers (offer_id, code_hash, case_id, principal_id, credential_type, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
    ).run(row.offerId, row.codeHash, row.caseId, row.principalId, row.credentialType, row.expiresAt);
  }

  byId(offerId: string, principalId: string): OfferRow | undefined {
    return this.statement("SELECT * FROM offers WHERE offer_id = ? AND principal_id = ?").get(offerId, principalId) as
      OfferRow | undefined;
  }

  byTokenHash(tokenHash: string): OfferRow | undefined {
    return this.statement("SELECT * FROM offers WHERE token_hash = ?").get(tokenHash) as OfferRow | undefined;
  }

  /** Gives an unredeemed, unexpired offer a new code; false when it was redeemed or expired meanwhile. */
  replaceCode(offerId: string, codeHash: string, now: number): boolean {
    return (
      this.statement(
        "UPDATE offers SET code_hash = ? WHERE offer_id = ? AND redeemed_at IS NULL AND expires_at > ?",
      ).run(codeHash, offerId, now).changes === 1
    );
  }

  /** Exchanges a fresh, unused code for a token and nonce (hashes); false when the code is unknown, used or expired. */
  redeem(
    codeHash: string,
    grant: { now: number; tokenHash: string; tokenExpiresAt: number; cNonceHash: string },
  ): boolean {
    return (
      this.statement(
        `UPDATE offers SET redeemed_at = ?, token_hash = ?, token_expires_at = ?, c_nonce = ?
         WHERE code_hash = ? AND redeemed_at IS NULL AND expires_at > ?`,
      ).run(grant.now, grant.tokenHash, grant.tokenExpiresAt, grant.cNonceHash, codeHash, grant.now).changes === 1
    );
  }

  /** Ends the offer's code and token now. */
  invalidate(codeHash: string, now: number): void {
    this.statement("UPDATE offers SET expires_at = ?, token_expires_at = ? WHERE code_hash = ?").run(
      now,
      now,
      codeHash,
    );
  }

  setNonce(codeHash: string, cNonceHash: string): void {
    this.statement("UPDATE offers SET c_nonce = ? WHERE code_hash = ?").run(cNonceHash, codeHash);
  }

  /** Spends the nonce (it becomes the spent nonce); false when it was already spent. */
  spendNonce(codeHash: string, cNonceHash: string | null): boolean {
    return (
      this.statement("UPDATE offers SET c_nonce = NULL, spent_nonce = c_nonce WHERE code_hash = ? AND c_nonce = ?").run(
        codeHash,
        cNonceHash,
      ).changes === 1
    );
  }

  recordIssued(codeHash: string, credentialDigest: string, holderJwk: string): void {
    this.statement("UPDATE offers SET credential_digest = ?, holder_jwk = ? WHERE code_hash = ?").run(
      credentialDigest,
      holderJwk,
      codeHash,
    );
  }

  /** Part of erasing a case: its offers go. */
  deleteForCase(caseId: string): void {
    this.statement("DELETE FROM offers WHERE case_id = ?").run(caseId);
  }
}
