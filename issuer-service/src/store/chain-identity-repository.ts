/** The `chain_identity` table: the one row that remembers which deployment this data directory belongs to. */
import type { Db } from "./database.ts";
import { Repository } from "./repository.ts";

export interface RecordedIdentity {
  chain_id: number;
  ledger: string;
  deployment_block: number;
  deployment_block_hash: string;
}

export class ChainIdentityRepository extends Repository {
  constructor(db: Db) {
    super(db);
    // Created here rather than by a migration since it was added: data directories have it or get it.
    db.exec(`CREATE TABLE IF NOT EXISTS chain_identity (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      chain_id INTEGER NOT NULL,
      ledger TEXT NOT NULL,
      deployment_block INTEGER NOT NULL,
      deployment_block_hash TEXT NOT NULL,
      recorded_at INTEGER NOT NULL
    )`);
  }

  recorded(): RecordedIdentity | undefined {
    return this.statement("SELECT * FROM chain_identity WHERE id = 1").get() as RecordedIdentity | undefined;
  }

  record(identity: RecordedIdentity, at: number): void {
    this.statement(
      "INSERT INTO chain_identity (id, chain_id, ledger, deployment_block, deployment_block_hash, recorded_at) VALUES (1, ?, ?, ?, ?, ?)",
    ).run(identity.chain_id, identity.ledger, identity.deployment_block, identity.deployment_block_hash, at);
  }
}
