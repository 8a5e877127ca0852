/**
 * The anchoring outbox on a real chain: batches while the chain is down wait and retry with backoff;
 * a transaction sent (and mined) by a run that crashed before recording it is found on chain and never
 * sent again; and killing the service with SIGKILL at any moment leaves every committed credential
 * anchored exactly once.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";
import Database from "better-sqlite3";
import { NonceManager } from "ethers";
import { fairLedgerContract, verifyMerkleProof } from "@fairledger/common/node";
import { devWallet } from "../../scripts/lib/seed.mts";
import {
  caseWithAnchoredContract,
  client,
  newHolderKey,
  serviceConfig,
  startDemoLedger,
  startService,
  tempDir,
  waitFor,
  type DemoLedger,
} from "./helpers.ts";
import { startChainProxy } from "./support/tcp-proxy.ts";
import type { IssuerService } from "../src/service.ts";

const ISSUE = (caseId: string) => ({
  credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
  options: { caseId, holderJwk: newHolderKey().jwk },
});

async function issueMany(url: string, apiKey: string, caseId: string, count: number): Promise<string[]> {
  const api = client(url, apiKey);
  const responses = await Promise.all(
    Array.from({ length: count }, () => api.post("/credentials/issue", ISSUE(caseId))),
  );
  for (const response of responses) assert.equal(response.status, 201, JSON.stringify(response.body));
  return responses.map((response) => response.body.digest as string);
}

describe("anchoring outbox", () => {
  let ledger: DemoLedger;

  before(async () => {
    ledger = await startDemoLedger();
  });
  after(async () => {
    await ledger?.stop();
  });

  it("keeps batches while the chain is down, retries with backoff, and anchors once it is back", async () => {
    const proxy = await startChainProxy(ledger.chain.rpcUrl);
    let service: IssuerService | undefined;
    try {
      service = await startService(
        ledger,
        tempDir(),
        { manualAnchoring: true },
        { rpcUrl: proxy.url, batch: { size: 3, intervalMs: 50, maxBackoffMs: 400 } },
      );
      const { caseId } = await caseWithAnchoredContract(service, ledger);
      const digests = await issueMany(service.url, service.apiKeys.agency!, caseId, 6);
      const { outbox, db } = service.context;

      await proxy.down();
      await outbox.runOnce();
      const waiting = db
        .prepare("SELECT root, state, attempts, last_error FROM batches WHERE size > 0 AND state != 'anchored'")
        .all() as {
        attempts: number;
        last_error: string;
      }[];
      assert.equal(waiting.length, 2, "two batches of three built while the chain is down");
      for (const batch of waiting) {
        assert.equal(batch.attempts, 1);
        assert.ok(batch.last_error);
      }
      for (const digest of digests)
        assert.equal((await client(service.url).get(`/credentials/${digest}/anchor`)).body.status, "pending");

      await outbox.runOnce(); // inside the backoff window: no new attempt
      const attempts = (
        db.prepare("SELECT MAX(attempts) AS n FROM batches WHERE state != 'anchored'").get() as { n: number }
      ).n;
      assert.equal(attempts, 1);

      await proxy.up();
      await waitFor(async () => {
        await outbox.runOnce();
        const left = (db.prepare("SELECT COUNT(*) AS n FROM batches WHERE state != 'anchored'").get() as { n: number })
          .n;
        return left === 0 ? true : undefined;
      }, "anchoring after the chain is back");
      for (const digest of digests) {
        const anchor: { status: string; anchor: { root: string; proof: string[] } } = (
          await client(service.url).get(`/credentials/${digest}/anchor`)
        ).body;
        assert.equal(anchor.status, "anchored");
        assert.ok(verifyMerkleProof(anchor.anchor.root, digest, anchor.anchor.proof));
      }
    } finally {
      await service?.stop();
      await proxy.close();
    }
  });

  it("finds a batch that a crashed run sent but never recorded, and does not send it again", async () => {
    const service = await startService(
      ledger,
      tempDir(),
      { manualAnchoring: true },
      { batch: { size: 2, intervalMs: 10 } },
    );
    try {
      const { caseId } = await caseWithAnchoredContract(service, ledger);
      await issueMany(service.url, service.apiKeys.agency!, caseId, 2);
      const { outbox, db } = service.context;
      outbox.buildDueBatches();
      const batch = db.prepare("SELECT root, size, state FROM batches WHERE state = 'built'").get() as {
        root: string;
        size: number;
      };
      assert.ok(batch);
      // What the crashed run did: the anchoring transaction is on chain, the database never heard of it.
      const agency = fairLedgerContract(
        ledger.manifest,
        new NonceManager(devWallet(3, ledger.provider) as never) as never,
      );
      const sent = await (await agency.getFunction("anchorBatch")(batch.root, batch.size)).wait();
      const nonceAfterCrash = await ledger.provider.getTransactionCount(ledger.demo.accounts.agency.address);

      await outbox.runOnce();
      const row = db.prepare("SELECT state, tx_hash, block_number FROM batches WHERE root = ?").get(batch.root) as {
        state: string;
        tx_hash: string;
        block_number: number;
      };
      assert.equal(row.state, "anchored");
      assert.equal(row.tx_hash, sent.hash);
      assert.equal(row.block_number, sent.blockNumber);
      assert.equal(
        await ledger.provider.getTransactionCount(ledger.demo.accounts.agency.address),
        nonceAfterCrash,
        "nothing sent twice",
      );
      const events = await service.context.ledger.reader.queryFilter(
        service.context.ledger.reader.filters.BatchAnchored!(batch.root),
      );
      assert.equal(events.length, 1);
    } finally {
      await service.stop();
    }
  });

  it("a case whose openCase transaction a crash cut off is settled at the next start", async () => {
    const dataDir = tempDir();
    const service = await startService(ledger, dataDir);
    const api = client(service.url, service.apiKeys.agency);
    const worker = { name: "A", passportNumber: "B", birthDate: "1990-01-01", nationality: "PH" };
    const body = { corridor: "PH-SA", employer: ledger.demo.accounts.employer.address, worker };
    const sent = (await api.post("/cases", body)).body;
    const neverSent = (await api.post("/cases", body)).body;
    // What a crash between commit and send (or between send and record) leaves behind.
    service.context.db
      .prepare("UPDATE cases SET status = 'opening', open_tx = NULL WHERE id IN (?, ?)")
      .run(sent.id, neverSent.id);
    service.context.db
      .prepare("UPDATE cases SET case_commitment = ? WHERE id = ?")
      .run(`0x${"ee".repeat(32)}`, neverSent.id);
    await service.stop();

    const restarted = await startService(ledger, dataDir);
    try {
      const again = client(restarted.url, restarted.apiKeys.agency);
      const settled = (await again.get(`/cases/${sent.id}`)).body;
      assert.equal(settled.status, "open");
      assert.equal(settled.transactions.open, sent.transactions.open);
      assert.equal((await again.get(`/cases/${neverSent.id}`)).status, 404);
      const audit = restarted.context.db
        .prepare("SELECT action FROM audit_log WHERE subject = ? ORDER BY id DESC")
        .get(neverSent.id) as {
        action: string;
      };
      assert.equal(audit.action, "case.discarded");
    } finally {
      await restarted.stop();
    }
  });

  it("kill -9 at any moment: every committed credential is anchored exactly once", { timeout: 180_000 }, async () => {
    const dataDir = tempDir();
    const config = serviceConfig(ledger, dataDir, { batch: { size: 3, intervalMs: 30, maxBackoffMs: 500 } });
    const children = new Set<ChildProcess>();
    const startChild = async () => {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", join(import.meta.dirname, "support", "child-service.ts")],
        {
          env: {
            ...process.env,
            FAIRLEDGER_TEST_CONFIG: JSON.stringify(config),
            FAIRLEDGER_TEST_ACCOUNTS: JSON.stringify(ledger.demo.accounts),
          },
          stdio: ["ignore", "pipe", "inherit"],
        },
      );
      children.add(child);
      child.on("exit", () => children.delete(child));
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once("line", resolve);
        child.once("exit", (code) => reject(new Error(`child exited ${code}`)));
      });
      return { child, ...(JSON.parse(line) as { url: string; apiKeys: Record<string, string> }) };
    };
    const kill9 = (child: ChildProcess) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      });

    const fromBlock = (await ledger.provider.getBlockNumber()) + 1;
    try {
      const acknowledged = new Set<string>();
      let caseId: string | undefined;
      for (let round = 0; round < 3; round++) {
        const { child, url, apiKeys } = await startChild();
        if (!caseId)
          caseId = (await caseWithAnchoredContract({ url, apiKeys } as never, ledger, apiKeys.agency)).caseId;
        const api = client(url, apiKeys.agency);
        // Fire requests, then kill while responses, batch building and anchoring are all in flight.
        const inFlight = Array.from({ length: 10 }, () =>
          api.post("/credentials/issue", ISSUE(caseId!)).then(
            (response) => (response.status === 201 ? acknowledged.add(response.body.digest) : undefined),
            () => undefined,
          ),
        );
        await new Promise((resolve) => setTimeout(resolve, 150 + round * 120));
        await kill9(child);
        await Promise.all(inFlight);
      }
      assert.ok(acknowledged.size > 0, "some issuance was acknowledged before the kills");

      const { child, url } = await startChild();
      const db = new Database(join(dataDir, "issuer.sqlite"), { readonly: true });
      try {
        await waitFor(
          async () => {
            const left = (
              db
                .prepare(
                  "SELECT COUNT(*) AS n FROM outbox o LEFT JOIN batches b ON b.root = o.batch_root WHERE b.state IS NULL OR b.state != 'anchored'",
                )
                .get() as { n: number }
            ).n;
            return left === 0 ? true : undefined;
          },
          "all committed digests anchored",
          60_000,
        );
        const committed = (db.prepare("SELECT digest FROM outbox").all() as { digest: string }[]).map(
          (row) => row.digest,
        );
        for (const digest of acknowledged) assert.ok(committed.includes(digest), `acknowledged ${digest} is committed`);

        const reader = fairLedgerContract(ledger.manifest, ledger.provider as never);
        const events = await reader.queryFilter(
          reader.filters.BatchAnchored!(null, ledger.demo.accounts.agency.address),
          fromBlock,
        );
        const roots = events.map((event) => (event as unknown as { args: [string, string, bigint] }).args[0]);
        assert.equal(new Set(roots).size, roots.length, "no root anchored twice");
        const anchoredRecords = events.reduce(
          (sum, event) => sum + Number((event as unknown as { args: [string, string, bigint] }).args[2]),
          0,
        );
        assert.equal(
          anchoredRecords,
          committed.length,
          "the anchored batches hold exactly the committed digests, each once",
        );
        for (const digest of committed) {
          const anchor = (await client(url).get(`/credentials/${digest}/anchor`)).body;
          assert.equal(anchor.status, "anchored");
          assert.ok(roots.includes(anchor.anchor.root));
          assert.equal(
            await reader.getFunction("isInBatch")(
              ledger.demo.accounts.agency.address,
              anchor.anchor.root,
              digest,
              anchor.anchor.proof,
            ),
            true,
          );
        }
      } finally {
        db.close();
        await kill9(child);
      }
    } finally {
      for (const child of children) await kill9(child);
    }
  });
});
