/** The fee rules (common/src/fees.ts): what every workspace computes about fees, stated once. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  capInForceAt,
  closingStatus,
  feeTotals,
  feesChargedToWorker,
  isOverCap,
  parseMinorUnits,
  type PolicyActivation,
} from "../src/fees.ts";

describe("fee rules", () => {
  it("sums receipts per payer and counts them all", () => {
    assert.deepEqual(
      feeTotals([
        { payer: "worker", amount: "3" },
        { payer: "employer", amount: 4n },
        { payer: "worker", amount: "340282366920938463463374607431768211455" },
      ]),
      { workerPaidTotal: 340282366920938463463374607431768211458n, employerPaidTotal: 4n, receiptCount: 3 },
    );
    assert.deepEqual(feeTotals([]), { workerPaidTotal: 0n, employerPaidTotal: 0n, receiptCount: 0 });
  });

  it("refuses an amount that is not canonical minor units rather than guessing", () => {
    for (const amount of ["-1", "01", "1.5", "", " 1", "0x10"]) {
      assert.throws(() => feeTotals([{ payer: "worker", amount }]), RangeError, amount);
      assert.equal(parseMinorUnits(amount), undefined, amount);
    }
    assert.equal(parseMinorUnits(-1n), undefined);
    assert.equal(parseMinorUnits(1.5), undefined);
    assert.equal(parseMinorUnits(7), 7n);
  });

  it("says fees were charged to the worker exactly when the worker paid anything", () => {
    assert.equal(feesChargedToWorker(0n), false);
    assert.equal(feesChargedToWorker("0"), false);
    assert.equal(feesChargedToWorker("1"), true);
  });

  it("puts exactly the cap within policy and one unit more in breach", () => {
    assert.equal(isOverCap(100n, 100n), false);
    assert.equal(isOverCap(101n, "100"), true);
    assert.equal(isOverCap(0n, 0n), false);
    assert.equal(closingStatus(1n, 0n), "ClosedInBreach");
    assert.equal(closingStatus(0n, 0n), "Closed");
  });

  describe("cap in force at closure", () => {
    const history: PolicyActivation[] = [
      { blockNumber: 10, logIndex: 0, maxWorkerPaidFee: 500n },
      { blockNumber: 20, logIndex: 3, maxWorkerPaidFee: 100n },
      { blockNumber: 20, logIndex: 1, maxWorkerPaidFee: 300n },
    ];

    it("is the latest activation before the closing event, in block then log order", () => {
      assert.equal(capInForceAt(history, { blockNumber: 15, logIndex: 0 }), 500n);
      assert.equal(capInForceAt(history, { blockNumber: 20, logIndex: 2 }), 300n);
      assert.equal(capInForceAt(history, { blockNumber: 20, logIndex: 4 }), 100n);
      assert.equal(capInForceAt(history, { blockNumber: 99, logIndex: 0 }), 100n);
    });

    it("is unknown from this history when the case closed before every activation in it", () => {
      assert.equal(capInForceAt(history, { blockNumber: 10, logIndex: 0 }), undefined);
      assert.equal(capInForceAt([], { blockNumber: 10, logIndex: 0 }), undefined);
    });

    it("decides a breach by the cap at closure: a later lower cap does not make one, a later higher cap does not excuse one", () => {
      const closedUnderA = { blockNumber: 15, logIndex: 0 }; // cap A = 500 in force
      assert.equal(isOverCap(400n, capInForceAt(history, closedUnderA)!), false); // today's cap 100 would say yes
      const closedUnderB = { blockNumber: 99, logIndex: 0 }; // cap B = 100 in force
      const raised = [...history, { blockNumber: 120, logIndex: 0, maxWorkerPaidFee: 1_000n }];
      assert.equal(isOverCap(400n, capInForceAt(raised, closedUnderB)!), true); // today's cap 1000 would say no
    });
  });

  it("is browser-safe: imports nothing", () => {
    const source = readFileSync(new URL("../src/fees.ts", import.meta.url), "utf8");
    assert.doesNotMatch(source, /^\s*import\s/m);
  });
});
