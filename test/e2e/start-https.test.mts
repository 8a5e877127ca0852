/**
 * `npm start -- --https` (issue #11, item 7): the stack serves TLS with a certificate made on this machine
 * and kept outside the demo data directory, prints the fingerprint a person compares on the phone, and the
 * stack's own client trusts exactly that certificate. (The phone side is wallet/test/https.test.ts.)
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "../../scripts/lib/local-chain.mts";
import { fetchTrusting } from "../../scripts/lib/pinned-fetch.mts";

const ROOT = resolve(import.meta.dirname, "..", "..");
const START = ["--import", "tsx", join(ROOT, "scripts", "start.mts")];
const children: ChildProcess[] = [];
const dirs: string[] = [];

after(() => {
  for (const child of children) {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone: the normal case
    }
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** Resolves with everything printed once `done` holds for it, or the process ended. */
function outputUntil(child: ChildProcess, done: (output: string) => boolean): Promise<string> {
  return new Promise((resolveOutput) => {
    let output = "";
    const check = () => {
      if (done(output) || child.exitCode !== null) resolveOutput(output);
    };
    child.stdout!.on("data", (chunk: Buffer) => ((output += chunk.toString()), check()));
    child.stderr!.on("data", (chunk: Buffer) => ((output += chunk.toString()), check()));
    child.once("exit", () => resolveOutput(output));
  });
}

describe("npm start -- --https", () => {
  it(
    "serves the API and wallet over TLS with a certificate kept in --tls-dir, and prints its SHA-256 fingerprint",
    { timeout: 300_000 },
    async () => {
      const dataDir = tempDir("fairledger-start-https-data-");
      const tlsDir = join(tempDir("fairledger-start-https-tls-"), "tls");
      const apiPort = await freePort();
      const args = ["--rpc-port", String(await freePort()), "--api-port", String(apiPort), "--data-dir", dataDir];
      const child = spawn(
        process.execPath,
        [...START, ...args, "--https", "--tls-name", "wallet.test,phone-lab.test", "--tls-dir", tlsDir],
        {
          cwd: ROOT,
          detached: true,
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      children.push(child);
      const output = await outputUntil(child, (text) => text.includes("press Ctrl-C"));
      assert.match(output, /FairLedger is running/, output);

      const ca = new X509Certificate(readFileSync(join(tlsDir, "ca.pem")));
      const server = new X509Certificate(readFileSync(join(tlsDir, "server.pem")));
      assert.match(output, new RegExp(`issuer API\\s+https://127\\.0\\.0\\.1:${apiPort}`));
      assert.match(output, new RegExp(`CA SHA-256\\s+${ca.fingerprint256}`));
      assert.match(output, new RegExp(`server SHA-256\\s+${server.fingerprint256}`));
      for (const name of ["localhost", "wallet.test", "phone-lab.test"]) assert.equal(server.checkHost(name), name);
      assert.ok(server.checkIP("127.0.0.1"));
      for (const key of ["ca-key.pem", "server-key.pem"])
        assert.equal(statSync(join(tlsDir, key)).mode & 0o777, 0o600, key);
      assert.equal(existsSync(join(dataDir, "ca.pem")), false, "nothing of the TLS folder is in the demo directory");

      const trusting = fetchTrusting(readFileSync(join(tlsDir, "ca.pem"), "utf8"));
      assert.equal((await trusting(`https://127.0.0.1:${apiPort}/health`)).status, 200);
      assert.equal((await trusting(`https://127.0.0.1:${apiPort}/wallet/`)).status, 200);
      const stack = JSON.parse(readFileSync(join(dataDir, "stack.json"), "utf8")) as {
        walletUrl: string;
        tls?: { caFingerprint256: string };
      };
      assert.equal(stack.walletUrl, `https://127.0.0.1:${apiPort}/wallet/`);
      assert.equal(stack.tls?.caFingerprint256, ca.fingerprint256);

      process.kill(-child.pid!, "SIGINT");
      await new Promise((resolveExit) =>
        child.exitCode !== null ? resolveExit(undefined) : child.once("exit", resolveExit),
      );
    },
  );

  it("refuses a --tls-dir inside the data directory, which every start empties", () => {
    const dataDir = tempDir("fairledger-start-https-inside-");
    const result = spawnSync(
      process.execPath,
      [...START, "--https", "--data-dir", dataDir, "--tls-dir", join(dataDir, "tls")],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    assert.equal(result.status, 64, result.stdout + result.stderr);
    assert.match(result.stderr, /--tls-dir .* is inside --data-dir/);
  });

  it("refuses a --tls-name that is neither a host name nor an IP address", () => {
    const dataDir = tempDir("fairledger-start-https-name-");
    mkdirSync(dataDir, { recursive: true });
    const result = spawnSync(
      process.execPath,
      [...START, "--https", "--data-dir", dataDir, "--tls-name", "my phone!"],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    assert.equal(result.status, 64, result.stdout + result.stderr);
    assert.match(result.stderr, /--tls-name must be a host name or an IP address, got "my phone!"/);
  });
});
