/**
 * One key per job: the data master key encrypts nothing itself. Case keys are wrapped under a key of
 * their own (HKDF label "fairledger/case-key-wrapping"), like the service sealing key and the keyed-hash
 * key. A data directory written before that change (case keys wrapped by the master key itself) still
 * opens, and its case keys are re-wrapped once.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createDecipheriv } from "node:crypto";
import { openDatabase } from "../src/store/database.ts";
import { CaseVault } from "../src/store/case-vault.ts";

const MASTER_KEY = "11".repeat(32);
/**
 * Rows written by the code before #12 (CaseVault of commit 56077fa, master key 0x11…11): a case key
 * wrapped by the master key, the case's "worker" blob, a service-sealed answer and a keyed hash.
 */
const BEFORE = {
  caseId: "case-before-12",
  wrappedKey:
    "d5061329613ad0e34c3732d63790f5f678bfc3b632b50033b39230cec53344642714861b35fcb7b7de1fb4e441314641c18f4dda2603449b94f1aaf6",
  workerBlob:
    "5dd9e036ea67aa0c8817f5489014b01646bde3530e89405b5832653880d0a54ccdfee9a1903bc9d149811a2de148de258d98afeb99a97aa4f2e1",
  serviceSealed: "1a20bce946487035b9e3d6105fe588c73e912c54ef6d9133e999c087c914e8abc9b7b32115665333162c",
  keyedHash: "093e870e78044620ed633a7916897935dc463d45074f73df1541ec8db9fecbdf",
};

/** Whether `key` itself opens the wrapped case key (AES-256-GCM as the vault seals). */
function opensWith(key: Buffer, caseId: string, wrapped: Buffer): boolean {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, wrapped.subarray(0, 12));
    decipher.setAAD(Buffer.from(`case-key:${caseId}`));
    decipher.setAuthTag(wrapped.subarray(12, 28));
    Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]);
    return true;
  } catch {
    return false;
  }
}

function dataDirBefore12() {
  const db = openDatabase(":memory:");
  db.pragma("foreign_keys = OFF"); // vault rows without a case row: this test is about the vault's keys only
  db.prepare("INSERT INTO case_keys (case_id, wrapped_key, commitment_salt) VALUES (?, ?, ?)").run(
    BEFORE.caseId,
    Buffer.from(BEFORE.wrappedKey, "hex"),
    Buffer.alloc(32, 7),
  );
  db.prepare("INSERT INTO case_blobs (case_id, name, ciphertext) VALUES (?, 'worker', ?)").run(
    BEFORE.caseId,
    Buffer.from(BEFORE.workerBlob, "hex"),
  );
  return db;
}

const wrappedKeyOf = (db: ReturnType<typeof openDatabase>, caseId: string) =>
  (db.prepare("SELECT wrapped_key FROM case_keys WHERE case_id = ?").get(caseId) as { wrapped_key: Buffer })
    .wrapped_key;

describe("the data master key, one job per derived key", () => {
  it("a new case key is not wrapped by the master key itself", () => {
    const db = openDatabase(":memory:");
    db.pragma("foreign_keys = OFF");
    const vault = new CaseVault(db, MASTER_KEY);
    vault.createCaseKey("case-new", Buffer.alloc(32, 1));
    vault.put("case-new", "worker", "data");
    assert.equal(opensWith(Buffer.from(MASTER_KEY, "hex"), "case-new", wrappedKeyOf(db, "case-new")), false);
    assert.equal(vault.get("case-new", "worker")?.toString("utf8"), "data");
  });

  it("a data directory written before #12 opens: its case data, service-sealed answers and keyed hashes read as before", () => {
    const db = dataDirBefore12();
    const vault = new CaseVault(db, MASTER_KEY);
    assert.deepEqual(vault.getJson(BEFORE.caseId, "worker"), { name: "Quilleran Zabrovska" });
    assert.equal(vault.open(null, Buffer.from(BEFORE.serviceSealed, "hex"), "x").toString("utf8"), "service answer");
    assert.equal(vault.keyedHash("p", "t"), BEFORE.keyedHash);
  });

  it("its case keys are re-wrapped once, under the key-wrapping key, and the data still reads", () => {
    const db = dataDirBefore12();
    const vault = new CaseVault(db, MASTER_KEY);
    assert.equal(vault.rewrapLegacyCaseKeys(), 1);
    assert.equal(opensWith(Buffer.from(MASTER_KEY, "hex"), BEFORE.caseId, wrappedKeyOf(db, BEFORE.caseId)), false);
    assert.equal(vault.rewrapLegacyCaseKeys(), 0);
    assert.deepEqual(new CaseVault(db, MASTER_KEY).getJson(BEFORE.caseId, "worker"), { name: "Quilleran Zabrovska" });
  });

  it("a case key wrapped under another master key is refused, not taken for a legacy one", () => {
    const db = dataDirBefore12();
    assert.throws(() => new CaseVault(db, "22".repeat(32)).get(BEFORE.caseId, "worker"));
  });
});
