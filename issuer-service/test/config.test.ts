/** The configuration schema: defaults, and a clear refusal naming every bad setting. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { configFromEnv, parseConfig } from "../src/config.ts";

const valid = {
  dataDir: "/tmp/x",
  rpcUrl: "http://127.0.0.1:8545",
  manifestPath: "m.json",
  secrets: { kmsSecretKey: "a".repeat(64), dataMasterKey: "b".repeat(64) },
};

describe("configuration", () => {
  it("fills defaults (batch size 32 every 5 s, 48-hour pickup codes, 256 KiB bodies)", () => {
    const config = parseConfig(valid);
    assert.equal(config.port, 8080);
    assert.equal(config.batch.size, 32);
    assert.equal(config.batch.intervalMs, 5000);
    assert.equal(config.pickup.codeTtlSeconds, 48 * 3600);
    assert.equal(config.limits.bodyBytes, 262144);
  });

  it("names each bad or missing setting", () => {
    assert.throws(
      () => parseConfig({ ...valid, rpcUrl: "not a url", batch: { size: 0 }, secrets: { kmsSecretKey: "xyz" } }),
      (error: Error & { code?: string }) =>
        error.code === "ERR_CONFIG_INVALID" &&
        /rpcUrl/.test(error.message) &&
        /batch\.size/.test(error.message) &&
        /secrets\.kmsSecretKey/.test(error.message) &&
        /secrets\.dataMasterKey/.test(error.message),
    );
  });

  it("reads FAIRLEDGER_* variables and refuses a missing one", () => {
    const env = {
      FAIRLEDGER_DATA_DIR: "/tmp/x",
      FAIRLEDGER_RPC_URL: "http://127.0.0.1:8545",
      FAIRLEDGER_MANIFEST: "m.json",
      FAIRLEDGER_KMS_SECRET_KEY: "a".repeat(64),
      FAIRLEDGER_DATA_MASTER_KEY: "b".repeat(64),
      FAIRLEDGER_PORT: "9000",
      FAIRLEDGER_BATCH_SIZE: "8",
    };
    const config = configFromEnv(env);
    assert.equal(config.port, 9000);
    assert.equal(config.batch.size, 8);
    assert.throws(() => configFromEnv({ ...env, FAIRLEDGER_RPC_URL: undefined }), /rpcUrl/);
  });

  it("polls receipts at the chain's pace unless FAIRLEDGER_POLL_MS says, and waits for FAIRLEDGER_CONFIRMATIONS blocks (default 1)", () => {
    const env = {
      FAIRLEDGER_DATA_DIR: "/tmp/x",
      FAIRLEDGER_RPC_URL: "http://127.0.0.1:8545",
      FAIRLEDGER_MANIFEST: "m.json",
      FAIRLEDGER_KMS_SECRET_KEY: "a".repeat(64),
      FAIRLEDGER_DATA_MASTER_KEY: "b".repeat(64),
    };
    const defaults = configFromEnv(env);
    assert.equal(defaults.pollMs, undefined, "unset: measured from the chain at start");
    assert.equal(defaults.confirmations, 1);
    const set = configFromEnv({ ...env, FAIRLEDGER_POLL_MS: "250", FAIRLEDGER_CONFIRMATIONS: "3" });
    assert.equal(set.pollMs, 250);
    assert.equal(set.confirmations, 3);
    assert.throws(() => configFromEnv({ ...env, FAIRLEDGER_CONFIRMATIONS: "0" }), /confirmations/);
  });
});

describe("local secrets", () => {
  it("are created once with mode 0600 and read back on the next start", async () => {
    const { loadOrCreateDevSecrets } = await import("../src/dev-secrets.ts");
    const { mkdtempSync, statSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "fairledger-secrets-"));
    const first = loadOrCreateDevSecrets(dir);
    assert.match(first.kmsSecretKey, /^[0-9a-f]{64}$/);
    assert.notEqual(first.kmsSecretKey, first.dataMasterKey);
    assert.deepEqual(loadOrCreateDevSecrets(dir), first);
    assert.equal(statSync(join(dir, "secrets.json")).mode & 0o777, 0o600);
    assert.doesNotThrow(() => parseConfig({ ...valid, secrets: first }));
  });
});
