/**
 * The `offers` table: pickup offers of the OpenID4VCI pre-authorized code flow. Codes and tx_code PINs
 * are stored as keyed hashes, tokens and nonces as SHA-256 hashes (the caller hashes; this module stores).
 * `credential_type` is `<type>|<format>[,<format>]`: the formats the wallet may choose from.
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
  /** Unused since 1.0 pickup (nonces live in pickup_nonces); kept for data directories that have it. */
  c_nonce: string | null;
  credential_digest: string | null;
  /** The nonce of the proof that claimed this offer's credential: a lost answer is fetched again with it. */
  spent_nonce: string | null;
  holder_jwk: string | null;
  tx_code_hash: string | null;
  tx_code_length: number | null;
  code_ttl_ms: number | null;
  locked_at: number | null;
}

export class OffersRepository extends Repository {
  insert(row: {
    offerId: string;
    codeHash: string;
    caseId: string;
    principalId: string;
    credentialType: string;
    expiresAt: number;
    codeTtlMs: number;
    txCodeHash: string | null;
    txCodeLength: number | null;
  }): void {
    this.statement(
      `INSERT INTO offers (offer_id, code_hash, case_id, principal_id, credential_type, expires_at, code_ttl_ms, tx_code_hash, tx_code_length)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      row.offerId,
      row.codeHash,
      row.caseId,
      row.principalId,
      row.credentialType,
      row.expiresAt,
      row.codeTtlMs,
      row.txCodeHash,
      row.txCodeLength,
    );
  }

  byId(offerId: string, principalId: string): OfferRow | undefined {
    return this.statement("SELECT * FROM offers WHERE offer_id = ? AND principal_id = ?").get(offerId, principalId) as
      OfferRow | undefined;
  }

  byCodeHash(codeHash: string): OfferRow | undefined {
    return this.statement("SELECT * FROM offers WHERE code_hash = ?").get(codeHash) as OfferRow | undefined;
  }

  byTokenHash(tokenHash: string): OfferRow | undefined {
    return this.statement("SELECT * FROM offers WHERE token_hash = ?").get(tokenHash) as OfferRow | undefined;
  }

  /**
   * Gives an unredeemed offer a new code and PIN hash (the old ones stop working), unblocks it, and sets
   * its expiry; false when a wallet redeemed it meanwhile.
   */
  replaceCode(offerId: string, codes: { codeHash: string; txCodeHash: string | null; expiresAt: number }): boolean {
    return (
      this.statement(
        `UPDATE offers SET code_hash = ?, tx_code_hash = ?, expires_at = ?, locked_at = NULL
         WHERE offer_id = ? AND redeemed_at IS NULL`,
      ).run(codes.codeHash, codes.txCodeHash, codes.expiresAt, offerId).changes === 1
    );
  }

  /** Exchanges a fresh, unused, unblocked code for a token (hash); false when it is unknown, used or expired. */
  redeem(codeHash: string, grant: { now: number; tokenHash: string; tokenExpiresAt: number }): boolean {
    return (
      this.statement(
        `UPDATE offers SET redeemed_at = ?, token_hash = ?, token_expires_at = ?
         WHERE code_hash = ? AND redeemed_at IS NULL AND locked_at IS NULL AND expires_at > ?`,
      ).run(grant.now, grant.tokenHash, grant.tokenExpiresAt, codeHash, grant.now).changes === 1
    );
  }

  /** Blocks the offer's code and token now (too many wrong attempts); an agency may renew an unredeemed one. */
  invalidate(codeHash: string, now: number): void {
    this.statement("UPDATE offers SET locked_at = ?, token_expires_at = ? WHERE code_hash = ?").run(now, now, codeHash);
  }

  /** Claims the offer's one credential for the proof on `nonceHash`; false when another proof claimed it. */
  claim(codeHash: string, nonceHash: string): boolean {
    return (
      this.statement("UPDATE offers SET spent_nonce = ? WHERE code_hash = ? AND spent_nonce IS NULL").run(
        nonceHash,
        codeHash,
      ).changes === 1
    );
  }

  /** Gives the claim up when issuing failed (chain unreachable…): the wallet may try again with a fresh nonce. */
  releaseClaim(codeHash: string): void {
    this.statement("UPDATE offers SET spent_nonce = NULL WHERE code_hash = ? AND credential_digest IS NULL").run(
      codeHash,
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
