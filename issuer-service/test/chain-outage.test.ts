/**
 * The issuer survives its chain. Between the service and the Hardhat node sits a TCP proxy that refuses
 * connections, accepts them and never answers, or answers late. Whatever the chain does, the process
 * stays up (no uncaught exception or unhandled rejection: a listener records them), a request that
 * needs the chain answers 503 problem+json with Retry-After, issuance keeps queueing for anchoring, and
 * once the chain is back the service works again by itself (the nonce resynced, the outbox anchors).
 */
import { afterEach, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  caseWithAnchoredContract,
  client,
  newHolderKey,
  waitFor,
  WORKER,
  type ApiResponse,
  useServiceBehindChainProxy,
  decodeJwtPart,
} from "./helpers.ts";

/** Short enough that a hung RPC fails a request quickly; long enough for a loaded machine's loopback. */
// Generous on purpose: the set-up goes through the proxy with this timeout too, and a loaded machine
// (both cores busy) has made a plain Hardhat call take over 1.5 s. The faults scale with it.
const RPC_TIMEOUT_MS = 5_000;

const ISSUE = (caseId: string) => ({
  credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
  options: { caseId, holderJwk: newHolderKey().jwk },
});

function assertChainUnavailable(response: ApiResponse, what: string): void {
  assert.equal(response.status, 503, `${what}: ${JSON.stringify(response.body)}`);
  assert.match(response.headers.get("content-type") ?? "", /^application\/problem\+json/, what);
  assert.equal(response.body.type, "urn:fairledger:problem:ERR_CHAIN_UNREACHABLE", what);
  assert.ok(Number(response.headers.get("retry-after")) > 0, `${what}: Retry-After`);
  assert.equal(response.body.requestId, response.headers.get("x-request-id"), `${what}: request id in body and header`);
}

