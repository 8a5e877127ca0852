/**
 * Chaos: a burst of issuances while the chain connection is cut, hung, slowed and restored, with the
 * anchoring worker running on its own. What must hold throughout and after:
 *   - the process stays alive: no uncaught exception and no unhandled rejection (a listener records them);
 *   - every answer is 201, or 503 problem+json with Retry-After (never a 500, never a dropped connection);
 *   - every credential answered 201 ends up anchored on chain exactly once: counted from the chain's own
 *     BatchAnchored events (no root twice, sizes adding up to the committed credentials) and checked per
 *     credential with the contract's inclusion check.
 * Each fault lasts until a number of requests started under it were answered (and, for the faults that
 * must reach requests, some of them 503), not for a time, so a loaded machine only makes it slower.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fairLedgerContract } from "@fairledger/common";
import {
  caseWithAnchoredContract,
  client,
  newHolderKey,
  waitFor,
  type ApiResponse,
  useServiceBehindChainProxy,
} from "./helpers.ts";

// Generous on purpose: the set-up goes through the proxy with this timeout too, and a loaded machine
// (both cores busy) has made a plain Hardhat call take over 1.5 s. The faults scale with it.
const RPC_TIMEOUT_MS = 4_000;
const WORKERS = 4;

interface Answer {
  phase: string;
  response: ApiResponse;
}

describe("chaos: issuance while the chain is cut, hung, slowed and restored", () => {
  const demo = useServiceBehindChainProxy({
    overrides: () => ({
      rpcTimeoutMs: RPC_TIMEOUT_MS,
      receiptTimeoutMs: 4 * RPC_TIMEOUT_MS,
      // Short reuse windows: some issuances during an outage are answered from them (201, queued),
      // others must ask the chain (503).
      licenceCacheMs: 300,
      blockTimeReuseMs: 100,
      batch: { size: 4, intervalMs: 20, maxBackoffMs: 200 },
    }),
  });

  it(
    "stays alive, answers 201 or 503 with Retry-After, and anchors every 201 exactly once",
    { timeout: 600_000 },
    async (t) => {
      const { caseId } = await caseWithAnchoredContract(demo.service, demo.ledger);
      const agency = demo.ledger.demo.accounts.agency.address;
      const fromBlock = (await demo.ledger.provider.getBlockNumber()) + 1;
      const api = client(demo.service.url, demo.service.apiKeys.agency);
      const answers: Answer[] = [];
      let phase = "pass";
      let done = false;

      const worker = async () => {
        while (!done) {
          const startedIn = phase;
          const response = await api.post("/credentials/issue", {
            credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
            options: { caseId, holderJwk: newHolderKey().jwk },
          });
          answers.push({ phase: startedIn, response });
        }
      };
      let phases = 0;
      /** Sets a fault and keeps it until `count` requests started under it were answered, `unavailable` of them 503. */
      const until = async (name: string, fault: () => Promise<void>, count: number, unavailable = 0) => {
        await fault();
        phase = `${++phases}. ${name}`;
        const mine = () => answers.filter((answer) => answer.phase === phase);
        await waitFor(
          async () =>
            mine().length >= count && mine().filter((answer) => answer.response.status === 503).length >= unavailable
              ? true
              : undefined,
          `${count} answers (${unavailable} of them 503) while ${name}`,
          300_000,
        );
      };

      const workers = Array.from({ length: WORKERS }, worker);
      await until("pass", async () => {}, 8);
      await until("refused", () => demo.proxy.refuse(), 8, 2);
      await until("restored", () => demo.proxy.restore(), 8);
      await until("hung", () => demo.proxy.hang(), 6, 2);
      await until("restored", () => demo.proxy.restore(), 8);
      await until("slow", () => demo.proxy.slow(RPC_TIMEOUT_MS / 20), 8);
      await until("slower than the RPC timeout", () => demo.proxy.slow(RPC_TIMEOUT_MS * 2), 4, 1);
      await until("refused", () => demo.proxy.refuse(), 4, 1);
      await until("restored", () => demo.proxy.restore(), 8);
      done = true;
      await Promise.all(workers);

      // Every answer: 201, or 503 problem+json with Retry-After.
      for (const { phase: when, response } of answers) {
        if (response.status === 201) continue;
        assert.equal(response.status, 503, `while ${when}: ${JSON.stringify(response.body)}`);
        assert.match(response.headers.get("content-type") ?? "", /^application\/problem\+json/);
        assert.equal(response.body.type, "urn:fairledger:problem:ERR_CHAIN_UNREACHABLE");
        assert.ok(Number(response.headers.get("retry-after")) > 0, "Retry-After");
      }
      const issued = answers
        .filter((answer) => answer.response.status === 201)
        .map((answer) => answer.response.body.digest as string);
      assert.ok(issued.length > 0, "some issuances succeeded");

      // The worker anchors everything by itself once the chain is back.
      const { db } = demo.service.context;
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
        "the outbox drained",
        300_000,
      );

      // Exactly once, by the chain's own account (read directly, not through the demo.proxy).
      const reader = fairLedgerContract(demo.ledger.manifest, demo.ledger.provider as never);
      const events = await reader.queryFilter(reader.filters.BatchAnchored!(null, agency), fromBlock);
      const roots = events.map((event) => (event as unknown as { args: [string, string, bigint] }).args[0]);
      assert.equal(new Set(roots).size, roots.length, "no batch anchored twice");
      const committed = (
        db.prepare("SELECT digest FROM outbox WHERE issuer_address = ?").all(agency.toLowerCase()) as {
          digest: string;
        }[]
      ).map((row) => row.digest);
      const anchoredRecords = events.reduce(
        (sum, event) => sum + Number((event as unknown as { args: [string, string, bigint] }).args[2]),
        0,
      );
      assert.equal(anchoredRecords, committed.length, "the anchored batches hold exactly the committed credentials");
      assert.equal(new Set(issued).size, issued.length);
      for (const digest of issued) {
        assert.ok(committed.includes(digest), `201 credential ${digest} is committed`);
        const anchor = (await client(demo.service.url).get(`/credentials/${digest}/anchor`)).body;
        assert.equal(anchor.status, "anchored");
        assert.ok(roots.includes(anchor.anchor.root), "in a batch anchored on chain");
        assert.equal(
          await reader.getFunction("isInBatch")(agency, anchor.anchor.root, digest, anchor.anchor.proof),
          true,
          "included on chain",
        );
      }

      const byPhase = new Map<string, string>();
      for (const { phase: when, response } of answers)
        byPhase.set(when, `${byPhase.get(when) ?? ""} ${response.status}`);
      t.diagnostic(`${answers.length} answers, ${issued.length} × 201, ${roots.length} batches anchored`);
      for (const [when, statuses] of byPhase) t.diagnostic(`${when}:${statuses}`);
      assert.equal(
        (await client(demo.service.url).get("/health")).body.chain,
        "reachable",
        "the service is back by itself",
      );
      assert.deepEqual(demo.escaped, [], "no uncaught exception or unhandled rejection");
    },
  );
});
