/**
 * A data directory the service cannot use stops the start with a message that names the cause and the
 * path: read-only directory, full disk, a data file that cannot be written. (Before, the operator got
 * SQLite's "attempt to write a readonly database" or Node's bare errno, naming neither.) Permissions do
 * not bind root, so when the tests run as root the service is started as `nobody`; the full disk is
 * Linux's /dev/full, which fails every write with ENOSPC, standing in for the write-check file.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { SECRETS, tempDir } from "./helpers.ts";
import { WRITE_PROBE } from "../src/store/data-dir.ts";

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;
// As root, each start-up runs as `nobody` (root ignores file permissions). That needs a checkout `nobody`
// can read: a clone under a private folder (mktemp -d is 0700) cannot be tested this way, so say so.
const unreadableByNobody =
  asRoot && spawnSync(process.execPath, ["--import", "tsx", "-e", ""], { uid: NOBODY, gid: NOBODY }).status !== 0;

/** A place the unprivileged child can reach; the data directory inside is prepared by each test. */
function workspace(): string {
  const base = tempDir();
  chmodSync(base, 0o755);
  // The manifest is read before the database is opened; nothing here reaches a chain.
  writeFileSync(
    join(base, "manifest.json"),
    JSON.stringify({
      manifestVersion: 1,
      chainId: 31337,
      network: "localhost",
      deployedAt: new Date(0).toISOString(),
      deployer: `0x${"11".repeat(20)}`,
      contracts: Object.fromEntries(
        ["FairLedger", "EthereumDIDRegistry"].map((name, i) => [
          name,
          {
            address: `0x${String(i + 2).repeat(40)}`,
            blockNumber: 1,
            transactionHash: `0x${"aa".repeat(32)}`,
            abiHash: `0x${"bb".repeat(32)}`,
            codeHash: `0x${"cc".repeat(32)}`,
          },
        ]),
      ),
    }),
  );
  chmodSync(join(base, "manifest.json"), 0o644);
  return base;
}

/** A directory the child may write to: owned by it when it runs as `nobody`. */
function writableDir(path: string): string {
  mkdirSync(path, { mode: 0o700 });
  if (asRoot) chownSync(path, NOBODY, NOBODY);
  return path;
}

async function startOnce(
  base: string,
  dataDir: string,
): Promise<{ started?: boolean; error?: string; code?: string; path?: string }> {
  const config = {
    port: 0,
    dataDir,
    rpcUrl: "http://127.0.0.1:9",
    manifestPath: join(base, "manifest.json"),
    secrets: SECRETS,
  };
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "support", "start-once.ts")],
    {
      env: { ...process.env, FAIRLEDGER_TEST_CONFIG: JSON.stringify(config), HOME: base },
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    },
  );
  return JSON.parse(stdout.trim().split("\n").pop()!);
}

describe(
  "start-up failures name the cause and the path",
  {
    skip: unreadableByNobody
      ? "this checkout cannot be read by the user nobody, whom these start-ups run as (a parent folder is private)"
      : false,
  },
  () => {
    it("a read-only data directory", async () => {
      const base = workspace();
      const dataDir = join(base, "data");
      mkdirSync(dataDir);
      chmodSync(dataDir, 0o555);
      const outcome = await startOnce(base, dataDir);
      assert.equal(outcome.code, "ERR_DATA_DIR_UNUSABLE");
      assert.equal(outcome.error, `the data directory ${dataDir} is not writable: permission denied`);
    });

    it("a full disk", async () => {
      const base = workspace();
      const dataDir = writableDir(join(base, "full"));
      symlinkSync("/dev/full", join(dataDir, WRITE_PROBE));
      const outcome = await startOnce(base, dataDir);
      assert.equal(outcome.code, "ERR_DATA_DIR_UNUSABLE");
      assert.equal(
        outcome.error,
        `the data directory ${dataDir} is not writable: no space left on the device (disk full)`,
      );
    });

    it("a data file that cannot be written", async () => {
      const base = workspace();
      const dataDir = writableDir(join(base, "data"));
      const database = join(dataDir, "issuer.sqlite");
      writeFileSync(database, "");
      if (asRoot) chownSync(database, NOBODY, NOBODY);
      chmodSync(database, 0o444);
      const outcome = await startOnce(base, dataDir);
      assert.equal(outcome.code, "ERR_DATA_FILE_UNUSABLE");
      assert.equal(outcome.path, database);
      // The service opens the file itself first (to create it 0600) and the OS refuses: the cause is the permission.
      assert.equal(outcome.error, `cannot open the data file ${database} for writing: permission denied`);
    });

    it("a data directory path that runs through a file", async () => {
      const base = workspace();
      writeFileSync(join(base, "not-a-dir"), "");
      const dataDir = join(base, "not-a-dir", "data");
      const outcome = await startOnce(base, dataDir);
      assert.equal(outcome.code, "ERR_DATA_DIR_UNUSABLE");
      assert.equal(
        outcome.error,
        `the data directory ${dataDir} cannot be created: a part of the path is not a directory`,
      );
    });
  },
);
