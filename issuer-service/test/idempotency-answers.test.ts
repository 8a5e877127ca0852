/**
 * The idempotency table as a reader of the database file sees it: answers sealed (under the case's key
 * when they concern a case), requests known only by a keyed hash, an erased case's rows tombstones —
 * also when its answer arrives after the erasure — and tombstones kept through a restart.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { openDatabase } from "../src/store/database.ts";
import { CaseVault } from "../src/store/case-vault.ts";
import { IdempotencyAnswers } from "../src/store/idempotency-answers.ts";
import { SECRETS } from "./helpers.ts";

function setup() {
  const db = openDatabase(":memory:");
  db.pragma("foreign_keys = OFF"); // case keys without case rows: this test is about the idempotency table only
  const vault = new CaseVault(db, SECRETS.dataMasterKey);
  vault.createCaseKey("case-1", randomBytes(32));
  return { db, vault, answers: new IdempotencyAnswers(db, vault) };
}

const ANSWER = {
  status: 201,
  contentType: "application/json",
  body: JSON.stringify({ workerName: "Quilleran Zabrovska" }),
};
const REQUEST = `POST /cases\n{"worker":{"name":"Quilleran Zabrovska","passportNumber":"QZ7Y4K9182"}}`;

describe("stored idempotency answers", () => {
  it("are sealed and their requests keyed-hashed: the row holds neither the answer nor a plain hash of the request", () => {
    const { db, answers } = setup();
    answers.store("agency", "key-00000001", answers.requestHash(REQUEST), "case-1", ANSWER);
    answers.store("agency", "key-00000002", answers.requestHash(REQUEST), null, ANSWER);
    const rows = db.prepare("SELECT request_hash, response FROM idempotency").all() as {
      request_hash: string;
      response: Buffer;
    }[];
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.equal(row.response.includes(Buffer.from("Quilleran")), false);
      assert.notEqual(row.request_hash, createHash("sha256").update(REQUEST).digest("hex"));
    }
    assert.deepEqual(answers.find("agency", "key-00000001"), {
      state: "answered",
      requestHash: answers.requestHash(REQUEST),
      answer: ANSWER,
    });
    assert.deepEqual(answers.find("agency", "key-00000002"), {
      state: "answered",
      requestHash: answers.requestHash(REQUEST),
      answer: ANSWER,
    });
  });

  it("a sealed answer moved to another key does not open (bound to principal, key and case)", () => {
    const { db, answers } = setup();
    answers.store("agency", "key-00000001", "h", "case-1", ANSWER);
    answers.store("agency", "key-00000002", "h", "case-1", { ...ANSWER, body: "other" });
    db.prepare(
      "UPDATE idempotency SET response = (SELECT response FROM idempotency WHERE key = 'key-00000001') WHERE key = 'key-00000002'",
    ).run();
    assert.throws(() => answers.find("agency", "key-00000002"));
  });

  it("erasing a case turns its rows into tombstones; an answer stored after the erasure becomes one too", () => {
    const { db, vault, answers } = setup();
    answers.store("agency", "key-00000001", "h", "case-1", ANSWER);
    answers.store("agency", "key-00000003", "h", null, ANSWER);
    db.transaction(() => {
      vault.erase("case-1");
      answers.eraseCase("case-1");
    })();
    assert.deepEqual(answers.find("agency", "key-00000001"), { state: "erased" });
    assert.equal(answers.find("agency", "key-00000003")?.state, "answered", "answers of no case are untouched");
    const tombstone = db
      .prepare("SELECT request_hash, status, response FROM idempotency WHERE key = 'key-00000001'")
      .get();
    assert.deepEqual(tombstone, { request_hash: "erased", status: null, response: null });

    // A request that was still running when the case was erased answers afterwards.
    answers.store("agency", "key-00000004", "h", "case-1", ANSWER);
    assert.deepEqual(answers.find("agency", "key-00000004"), { state: "erased" });
  });

  it("at restart, unfinished rows are dropped and tombstones kept until their retention ends", () => {
    const { db, vault, answers } = setup();
    answers.store("agency", "key-00000001", "h", "case-1", ANSWER, 1_000);
    vault.erase("case-1");
    answers.eraseCase("case-1");
    db.prepare(
      "INSERT INTO idempotency (principal_id, key, request_hash, created_at) VALUES ('agency', 'key-crashed1', 'h', 1000)",
    ).run();
    assert.equal(answers.recover(2_000, 10_000), 1);
    assert.deepEqual(answers.find("agency", "key-00000001"), { state: "erased" });
    assert.equal(answers.find("agency", "key-crashed1"), undefined);
    answers.recover(20_000, 10_000);
    assert.equal(answers.find("agency", "key-00000001"), undefined);
  });
});
