/**
 * The `cases` and `receipts` tables: a case's public facts (commitment, corridor, employer, status,
 * transaction hashes) and its recorded fee receipts. Personal data is not here: it is in the case's
 * encrypted vault (case-vault.ts).
 */
import { Repository } from "./repository.ts";

export type CaseStatus = "opening" | "open" | "contract-uploaded" | "contract-anchored" | "Closed" | "ClosedInBreach";

export interface CaseRow {
  id: string;
  agency_id: string;
  case_commitment: string;
  corridor: string;
  employer_address: string;
  currency: string | null;
  status: CaseStatus;
  open_tx: string | null;
  contract_hash: string | null;
  contract_tx: string | null;
  receipts_root: string | null;
  close_tx: string | null;
  created_at: number;
  erased_at: number | null;
}

export interface ReceiptRow {
  receipt_hash: string;
  payer: "employer" | "worker";
  amount: string;
  currency: string;
}

export class CasesRepository extends Repository {
  byId(caseId: string): CaseRow | undefined {
    return this.statement("SELECT * FROM cases WHERE id = ?").get(caseId) as CaseRow | undefined;
  }

  /**
   * The case this service holds for an on-chain case commitment (any agency's), if any. Commitments are
   * stored as lowercase hex (a SHA-256 digest), so the lookup uses the column's unique index as is.
   */
  byCommitment(caseCommitment: string): CaseRow | undefined {
    return this.statement("SELECT * FROM cases WHERE case_commitment = ?").get(caseCommitment.toLowerCase()) as
      CaseRow | undefined;
  }

  /** Cases whose openCase transaction may or may not have reached the chain (write-ahead rows). */
  opening(): CaseRow[] {
    return this.statement("SELECT * FROM cases WHERE status = 'opening'").all() as CaseRow[];
  }

  insertOpening(row: {
    id: string;
    agencyId: string;
    caseCommitment: string;
    corridor: string;
    employer: string;
    createdAt: number;
  }): void {
    this.statement(
      `INSERT INTO cases (id, agency_id, case_commitment, corridor, employer_address, status, created_at)
           VALUES (?, ?, ?, ?, ?, 'opening', ?)`,
    ).run(row.id, row.agencyId, row.caseCommitment, row.corridor, row.employer, row.createdAt);
  }

  markOpen(caseId: string, tx: string | null): void {
    this.statement("UPDATE cases SET status = 'open', open_tx = ? WHERE id = ?").run(tx, caseId);
  }

  /** Deletes a case still `opening` (its transaction never reached the chain); no-op otherwise. */
  deleteOpening(caseId: string): void {
    this.statement("DELETE FROM cases WHERE id = ? AND status = 'opening'").run(caseId);
  }

  markContractUploaded(caseId: string, contractHash: string): void {
    this.statement("UPDATE cases SET status = 'contract-uploaded', contract_hash = ? WHERE id = ?").run(
      contractHash,
      caseId,
    );
  }

  markContractAnchored(caseId: string, tx: string): void {
    this.statement("UPDATE cases SET status = 'contract-anchored', contract_tx = ? WHERE id = ?").run(tx, caseId);
  }

  /** Records a fee receipt and the case's currency (the last receipt's). */
  addReceipt(
    caseId: string,
    receipt: {
      receiptHash: string;
      payer: "employer" | "worker";
      amount: string;
      currency: string;
      category: number;
      tx: string;
    },
  ): void {
    this.statement(
      "INSERT INTO receipts (case_id, receipt_hash, payer, amount, currency, category, tx_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ).run(caseId, receipt.receiptHash, receipt.payer, receipt.amount, receipt.currency, receipt.category, receipt.tx);
    this.statement("UPDATE cases SET currency = ? WHERE id = ?").run(receipt.currency, caseId);
  }

  /** The case's receipts in the order they were recorded (the order of the receipts' Merkle root). */
  receipts(caseId: string): ReceiptRow[] {
    return this.statement("SELECT * FROM receipts WHERE case_id = ? ORDER BY rowid").all(caseId) as ReceiptRow[];
  }

  markClosed(caseId: string, status: "Closed" | "ClosedInBreach", receiptsRoot: string, tx: string): void {
    this.statement("UPDATE cases SET status = ?, receipts_root = ?, close_tx = ? WHERE id = ?").run(
      status,
      receiptsRoot,
      tx,
      caseId,
    );
  }

  markErased(caseId: string, at: number): void {
    this.statement("UPDATE cases SET erased_at = ? WHERE id = ?").run(at, caseId);
  }
}
