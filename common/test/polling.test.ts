/** Receipt polling follows the chain's block time, not ethers' 4 s default (common/src/polling.ts). */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  applyPollingInterval,
  DEFAULT_POLL_MS,
  measureBlockTimeMs,
  pollingIntervalFor,
  type PollingProvider,
} from "../src/index.ts";

/** A chain whose block n has timestamp `timestampOf(n)`, `latest` blocks long, starting at ethers' 4 s. */
function chain(latest: number, timestampOf: (n: number) => number): PollingProvider {
  return {
    pollingInterval: 4_000,
    getBlock: async (block) => {
      const number = block === "latest" ? latest : block;
      return { number, timestamp: timestampOf(number) };
    },
  };
}

describe("receipt polling interval", () => {
  it("is a quarter of the block time: 2-second blocks (QBFT, anvil --block-time 2) are polled every 500 ms", () => {
    assert.equal(pollingIntervalFor(2_000), 500);
  });

  it("stays within 100 ms and 4 s for very fast and very slow chains", () => {
    assert.equal(pollingIntervalFor(200), 100);
    assert.equal(pollingIntervalFor(60_000), 4_000);
  });

  it("is 1 s when the block time is unknown or zero (an automining dev node)", () => {
    assert.equal(pollingIntervalFor(undefined), DEFAULT_POLL_MS);
    assert.equal(pollingIntervalFor(0), DEFAULT_POLL_MS);
  });

  it("measures the average block time over the last ten blocks", async () => {
    assert.equal(await measureBlockTimeMs(chain(50, (n) => 1_000 + 2 * n)), 2_000);
  });

  it("cannot measure a chain of one block or blocks sharing one timestamp (Hardhat automine)", async () => {
    assert.equal(await measureBlockTimeMs(chain(1, (n) => 1_000 + n)), undefined);
    assert.equal(await measureBlockTimeMs(chain(50, () => 1_000)), undefined);
  });

  it("sets the provider's interval from the operator's setting when given, else from the chain", async () => {
    const configured = chain(50, (n) => 2 * n);
    assert.equal(await applyPollingInterval(configured, 250), 250);
    assert.equal(configured.pollingInterval, 250);
    const measured = chain(50, (n) => 2 * n);
    assert.equal(await applyPollingInterval(measured), 500);
    assert.equal(measured.pollingInterval, 500);
  });

  it("falls back to 1 s, never ethers' 4 s, when the chain cannot be asked", async () => {
    const failing: PollingProvider = {
      pollingInterval: 4_000,
      getBlock: async () => Promise.reject(new Error("down")),
    };
    assert.equal(await applyPollingInterval(failing), DEFAULT_POLL_MS);
    assert.equal(failing.pollingInterval, DEFAULT_POLL_MS);
  });
});
