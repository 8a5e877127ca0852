/**
 * The upgrade that gives the outbox its terminal `rejected` state (#12, migration 6): batches built, sent
 * or anchored before it keep their state, proof columns and attempts; a batch may now end `rejected`; an
 * unknown state is still refused; the notices table exists.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import Database from "better-sqlite3";
import { MIGRATIONS, openDatabase } from "../src/store/database.ts";
import { tempDir } from "./helpers.ts";

describe("outbox across the upgrade to a terminal rejected state", () => {
  it("keeps every batch as it was and accepts `rejected` afterwards", () => {
    const path = join(tempDir(), "issuer.sqlite");
    const old = new Database(path);
    for (const sql of MIGRATIONS.slice(0, 5)) old.exec(sql);
    old.pragma("user_version = 5");
    const insert = old.prepare(
      "INSERT INTO batches (root, issuer_address, size, state, tx_hash, block_number, attempts, next_attempt_at, last_error, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
    );
    insert.run("0xaa", "0xabc", 2, "anchored", "0xt1", 7, 1, 0, null, 1);
    insert.run("0xbb", "0xabc", 3, "sent", "0xt2", null, 4, 99, "the ledger RPC is unreachable", 2);
    assert.throws(
      () => insert.run("0xcc", "0xabc", 1, "rejected", null, null, 1, 0, null, 3),
      /CHECK/,
      "no rejected state before",
    );
    old.close();

    const db = openDatabase(path);
    try {
      assert.equal(db.pragma("user_version", { simple: true }), MIGRATIONS.length);
      assert.deepEqual(
        db
          .prepare(
            "SELECT root, state, tx_hash, block_number, attempts, next_attempt_at, last_error FROM batches ORDER BY root",
          )
          .all(),
        [
          {
            root: "0xaa",
            state: "anchored",
            tx_hash: "0xt1",
            block_number: 7,
            attempts: 1,
            next_attempt_at: 0,
            last_error: null,
          },
          {
            root: "0xbb",
            state: "sent",
            tx_hash: "0xt2",
            block_number: null,
            attempts: 4,
            next_attempt_at: 99,
            last_error: "the ledger RPC is unreachable",
          },
        ],
      );
      db.prepare(
        "UPDATE batches SET state = 'rejected', rejected_at = 5, rejected_for = 'RecordsUnauthorizedAnchorer' WHERE root = '0xbb'",
      ).run();
      assert.throws(() => db.prepare("UPDATE batches SET state = 'lost' WHERE root = '0xaa'").run(), /CHECK/);
      assert.deepEqual(db.prepare("SELECT COUNT(*) AS n FROM notices").get(), { n: 0 });
    } finally {
      db.close();
    }
  });
});
