/**
 * The upgrade to random API keys (#11, migration 5): each principal's derived key keeps working as a
 * key labelled "derived (before #11)", now revocable like any other; cases keep their principal.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import Database from "better-sqlite3";
import { MIGRATIONS, openDatabase } from "../src/store/database.ts";
import { ApiKeys } from "../src/keys/api-keys.ts";
import { tempDir } from "./helpers.ts";

describe("API keys across the upgrade", () => {
  it("a key derived before the upgrade still authenticates, and can be revoked", () => {
    const path = join(tempDir(), "issuer.sqlite");
    const old = new Database(path);
    for (const sql of MIGRATIONS.slice(0, 4)) old.exec(sql);
    old.pragma("user_version = 4");
    const derived = "fl_derived-before-the-upgrade";
    old
      .prepare(
        "INSERT INTO principals (id, kind, did, address, name, jurisdiction, signing_kid, signing_key, api_key_hash, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
      )
      .run(
        "p1",
        "agency",
        "did:ethr:0x7a69:0xabc",
        "0xabc",
        "Old Agency",
        "PH",
        "kid",
        "key",
        createHash("sha256").update(derived).digest("hex"),
        1,
      );
    old
      .prepare(
        "INSERT INTO cases (id, agency_id, case_commitment, corridor, employer_address, status, created_at) VALUES (?,?,?,?,?,?,?)",
      )
      .run("c1", "p1", "0x01", "PH-SA", "0xdef", "open", 1);
    old.close();

    const db = openDatabase(path);
    try {
      const keys = new ApiKeys(db);
      const found = keys.authenticate(derived, () => "p1");
      assert.deepEqual(found && { principalId: found.principalId }, { principalId: "p1" });
      assert.equal(keys.list("p1")[0]!.label, "derived (before #11)");
      assert.equal(
        (db.prepare("SELECT agency_id FROM cases WHERE id = 'c1'").get() as { agency_id: string }).agency_id,
        "p1",
      );
      assert.deepEqual(db.pragma("foreign_key_check"), []);
      assert.equal(db.pragma("foreign_keys", { simple: true }), 1);
      keys.revoke("p1", found!.keyId, "test", "p1");
      assert.equal(
        keys.authenticate(derived, () => "p1"),
        undefined,
      );
    } finally {
      db.close();
    }
  });
});
