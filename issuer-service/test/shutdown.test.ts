/**
 * Stopping the service while requests are running: it stops accepting connections, lets the running
 * requests finish (their credentials commit), and closes the database only after them — no uncaught
 * "database connection is not open". A request still stuck past the grace period gets a clean
 * connection close, and its handler finishing later does not crash the process either.
 */
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import Database from "better-sqlite3";
import {
  caseWithAnchoredContract,
  client,
  newHolderKey,
  startDemoLedger,
  startService,
  tempDir,
  waitFor,
  type DemoLedger,
} from "./helpers.ts";
import { startHoldingRpcProxy, type HoldingRpcProxy } from "./support/holding-rpc-proxy.ts";
import type { IssuerService } from "../src/service.ts";

const ISSUE = (caseId: string) => ({
  credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
  options: { caseId, holderJwk: newHolderKey().jwk },
});

/** Outcome of a request: its status, or "closed" when the connection was closed without an answer. */
async function outcome(request: Promise<{ status: number }>): Promise<number | "closed"> {
  try {
    return (await request).status;
  } catch {
    return "closed";
  }
}

describe("graceful stop", () => {
  let ledger: DemoLedger;
  let proxy: HoldingRpcProxy;
  let service: IssuerService | undefined;
  let dataDir: string;
  const escaped: unknown[] = [];
  const record = (error: unknown) => escaped.push(error);

  before(async () => {
    ledger = await startDemoLedger();
  });
  after(async () => {
    await ledger?.stop();
  });
  beforeEach(async () => {
    escaped.length = 0;
    process.on("uncaughtException", record);
    process.on("unhandledRejection", record);
    proxy = await startHoldingRpcProxy(ledger.chain.rpcUrl);
    dataDir = tempDir();
  });
  afterEach(async () => {
    proxy.release();
    await service?.stop();
    service = undefined;
    await proxy.close();
    process.off("uncaughtException", record);
    process.off("unhandledRejection", record);
  });

  async function startWithRunningIssuances(count: number, shutdownGraceMs: number) {
    service = await startService(ledger, dataDir, {}, { rpcUrl: proxy.url, licenceCacheMs: 0, shutdownGraceMs });
    const { caseId } = await caseWithAnchoredContract(service, ledger);
    const api = client(service.url, service.apiKeys.agency);
    proxy.hold();
    const requests = Array.from({ length: count }, () => outcome(api.post("/credentials/issue", ISSUE(caseId))));
    // Every issuance is now running, waiting for the chain (concurrent issuances share their licence
    // and block-time calls, so the held calls are fewer than the requests).
    await waitFor(
      async () => (proxy.held >= 1 && service!.inFlightRequests() >= count ? true : undefined),
      "issuances waiting for the chain",
    );
    return { requests, url: service.url };
  }

  function storedCredentials(): number {
    const db = new Database(join(dataDir, "issuer.sqlite"), { readonly: true });
    try {
      return (db.prepare("SELECT COUNT(*) AS n FROM credentials").get() as { n: number }).n;
    } finally {
      db.close();
    }
  }

  it("lets running issuances finish before closing the database, and refuses new connections meanwhile", async () => {
    const { requests, url } = await startWithRunningIssuances(6, 10_000);
    const stopping = service!.stop();
    await waitFor(
      async () => ((await outcome(fetch(`${url}/health`))) === "closed" ? true : undefined),
      "the listener to stop accepting connections",
    );
    proxy.release();
    await stopping;
    const outcomes = await Promise.all(requests);
    assert.deepEqual(outcomes, [201, 201, 201, 201, 201, 201], "every running issuance completed");
    assert.equal(storedCredentials(), 6, "and committed its credential");
    assert.deepEqual(escaped, [], "no uncaught exception or unhandled rejection");
  });

  it("past the grace period closes the stuck connections cleanly; their handlers returning later crash nothing", async () => {
    const { requests } = await startWithRunningIssuances(3, 200);
    await service!.stop();
    assert.deepEqual(
      await Promise.all(requests),
      ["closed", "closed", "closed"],
      "stuck requests get a connection close",
    );
    proxy.release();
    // The handlers now get their chain answers after the database and provider were closed.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(escaped, [], "no uncaught exception or unhandled rejection");
    assert.equal(storedCredentials(), 0, "nothing half-written");
  });
});
