/**
 * The service's own SQLite database (better-sqlite3, WAL): principals, cases, credentials, the
 * anchoring outbox, pickup offers, idempotency records and the audit log. Migrations are numbered and
 * applied once each inside a transaction, recorded in `user_version`. The file is created 0600 (its
 * -wal and -shm take its mode), and deleted content is overwritten (secure_delete).
 */
import Database from "better-sqlite3";
import { ensurePrivateFile } from "./data-dir.ts";

export type Db = Database.Database;

export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE principals (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('agency', 'authority')),
    did TEXT NOT NULL UNIQUE,
    address TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    jurisdiction TEXT,
    signing_kid TEXT,
    signing_key TEXT,
    api_key_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE cases (
    id TEXT PRIMARY KEY,
    agency_id TEXT NOT NULL REFERENCES principals(id),
    case_commitment TEXT NOT NULL UNIQUE,
    corridor TEXT NOT NULL,
    employer_address TEXT NOT NULL,
    currency TEXT,
    status TEXT NOT NULL,
    open_tx TEXT,
    contract_hash TEXT,
    contract_tx TEXT,
    receipts_root TEXT,
    close_tx TEXT,
    created_at INTEGER NOT NULL,
    erased_at INTEGER
  );
  -- Per-case data key (wrapped by the master key) and the commitment salt: deleting this row is erasure.
  CREATE TABLE case_keys (
    case_id TEXT PRIMARY KEY REFERENCES cases(id),
    wrapped_key BLOB NOT NULL,
    commitment_salt BLOB NOT NULL
  );
  -- Encrypted blobs of a case: personal data, contract document, issued credentials (with their salts).
  CREATE TABLE case_blobs (
    case_id TEXT NOT NULL REFERENCES cases(id),
    name TEXT NOT NULL,
    ciphertext BLOB NOT NULL,
    PRIMARY KEY (case_id, name)
  );
  CREATE TABLE receipts (
    case_id TEXT NOT NULL REFERENCES cases(id),
    receipt_hash TEXT NOT NULL,
    payer TEXT NOT NULL,
    amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    category INTEGER NOT NULL,
    tx_hash TEXT NOT NULL,
    PRIMARY KEY (case_id, receipt_hash)
  );
  CREATE TABLE credentials (
    digest TEXT PRIMARY KEY,
    case_id TEXT REFERENCES cases(id),
    issuer_id TEXT NOT NULL REFERENCES principals(id),
    type TEXT NOT NULL,
    format TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active',
    created_at INTEGER NOT NULL
  );
  -- Durable outbox: one row per digest to anchor; batch_root set when it joins a batch.
  CREATE TABLE outbox (
    digest TEXT PRIMARY KEY REFERENCES credentials(digest),
    issuer_address TEXT NOT NULL,
    enqueued_at INTEGER NOT NULL,
    batch_root TEXT,
    proof TEXT
  );
  CREATE INDEX outbox_unbatched ON outbox (issuer_address, enqueued_at) WHERE batch_root IS NULL;
  CREATE TABLE batches (
    root TEXT PRIMARY KEY,
    issuer_address TEXT NOT NULL,
    size INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('built', 'sent', 'anchored')),
    tx_hash TEXT,
    block_number INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE offers (
    code_hash TEXT PRIMARY KEY,
    case_id TEXT REFERENCES cases(id),
    principal_id TEXT NOT NULL REFERENCES principals(id),
    credential_type TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    redeemed_at INTEGER,
    token_hash TEXT UNIQUE,
    token_expires_at INTEGER,
    c_nonce TEXT,
    credential_digest TEXT
  );
  CREATE TABLE idempotency (
    principal_id TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER,
    response TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (principal_id, key)
  );
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT,
    detail TEXT
  );
  `,
  // 2: a wallet whose /credential answer was lost may fetch the same credential again (same token, key, nonce).
  `
  ALTER TABLE offers ADD COLUMN spent_nonce TEXT;
  ALTER TABLE offers ADD COLUMN holder_jwk TEXT;
  `,
  // 3: nothing personal or secret in clear (store/idempotency-answers.ts). Answers stored in clear by
  // earlier versions are dropped, not converted: they cannot be tied to their case to seal them, and a
  // retry across the upgrade running again is the lesser harm. Offers get a stable id (a replayed offer
  // answer gets a fresh code under the same offer); c_nonces are kept as hashes, so clear ones are dropped
  // (the wallet's next proof gets invalid_nonce with a fresh c_nonce). Codes are now keyed hashes: codes
  // of offers made before the upgrade (10-minute lifetime) stop working.
  `
  DROP TABLE idempotency;
  CREATE TABLE idempotency (
    principal_id TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER,
    case_id TEXT,
    response BLOB,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (principal_id, key)
  );
  CREATE INDEX idempotency_by_case ON idempotency (case_id) WHERE case_id IS NOT NULL;
  ALTER TABLE offers ADD COLUMN offer_id TEXT;
  CREATE UNIQUE INDEX offers_by_id ON offers (offer_id);
  UPDATE offers SET c_nonce = NULL, spent_nonce = NULL;
  `,
  // 4: a credential identifier (VCDM id / jti) is never issued twice by one issuer, not even after the
  // first credential was revoked: a verifier or wallet that keys on it can never mistake one for the other.
  `
  ALTER TABLE credentials ADD COLUMN credential_id TEXT;
  CREATE UNIQUE INDEX credentials_issuer_credential_id ON credentials (issuer_id, credential_id);
  `,
  // 5 (#11): API keys are random, several per principal, revocable (keys/api-keys.ts); principals may be
  // inspectors and insurers and remember which authority onboarded them. The principals table is rebuilt
  // (SQLite cannot change a CHECK or drop a column in place): `migrate` runs this one with foreign keys
  // off and checks them before commit. Each principal's derived key (HMAC of the master key and its DID)
  // moves to api_keys as a key labelled "derived (before #11)": integrations keep working across the
  // upgrade, and the key is now revocable and rotatable like any other. Operators should rotate it:
  // whoever holds the data master key can recompute it.
  `
  CREATE TABLE principals_v5 (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('agency', 'authority', 'inspector', 'insurer')),
    did TEXT NOT NULL UNIQUE,
    address TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    jurisdiction TEXT,
    signing_kid TEXT,
    signing_key TEXT,
    onboarded_by TEXT REFERENCES principals(id),
    created_at INTEGER NOT NULL
  );
  INSERT INTO principals_v5 (id, kind, did, address, name, jurisdiction, signing_kid, signing_key, created_at)
    SELECT id, kind, did, address, name, jurisdiction, signing_kid, signing_key, created_at FROM principals;
  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    principal_id TEXT NOT NULL REFERENCES principals(id),
    label TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    last_used_at INTEGER,
    revoked_at INTEGER,
    expiry_recorded INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX api_keys_by_principal ON api_keys (principal_id, created_at);
  INSERT INTO api_keys (id, principal_id, label, key_hash, created_at)
    SELECT lower(hex(randomblob(16))), id, 'derived (before #11)', api_key_hash, created_at FROM principals;
  DROP TABLE principals;
  ALTER TABLE principals_v5 RENAME TO principals;
  CREATE INDEX principals_by_onboarder ON principals (onboarded_by);
  `,
  // 6 (#12): a batch the ledger refuses for a reason no retry can fix (the agency is no longer licensed)
  // ends `rejected` instead of being retried forever (anchoring/outbox.ts), and the agency gets a notice
  // it reads at GET /notices. SQLite cannot change a CHECK in place: batches is rebuilt (no table
  // references it, so foreign keys are not involved).
  `
  CREATE TABLE batches_v6 (
    root TEXT PRIMARY KEY,
    issuer_address TEXT NOT NULL,
    size INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('built', 'sent', 'anchored', 'rejected')),
    tx_hash TEXT,
    block_number INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    rejected_at INTEGER,
    rejected_for TEXT
  );
  INSERT INTO batches_v6 (root, issuer_address, size, state, tx_hash, block_number, attempts, next_attempt_at, last_error, created_at)
    SELECT root, issuer_address, size, state, tx_hash, block_number, attempts, next_attempt_at, last_error, created_at FROM batches;
  DROP TABLE batches;
  ALTER TABLE batches_v6 RENAME TO batches;
  CREATE TABLE notices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    principal_id TEXT NOT NULL REFERENCES principals(id),
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT,
    message TEXT NOT NULL,
    detail TEXT
  );
  CREATE INDEX notices_by_principal ON notices (principal_id, id);
  `,
  // 7 (#13): Token Status Lists. Each issuer's SD-JWT VCs get an index drawn at random from one of its
  // lists (store/status-lists-repository.ts); the index is in the signed credential, so it never changes.
  // `licence_agency` is set for a licence credential, whose status is its agency's licence on chain.
  `
  CREATE TABLE status_lists (
    id TEXT PRIMARY KEY,
    issuer_id TEXT NOT NULL REFERENCES principals(id),
    size INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX status_lists_by_issuer ON status_lists (issuer_id, created_at);
  CREATE TABLE status_list_entries (
    list_id TEXT NOT NULL REFERENCES status_lists(id),
    idx INTEGER NOT NULL,
    digest TEXT NOT NULL UNIQUE REFERENCES credentials(digest),
    licence_agency TEXT,
    PRIMARY KEY (list_id, idx)
  );
  `,
  // 8 (#13 OpenID4VCI 1.0, #15): an offer may carry a tx_code PIN (a keyed hash, like its code) and its own
  // code lifetime (renewals use it); an offer blocked after too many wrong attempts says so. Nonces come
  // from the 1.0 nonce endpoint, not from the offer: they live in their own table, single use, as hashes.
  `
  ALTER TABLE offers ADD COLUMN tx_code_hash TEXT;
  ALTER TABLE offers ADD COLUMN tx_code_length INTEGER;
  ALTER TABLE offers ADD COLUMN code_ttl_ms INTEGER;
  ALTER TABLE offers ADD COLUMN locked_at INTEGER;
  CREATE TABLE pickup_nonces (
    nonce_hash TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX pickup_nonces_by_expiry ON pickup_nonces (expires_at);
  `,
  // 9 (#13): OpenID4VP requests of authorities (border posts), keyed by state: each is answered once
  // (answered_at set by the answer that claims it), and rows are deleted an hour after they expire, so
  // the disclosed claims in a verdict are kept for the desk's shift of checks, not for ever.
  `
  CREATE TABLE openid4vp_requests (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL UNIQUE,
    principal_id TEXT NOT NULL REFERENCES principals(id),
    request_object TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    answered_at INTEGER,
    verdict TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX openid4vp_requests_by_expiry ON openid4vp_requests (expires_at);
  `,
  // 10 (#15 item 2): workers' complaints about their agency. The text, photo, commitment salt and the
  // authority's outcome are sealed under the case's data key (erasure makes them unreadable); the plain
  // columns are what officials list and the public count needs; the worker reads the status with a random
  // access token (its SHA-256 hash here). One OPEN complaint per category per case
  // is the partial unique index. The proof nonces the complaint endpoint hands out are single use (hashes).
  `
  CREATE TABLE complaints (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id),
    agency_id TEXT NOT NULL REFERENCES principals(id),
    category TEXT NOT NULL CHECK (category IN ('fee-charged', 'contract-changed', 'documents-withheld', 'wages-unpaid', 'other')),
    identity_shared INTEGER NOT NULL CHECK (identity_shared IN (0, 1)),
    commitment TEXT NOT NULL UNIQUE,
    access_hash TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'handled')),
    sealed_report BLOB NOT NULL,
    sealed_outcome BLOB,
    filed_at INTEGER NOT NULL,
    handled_at INTEGER,
    handled_by TEXT
  );
  CREATE UNIQUE INDEX complaints_one_open_per_category ON complaints (case_id, category) WHERE status = 'open';
  CREATE INDEX complaints_by_agency ON complaints (agency_id, filed_at);
  CREATE TABLE complaint_nonces (
    nonce_hash TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL,
    spent_at INTEGER
  );
  CREATE INDEX complaint_nonces_by_expiry ON complaint_nonces (expires_at);
  `,
  // 11 (#15): why a credential was suspended or revoked (the reason code sent to the chain, words from
  // common/src/licence-reasons.ts) and how a principal is reached (an agency's or authority's public
  // contact, shown to a worker whose paper is in trouble). Organisations only: nothing personal.
  `
  ALTER TABLE credentials ADD COLUMN status_reason_code INTEGER;
  ALTER TABLE principals ADD COLUMN contact TEXT;
  `,
];

/** Migrations that rebuild a table others reference: run with foreign keys off, checked before commit. */
const REBUILDS_TABLES = new Set([4]);

export function openDatabase(path: string): Db {
  if (path !== ":memory:") ensurePrivateFile(path);
  const db = new Database(path);
  // ON, not FAST: FAST leaves freed overflow and freelist pages as they were, and contract documents and
  // credentials span overflow pages. Costs extra writes on deletes only, which are rare here (erasure,
  // expiry of idempotency rows). Per connection: this is the service's only one.
  db.pragma("secure_delete = ON");
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db);
  return db;
}

/**
 * After an erasure commits, the WAL still holds the pages as they were before it (a frame per page per
 * commit until the WAL is reused): copy the latest pages into the database and truncate the WAL to zero
 * bytes. Together with secure_delete (deleted cells and freed pages zeroed) no old copy of the erased
 * rows stays in the files. Returns false when a reader kept the checkpoint from finishing (nothing lost:
 * the next erasure or the shutdown truncates).
 */
export function truncateWal(db: Db): boolean {
  const [result] = db.pragma("wal_checkpoint(TRUNCATE)") as { busy: number; log: number; checkpointed: number }[];
  return result?.busy === 0;
}

function migrate(db: Db): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  for (const [version, migration] of MIGRATIONS.entries()) {
    if (version < current) continue;
    // SQLite's procedure for changing a table: foreign keys off (a no-op inside a transaction, so
    // before it), rebuild, foreign_key_check inside the transaction, foreign keys on again.
    const rebuild = REBUILDS_TABLES.has(version);
    if (rebuild) db.pragma("foreign_keys = OFF");
    try {
      db.transaction(() => {
        db.exec(migration);
        if (rebuild && (db.pragma("foreign_key_check") as unknown[]).length > 0)
          throw new Error(`database migration ${version + 1} broke a foreign key`);
        db.pragma(`user_version = ${version + 1}`);
      })();
    } finally {
      if (rebuild) db.pragma("foreign_keys = ON");
    }
  }
}