describe("the chain connection drops, hangs or slows", () => {
  let caseId: string;
  let agency: ReturnType<typeof client>;
  /** The service's clock; a test that needs reused answers to stay valid through a fault stops it. */
  let stoppedAt: number | undefined;
  const clock = () => stoppedAt ?? Date.now();
  const openCase = () =>
    agency.post("/cases", { corridor: "PH-SA", employer: demo.ledger.demo.accounts.employer.address, worker: WORKER });

  // Licence answers and block times are reused for long here, so a request whose checks were answered
  // before the cut goes straight on to the transaction (and its nonce) when the chain is gone.
  const demo = useServiceBehindChainProxy({
    options: () => ({ manualAnchoring: true, now: clock }),
    overrides: () => ({
      rpcTimeoutMs: RPC_TIMEOUT_MS,
      receiptTimeoutMs: 4 * RPC_TIMEOUT_MS,
      licenceCacheMs: 60_000,
      blockTimeReuseMs: 10_000,
      batch: { size: 64, intervalMs: 10, maxBackoffMs: 10 },
    }),
  });
  before(async () => {
    ({ caseId, api: agency } = await caseWithAnchoredContract(demo.service, demo.ledger));
  });
  beforeEach(async () => {
    assert.equal((await openCase()).status, 201, "the chain answers before each fault");
  });
  afterEach(async () => {
    stoppedAt = undefined;
    await demo.proxy.restore();
    // A rejection nobody handled surfaces after the microtasks of the failing call: let it.
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(demo.escaped, [], "no uncaught exception or unhandled rejection");
  });

  /**
   * A call that timed out closes its connection: a long outage does not pile up sockets. Waits for the
   * proxy to see the last hung connection close (an event, not a poll). The bound is a multiple of the
   * RPC timeout, generous for a starved process, yet far below the five minutes a connection is held
   * by a provider without the service's deadline (ethers' default): failing, it names what is held.
   */
  async function hungConnectionsClosed(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const bound = 20 * RPC_TIMEOUT_MS;
    const closed = await Promise.race([
      demo.proxy.noHungOpen().then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), bound))),
    ]).finally(() => clearTimeout(timer));
    assert.ok(closed, `hung connections still open ${bound} ms on, holding: ${demo.proxy.hungRequests.join(", ")}`);
  }

  /** Everything queued so far gets anchored now that the chain is back (the worker retries by itself). */
  async function anchorsEverything(): Promise<void> {
    const { outbox, db } = demo.service.context;
    await waitFor(async () => {
      await outbox.runOnce();
      const left = (
        db
          .prepare(
            "SELECT COUNT(*) AS n FROM outbox o LEFT JOIN batches b ON b.root = o.batch_root WHERE b.state IS NULL OR b.state != 'anchored'",
          )
          .get() as {
          n: number;
        }
      ).n;
      return left === 0 ? true : undefined;
    }, "every queued credential anchored");
  }

  it("refused: writes answer 503 with Retry-After, issuance keeps queueing, and everything resumes when the chain is back", async () => {
    await demo.proxy.refuse();
    const refused = await openCase();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(demo.escaped, [], "the failed nonce request is handled (it used to end the process)");
    assertChainUnavailable(refused, "open a case (straight to the nonce handling)");
    const issued = await agency.post("/credentials/issue", ISSUE(caseId));
    assert.equal(issued.status, 201, "issuance does not wait for the chain: it queues");
    assert.match(
      decodeJwtPart(issued.body.credential, 0).kid,
      /\?versionId=\d+#/,
      "the key's DID document version, learnt at boot, is named without the chain",
    );
    await demo.service.context.outbox.runOnce();
    const waiting = demo.service.context.db
      .prepare("SELECT attempts, last_error FROM batches WHERE state != 'anchored'")
      .all() as {
      attempts: number;
      last_error: string;
    }[];
    assert.equal(waiting.length, 1);
    assert.equal(waiting[0]!.attempts, 1, "the anchoring attempt failed and was recorded");
    assert.match(waiting[0]!.last_error, /unreachable/);
    const health = await client(demo.service.url).get("/health");
    assert.equal(health.status, 200);
    assert.equal(health.body.chain, "unreachable");

    await demo.proxy.restore();
    assert.equal((await openCase()).status, 201, "the nonce resynced: the next transaction goes through");
    await anchorsEverything();
    assert.equal(
      (await client(demo.service.url).get(`/credentials/${issued.body.digest}/anchor`)).body.status,
      "anchored",
    );
  });

  it("refused: routes that read the chain directly (status look-up, signing request) answer 503 too, not 500", async () => {
    const issued = await agency.post("/credentials/issue", ISSUE(caseId));
    await anchorsEverything();
    await demo.proxy.refuse();
    assertChainUnavailable(
      await client(demo.service.url).get(`/credentials/${issued.body.digest}/status`),
      "status look-up",
    );
    assertChainUnavailable(await agency.get(`/cases/${caseId}/contract/signing-request`), "signing request");
    await demo.proxy.restore();
    assert.equal(
      (await client(demo.service.url).get(`/credentials/${issued.body.digest}/status`)).body.source,
      "ledger",
    );
  });

  it("hung: a request waiting on an RPC that never answers gets 503 once the RPC timeout has passed", async () => {
    // The service's clock stands still through the fault: the licence and block-time answers the hung
    // issuance reuses must not run out however long a loaded machine takes (10 s did, then it was 503).
    // One issuance while the chain answers leaves both answers fresh at the stopped time.
    stoppedAt = Date.now();
    assert.equal((await agency.post("/credentials/issue", ISSUE(caseId))).status, 201);
    await demo.proxy.hang();
    assertChainUnavailable(await openCase(), "open a case on a hung chain");
    const health = await client(demo.service.url).get("/health");
    assert.equal(health.body.chain, "unreachable");
    await hungConnectionsClosed();
    const issued = await agency.post("/credentials/issue", ISSUE(caseId));
    assert.equal(
      issued.status,
      201,
      `issuance queues on answers reused from before the fault: ${JSON.stringify(issued.body)}`,
    );
    await demo.service.context.outbox.runOnce();

    stoppedAt = undefined; // the anchoring worker's retry waits on this clock
    await demo.proxy.restore();
    assert.equal((await openCase()).status, 201);
    await anchorsEverything();
  });

  it("hung: resolving a DID (Veramo's resolver, the DID registry) gives up after the RPC timeout and closes its connection", async () => {
    const did = demo.service.principals.agency!.did;
    await demo.proxy.hang();
    // Bounded as the connections are: ethr-did-resolver's own provider (before it got the service's)
    // waited ethers' five minutes here, its connection open all along.
    let timer: NodeJS.Timeout | undefined;
    const bound = 20 * RPC_TIMEOUT_MS;
    const outcome = await Promise.race([
      demo.service.context.keys.agent.resolveDid({ didUrl: did }).then(
        (resolution) => resolution.didResolutionMetadata.error ?? "resolved",
        () => "failed",
      ),
      new Promise<string>((resolve) => (timer = setTimeout(() => resolve("still waiting"), bound))),
    ]).finally(() => clearTimeout(timer));
    assert.notEqual(outcome, "still waiting", `the resolution still waited on the hung chain ${bound} ms on`);
    assert.notEqual(outcome, "resolved", "a hung chain cannot have resolved the DID");
    await hungConnectionsClosed();
    await demo.proxy.restore();
    const resolved = await demo.service.context.keys.agent.resolveDid({ didUrl: did });
    assert.ok(resolved.didDocument, "the chain back, the DID resolves again");
  });

  it("slow: late answers within the timeout succeed; answers later than the timeout give 503, not a request held for minutes", async () => {
    await demo.proxy.slow(RPC_TIMEOUT_MS / 15);
    assert.equal((await openCase()).status, 201, "a slow chain is still a chain");
    const issued = await agency.post("/credentials/issue", ISSUE(caseId));
    assert.equal(issued.status, 201);
    await anchorsEverything();

    await demo.proxy.slow(RPC_TIMEOUT_MS * 3);
    assertChainUnavailable(await openCase(), "open a case on a chain slower than the RPC timeout");
    await demo.proxy.restore();
    assert.equal((await openCase()).status, 201);
  });
});
