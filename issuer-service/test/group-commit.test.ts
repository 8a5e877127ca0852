/**
 * Group commit: concurrent writes share one durable transaction; each write is its own savepoint, so a
 * failing write loses only itself; callers learn of their write only once its transaction committed;
 * writes run in the order they were handed in.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { openDatabase, type Db } from "../src/store/database.ts";
import { GroupCommit } from "../src/store/group-commit.ts";
import { tempDir } from "./helpers.ts";

function freshDb(): { db: Db; dir: string } {
  const dir = tempDir();
  const db = openDatabase(join(dir, "issuer.sqlite"));
  db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)");
  return { db, dir };
}

const names = (db: Db) =>
  (db.prepare("SELECT name FROM items ORDER BY id").all() as { name: string }[]).map((r) => r.name);

describe("group commit", () => {
  const opened: { db: Db; dir: string }[] = [];
  const open = () => {
    const handle = freshDb();
    opened.push(handle);
    return handle.db;
  };
  after(() => {
    for (const { db, dir } of opened) {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps durability: WAL and synchronous=FULL", () => {
    const db = open();
    assert.equal(db.pragma("journal_mode", { simple: true }), "wal");
    assert.equal(db.pragma("synchronous", { simple: true }), 2);
  });

  it("commits writes handed in together as one transaction, in the order handed in", async () => {
    const db = open();
    const commits = new GroupCommit(db);
    const insert = (name: string) => () =>
      Number(db.prepare("INSERT INTO items (name) VALUES (?)").run(name).lastInsertRowid);
    const ids = await Promise.all(["a", "b", "c", "d"].map((name) => commits.run(insert(name))));
    assert.deepEqual(ids, [1, 2, 3, 4]);
    assert.deepEqual(names(db), ["a", "b", "c", "d"]);
    assert.equal(commits.stats.commits, 1);
    assert.equal(commits.stats.writes, 4);
  });

  it("a failing write rolls back only itself and rejects only its caller", async () => {
    const db = open();
    const commits = new GroupCommit(db);
    const results = await Promise.allSettled([
      commits.run(() => db.prepare("INSERT INTO items (name) VALUES ('first')").run()),
      commits.run(() => {
        db.prepare("INSERT INTO items (name) VALUES ('half-done')").run();
        db.prepare("INSERT INTO items (name) VALUES ('first')").run(); // UNIQUE violation
      }),
      commits.run(() => db.prepare("INSERT INTO items (name) VALUES ('third')").run()),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ["fulfilled", "rejected", "fulfilled"],
    );
    assert.match(String((results[1] as PromiseRejectedResult).reason), /UNIQUE/);
    assert.deepEqual(names(db), ["first", "third"], "the failed write's first statement was rolled back too");
    assert.equal(commits.stats.commits, 1);
  });

  it("a caller resolves only after the transaction holding its write has committed", async () => {
    const db = open();
    const commits = new GroupCommit(db);
    let inTransactionWhenWritten: boolean | undefined;
    const done = commits.run(() => {
      inTransactionWhenWritten = db.inTransaction;
      db.prepare("INSERT INTO items (name) VALUES ('durable')").run();
    });
    let settled = false;
    void done.then(() => (settled = true));
    await Promise.resolve();
    assert.equal(settled, false, "not resolved before the group was committed");
    assert.deepEqual(names(db), [], "nothing written before the group runs");
    await done;
    assert.equal(inTransactionWhenWritten, true);
    assert.equal(db.inTransaction, false, "the transaction was committed when the caller resumed");
    // A second connection (another process would see the same) reads the committed row.
    const reader = openDatabase(join(opened.at(-1)!.dir, "issuer.sqlite"));
    try {
      assert.deepEqual(names(reader), ["durable"]);
    } finally {
      reader.close();
    }
  });

  it("a failed COMMIT rejects every caller of the group and keeps none of its writes", async () => {
    const db = open();
    db.exec(`CREATE TABLE parents (id INTEGER PRIMARY KEY);
             CREATE TABLE children (parent INTEGER REFERENCES parents(id) DEFERRABLE INITIALLY DEFERRED)`);
    const commits = new GroupCommit(db);
    const results = await Promise.allSettled([
      commits.run(() => db.prepare("INSERT INTO items (name) VALUES ('lost')").run()),
      // A deferred foreign key is checked at COMMIT: the whole transaction fails there.
      commits.run(() => db.prepare("INSERT INTO children (parent) VALUES (42)").run()),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ["rejected", "rejected"],
    );
    assert.deepEqual(names(db), []);
    assert.equal(db.inTransaction, false);
    await commits.run(() => db.prepare("INSERT INTO items (name) VALUES ('next')").run());
    assert.deepEqual(names(db), ["next"], "the next group commits normally");
  });

  it("writes handed in while a group is committing form the next group", async () => {
    const db = open();
    const commits = new GroupCommit(db);
    const order: string[] = [];
    const first = commits.run(() => {
      order.push("first");
      db.prepare("INSERT INTO items (name) VALUES ('first')").run();
    });
    const second = first.then(() =>
      commits.run(() => {
        order.push("second");
        db.prepare("INSERT INTO items (name) VALUES ('second')").run();
      }),
    );
    await second;
    assert.deepEqual(order, ["first", "second"]);
    assert.equal(commits.stats.commits, 2);
  });

  it("rejects instead of throwing when the database was closed under queued writes", async () => {
    const db = open();
    const commits = new GroupCommit(db);
    const pending = commits.run(() => db.prepare("INSERT INTO items (name) VALUES ('late')").run());
    db.close();
    await assert.rejects(pending, /database is closed/);
  });
});
