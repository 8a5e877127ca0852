/**
 * The latest block time (upper bound of a credential's `iat`) is asked once for many issuances: one
 * in-flight request is shared and a fresh answer reused briefly — but never across a signing-key or
 * licence change made through this service, so a credential signed with a freshly rotated key never
 * carries an `iat` before the block that published that key (clocks injected, no waiting).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { BlockTimeSource } from "../src/chain/block-time.ts";
import {
  caseWithAnchoredContract,
  client,
  decodeJwtPart,
  newHolderKey,
  startDemoLedger,
  startService,
  type DemoLedger,
  keyIdOf,
} from "./helpers.ts";

/** A chain stand-in whose answers the test releases one by one. */
function controlledChain() {
  const pending: ((time: number) => void)[] = [];
  const failures: ((error: Error) => void)[] = [];
  return {
    asked: () => pending.length,
    ask: () =>
      new Promise<number>((resolve, reject) => {
        pending.push(resolve);
        failures.push(reject);
      }),
    answer: (index: number, time: number) => pending[index]!(time),
    fail: (index: number) => failures[index]!(new Error("rpc down")),
  };
}

describe("latest block time (unit)", () => {
  it("concurrent callers share one request", async () => {
    const chain = controlledChain();
    const source = new BlockTimeSource(chain.ask, 0, () => 0);
    const answers = [source.latest(), source.latest(), source.latest()];
    assert.equal(chain.asked(), 1);
    chain.answer(0, 100);
    assert.deepEqual(await Promise.all(answers), [100, 100, 100]);
    void source.latest();
    assert.equal(chain.asked(), 2, "with no reuse window a settled answer is not reused");
  });

  it("reuses an answer while it is younger than the reuse window, then asks again", async () => {
    const chain = controlledChain();
    let now = 1_000;
    const source = new BlockTimeSource(chain.ask, 500, () => now);
    const first = source.latest();
    chain.answer(0, 100);
    assert.equal(await first, 100);
    now += 499;
    assert.equal(await source.latest(), 100);
    assert.equal(chain.asked(), 1);
    now += 1;
    const next = source.latest();
    assert.equal(chain.asked(), 2, "asked again once the window (counted from the request) passed");
    chain.answer(1, 101);
    assert.equal(await next, 101);
  });

  it("never reuses a failed request", async () => {
    const chain = controlledChain();
    const source = new BlockTimeSource(chain.ask, 60_000, () => 0);
    const failed = source.latest();
    chain.fail(0);
    await assert.rejects(failed, /rpc down/);
    const retry = source.latest();
    assert.equal(chain.asked(), 2);
    chain.answer(1, 7);
    assert.equal(await retry, 7);
  });

  it("an answer asked before or during a key or licence change is not handed out after it", async () => {
    const chain = controlledChain();
    const source = new BlockTimeSource(chain.ask, 60_000, () => 0);
    const before = source.latest();
    chain.answer(0, 100);
    await before;
    const inFlightAtStart = source.latest(); // reused answer (100) — asked before the change
    let finish!: () => void;
    const change = source.change(() => new Promise<void>((resolve) => (finish = resolve)));
    const versionDuring = source.version;
    const duringChange = source.latest();
    assert.equal(chain.asked(), 2, "the change dropped the remembered answer");
    let settled = false;
    const waiting = source.settled().then(() => (settled = true));
    await Promise.resolve();
    assert.equal(settled, false, "settled() waits for the change");
    finish();
    await change;
    await waiting;
    assert.notEqual(source.version, versionDuring, "the version moves again when the change ends");
    const after = source.latest();
    assert.equal(chain.asked(), 3, "the request made during the change is not joined after it");
    chain.answer(1, 150);
    chain.answer(2, 200);
    assert.equal(await inFlightAtStart, 100);
    assert.equal(await duringChange, 150);
    assert.equal(await after, 200);
    assert.equal(await source.latest(), 200, "the answer asked after the change is reused");
    assert.equal(chain.asked(), 3);
  });
});

describe("latest block time and key rotation (service on a local chain)", () => {
  let ledger: DemoLedger;
  before(async () => {
    ledger = await startDemoLedger();
  });
  after(async () => {
    await ledger?.stop();
  });

  it("a credential signed with a freshly rotated key has an iat no earlier than the rotation's blocks", async () => {
    // The service's clock stands still a month ahead, so iat = the latest block time it uses, and a
    // reused answer never expires by itself here: only the rotation can invalidate it.
    const clock = Date.now() + 30 * 24 * 3600 * 1000;
    const service = await startService(
      ledger,
      undefined,
      { now: () => clock, manualAnchoring: true },
      { blockTimeReuseMs: 10_000 },
    );
    try {
      const api = client(service.url, service.apiKeys.agency);
      const { caseId } = await caseWithAnchoredContract(service, ledger);
      const issue = () =>
        api.post("/credentials/issue", {
          credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
          options: { caseId, holderJwk: newHolderKey().jwk },
        });
      const first = await issue();
      assert.equal(first.status, 201, JSON.stringify(first.body));
      const firstIat = decodeJwtPart(first.body.credential, 1).iat as number;

      // An hour passes on chain before the rotation is mined.
      await ledger.provider.send("evm_increaseTime", [3600]);
      const rotated = await api.post("/identity/key-rotation", {});
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
      const rotationBlock = (await ledger.provider.getBlock("latest"))!;
      assert.ok(rotationBlock.timestamp >= firstIat + 3600);

      const second = await issue();
      assert.equal(second.status, 201, JSON.stringify(second.body));
      assert.equal(
        keyIdOf(decodeJwtPart(second.body.credential, 0).kid),
        rotated.body.signingKid,
        "signed with the new key",
      );
      const secondIat = decodeJwtPart(second.body.credential, 1).iat as number;
      assert.ok(
        secondIat >= rotationBlock.timestamp,
        `iat ${secondIat} is before the rotation's block (${rotationBlock.timestamp}): the block time asked before the rotation was reused`,
      );
    } finally {
      await service.stop();
    }
  });

  it("a service whose clock runs seconds behind the chain still gives a freshly rotated key's credential an iat no earlier than the rotation", async () => {
    // The chain's clock runs ahead (Hardhat automine, a validator's clock): the service's clock stands 20 s
    // behind the chain's latest block. With iat = the service's time, the key would not yet exist at iat.
    const chainNow = (await ledger.provider.getBlock("latest"))!.timestamp;
    const service = await startService(ledger, undefined, { now: () => (chainNow - 20) * 1000, manualAnchoring: true });
    try {
      const api = client(service.url, service.apiKeys.agency);
      const { caseId } = await caseWithAnchoredContract(service, ledger);
      const rotated = await api.post("/identity/key-rotation", {});
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
      const rotationBlock = (await ledger.provider.getBlock("latest"))!;
      const issued = await api.post("/credentials/issue", {
        credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
        options: { caseId, holderJwk: newHolderKey().jwk },
      });
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      const iat = decodeJwtPart(issued.body.credential, 1).iat as number;
      assert.ok(
        iat >= rotationBlock.timestamp,
        `iat ${iat} is before the rotation's block (${rotationBlock.timestamp})`,
      );
    } finally {
      await service.stop();
    }
  });
});
