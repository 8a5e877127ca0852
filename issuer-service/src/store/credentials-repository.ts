/** The `credentials` table: every credential this service issued (digest, issuer, type, format, local status). */
import { ServiceError } from "../errors.ts";
import { Repository } from "./repository.ts";

export type CredentialStatus = "active" | "suspended" | "revoked" | "rejected";

export class CredentialsRepository extends Repository {
  /**
   * Records a credential's row; its identifier (`jti` / VCDM `id`) must be new for this issuer. The unique
   * index (issuer_id, credential_id) is what enforces it, so no code path can skip the rule.
   */
  insert(row: {
    digest: string;
    caseId: string | null;
    issuerId: string;
    credentialId: string;
    type: string;
    format: string;
    createdAt: number;
  }): void {
    try {
      this.statement(
        "INSERT INTO credentials (digest, case_id, issuer_id, credential_id, type, format, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ).run(row.digest, row.caseId, row.issuerId, row.credentialId, row.type, row.format, row.createdAt);
    } catch (error) {
      if (
        (error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE" &&
        /credential_id/.test((error as Error).message)
      ) {
        throw new ServiceError(
          "ERR_CONFLICT",
          `credential identifier ${row.credentialId} was already used by this issuer`,
          {},
          { cause: error },
        );
      }
      throw error;
    }
  }

  /** Who issued the credential, its type and its local status, or undefined when unknown. */
  byDigest(digest: string): { issuerId: string; type: string; status: CredentialStatus } | undefined {
    const row = this.statement("SELECT issuer_id, type, status FROM credentials WHERE digest = ?").get(digest) as
      { issuer_id: string; type: string; status: CredentialStatus } | undefined;
    return row && { issuerId: row.issuer_id, type: row.type, status: row.status };
  }

  /** The case a credential was issued for (null: not a case credential, e.g. a licence), or undefined when unknown. */
  caseOf(digest: string): string | null | undefined {
    const row = this.statement("SELECT case_id FROM credentials WHERE digest = ?").get(digest) as
      { case_id: string | null } | undefined;
    return row?.case_id;
  }

  /** `reasonCode`: the code sent to the chain with the change (kept for the status answer's words). */
  setStatus(digest: string, status: CredentialStatus, reasonCode: number | null = null): void {
    this.statement("UPDATE credentials SET status = ?, status_reason_code = ? WHERE digest = ?").run(
      status,
      reasonCode,
      digest,
    );
  }

  /** The reason code of the credential's last status change, when one was given. */
  statusReasonCode(digest: string): number | undefined {
    const row = this.statement("SELECT status_reason_code FROM credentials WHERE digest = ?").get(digest) as
      { status_reason_code: number | null } | undefined;
    return row?.status_reason_code ?? undefined;
  }
}
