/**
 * Faults below the API answered as what they are (issue #10, finding 9): a chain that cannot answer is 503,
 * a full disk is 507 and a read-only or failing disk is 503 — never a 500 — and nothing stored before is
 * lost or corrupted by the failed write.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import {
  WORKER,
  caseWithAnchoredContract,
  client,
  newHolderKey,
  startDemoLedger,
  startService,
  tempDir,
  waitFor,
  type DemoLedger,
} from "./helpers.ts";
import { startChainProxy } from "./support/tcp-proxy.ts";
import type { IssuerService } from "../src/service.ts";
import { makeError } from "ethers";
import { toServiceError } from "../src/chain/ledger.ts";

/** A tiny tmpfs to fill up for real; null where mounting is not allowed (not root, no CAP_SYS_ADMIN). */
function mountTinyDisk(megabytes: number): string | null {
  const dir = join(tmpdir(), `fairledger-full-${process.pid}-${Date.now()}`);
  mkdirSync(dir);
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${megabytes}m,mode=0700`, "tmpfs", dir], { stdio: "ignore" });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

/** Writes zeros until the disk refuses (ENOSPC). */
function fillDisk(path: string): void {
  const fd = openSync(path, "w");
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  } finally {
    closeSync(fd);
  }
}

describe("faults below the API", () => {
  let ledger: DemoLedger;
  before(async () => {
    ledger = await startDemoLedger();
  });
  after(async () => {
    await ledger?.stop();
  });

  it("a credential's status while the chain is down is 503 problem+json, not 500", async () => {
    const proxy = await startChainProxy(ledger.chain.rpcUrl);
    let service: IssuerService | undefined;
    try {
      service = await startService(
        ledger,
        tempDir(),
        { manualAnchoring: true },
        { rpcUrl: proxy.url, batch: { size: 1, intervalMs: 50 } },
      );
      const { caseId, api } = await caseWithAnchoredContract(service, ledger);
      const issued = await api.post("/credentials/issue", {
        credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
        options: { caseId, holderJwk: newHolderKey().jwk },
      });
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      const digest = issued.body.digest as string;
      await waitFor(async () => {
        await service!.context.outbox.runOnce();
        return (await client(service!.url).get(`/credentials/${digest}/anchor`)).body.status === "anchored"
          ? true
          : undefined;
      }, "the credential anchored");
      assert.equal((await client(service.url).get(`/credentials/${digest}/status`)).status, 200);

      await proxy.down();
      const response = await client(service.url).get(`/credentials/${digest}/status`);
      assert.equal(response.status, 503, JSON.stringify(response.body));
      assert.match(response.headers.get("content-type")!, /application\/problem\+json/);
      assert.equal(response.body.code, "ERR_CHAIN_UNREACHABLE");
      assert.ok(
        !/ECONNREFUSED|ethers|version=/.test(JSON.stringify(response.body)),
        "no library internals in the answer",
      );
    } finally {
      await service?.stop();
      await proxy.close();
    }
  });

  it("a full disk answers 507; once space is freed the service goes on and nothing stored before is lost", async (t) => {
    const disk = mountTinyDisk(24);
    if (disk === null) {
      t.skip(
        "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN); the 503 cases below inject the driver error instead",
      );
      return;
    }
    const dataDir = join(disk, "data");
    let service: IssuerService | undefined;
    try {
      service = await startService(ledger, dataDir);
      const api = client(service.url, service.apiKeys.agency);
      const openCase = { corridor: "PH-SA", employer: ledger.demo.accounts.employer.address, worker: WORKER };
      const before = await api.post("/cases", openCase);
      assert.equal(before.status, 201, JSON.stringify(before.body));

      const filler = join(disk, "filler");
      fillDisk(filler);
      // SQLite may still fit a write or two into pages it already holds; big names make every write need new ones.
      const big = { ...openCase, worker: { ...WORKER, name: "M".repeat(200) } };
      let refused;
      for (let attempt = 0; attempt < 40 && !refused; attempt++) {
        const response = await api.post("/cases", big);
        if (response.status !== 201) refused = response;
      }
      assert.ok(refused, "the full disk refused a write");
      assert.equal(refused.status, 507, JSON.stringify(refused.body));
      assert.match(refused.headers.get("content-type")!, /application\/problem\+json/);
      assert.equal(refused.body.code, "ERR_STORAGE_FULL");

      rmSync(filler);
      const after = await api.post("/cases", openCase);
      assert.equal(after.status, 201, JSON.stringify(after.body));
      const again = await api.get(`/cases/${before.body.id}`);
      assert.equal(again.status, 200);
      assert.deepEqual(again.body, before.body);
      const check = service.context.db.pragma("integrity_check") as { integrity_check: string }[];
      assert.deepEqual(check, [{ integrity_check: "ok" }]);
    } finally {
      await service?.stop();
      execFileSync("umount", [disk], { stdio: "ignore" });
      rmSync(disk, { recursive: true, force: true });
    }
  });

  for (const code of ["SQLITE_READONLY", "SQLITE_IOERR_WRITE"]) {
    it(`a storage write failing with ${code} answers 503 and stores nothing`, async () => {
      const service = await startService(ledger);
      const { db } = service.context;
      const prepare = db.prepare.bind(db);
      try {
        const count = () => (prepare("SELECT COUNT(*) AS n FROM cases").get() as { n: number }).n;
        const before = count();
        // The storage boundary: every INSERT fails as the disk would make it fail.
        db.prepare = ((sql: string) => {
          if (/^\s*INSERT/i.test(sql)) throw new Database.SqliteError(`injected ${code}`, code);
          return prepare(sql);
        }) as typeof db.prepare;
        const response = await client(service.url, service.apiKeys.agency).post("/cases", {
          corridor: "PH-SA",
          employer: ledger.demo.accounts.employer.address,
          worker: WORKER,
        });
        assert.equal(response.status, 503, JSON.stringify(response.body));
        assert.match(response.headers.get("content-type")!, /application\/problem\+json/);
        assert.equal(response.body.code, "ERR_STORAGE_UNAVAILABLE");
        assert.ok(!response.body.detail.includes("injected"), "the driver's message stays in the log");
        db.prepare = prepare as typeof db.prepare;
        assert.equal(count(), before);
      } finally {
        db.prepare = prepare as typeof db.prepare;
        await service.stop();
      }
    });
  }

  it("a ledger failure never puts the library's message in the answer", () => {
    const refusedArgument = makeError("value out-of-bounds", "INVALID_ARGUMENT", {
      argument: "validFrom",
      value: -62167219200,
    });
    const bug = toServiceError(refusedArgument);
    assert.equal(bug.code, "ERR_INTERNAL", "an argument ethers refused is our bug, not an outage");
    assert.equal(bug.cause, refusedArgument, "the library's error stays attached for the log");
    // Neither a refusal nor an outage: treated as a defect (logged), never blamed on the chain.
    const strange = toServiceError(new Error("something odd (code=WHATEVER, version=6.17.0)"));
    assert.equal(strange.code, "ERR_INTERNAL");
    for (const error of [bug, strange]) assert.doesNotMatch(error.message, /out-of-bounds|version=|code=|odd/);
  });
});
