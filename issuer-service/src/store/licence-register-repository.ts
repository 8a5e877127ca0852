/**
 * The `licence_register` table: the public facts of each licence credential this service signed for an
 * authority — agency name and licence number as the authority wrote them, and the credential's digest,
 * which is the licence's `documentHash` on chain. The chain holds no names and no licence numbers (only
 * the agency's account, country, status, window and that hash); this table is where the public agency
 * register finds them, and the digest is how it shows they belong to the licence the chain holds now.
 * Nothing personal: agencies and authorities are organisations.
 */
import type { Db } from "./database.ts";
import { Repository } from "./repository.ts";

export interface LicenceRegisterEntry {
  /** The licence credential's digest: the `documentHash` the licence was issued or renewed with on chain. */
  documentHash: string;
  /** The agency's account, lower case. */
  agency: string;
  agencyName: string;
  licenceNumber: string;
  /** The authority principal that signed the licence credential. */
  authorityId: string;
  jurisdiction: string;
  recordedAt: number;
}

interface Row {
  document_hash: string;
  agency: string;
  agency_name: string;
  licence_number: string;
  authority_id: string;
  jurisdiction: string;
  recorded_at: number;
}

const fromRow = (row: Row): LicenceRegisterEntry => ({
  documentHash: row.document_hash,
  agency: row.agency,
  agencyName: row.agency_name,
  licenceNumber: row.licence_number,
  authorityId: row.authority_id,
  jurisdiction: row.jurisdiction,
  recordedAt: row.recorded_at,
});

export class LicenceRegisterRepository extends Repository {
  constructor(db: Db) {
    super(db);
    // Created here rather than by a numbered migration (as chain_identity): data directories have it or get it,
    // and licences signed before it existed simply have no entry (the register then shows the principal's name).
    db.exec(`CREATE TABLE IF NOT EXISTS licence_register (
      document_hash TEXT PRIMARY KEY,
      agency TEXT NOT NULL,
      agency_name TEXT NOT NULL,
      licence_number TEXT NOT NULL,
      authority_id TEXT NOT NULL,
      jurisdiction TEXT NOT NULL,
      recorded_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS licence_register_by_agency ON licence_register (agency, recorded_at)`);
  }

  record(entry: LicenceRegisterEntry): void {
    this.statement(
      `INSERT INTO licence_register (document_hash, agency, agency_name, licence_number, authority_id, jurisdiction, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      entry.documentHash.toLowerCase(),
      entry.agency.toLowerCase(),
      entry.agencyName,
      entry.licenceNumber,
      entry.authorityId,
      entry.jurisdiction,
      entry.recordedAt,
    );
  }

  /** The entry of the licence credential with this digest (a licence's documentHash on chain), if this service signed it. */
  byDocumentHash(documentHash: string): LicenceRegisterEntry | undefined {
    const row = this.statement("SELECT * FROM licence_register WHERE document_hash = ?").get(
      documentHash.toLowerCase(),
    ) as Row | undefined;
    return row && fromRow(row);
  }

  /** The agency's newest entry (its licence as last issued or renewed here), if this service signed any. */
  latestForAgency(agency: string): LicenceRegisterEntry | undefined {
    const row = this.statement(
      "SELECT * FROM licence_register WHERE agency = ? ORDER BY recorded_at DESC, rowid DESC LIMIT 1",
    ).get(agency.toLowerCase()) as Row | undefined;
    return row && fromRow(row);
  }

  /** Every entry, oldest first: the register is small (one row per licence issued or renewed here). */
  all(): LicenceRegisterEntry[] {
    return (this.statement("SELECT * FROM licence_register ORDER BY recorded_at, rowid").all() as Row[]).map(fromRow);
  }
}
