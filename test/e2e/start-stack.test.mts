/**
 * `npm start` and `npm run demo` as a newcomer runs them: the whole stack comes up on the given ports,
 * serves the API, OpenAPI and the wallet; Ctrl-C (SIGINT to the process group, as a terminal sends it)
 * stops everything it started; a second start comes up cleanly; the demo story runs to the end.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "../../scripts/lib/local-chain.mts";

const ROOT = resolve(import.meta.dirname, "..", "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

interface RunningStack {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Resolves when every process that held the output pipes (npm, tsx, the stack, the chain) has closed them. */
  outputClosed: Promise<void>;
}

function startStack(args: string[]): RunningStack {
  // detached: its own process group, so the test can send SIGINT to the group as a terminal's Ctrl-C does.
  const child = spawn(NPM, ["start", "--", ...args], { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.once("exit", (code) => resolveExit(code)));
  // npm may exit on SIGINT before the stack it ran has printed "stopped."; the pipes close only when all are gone.
  const streamEnded = (stream: NodeJS.ReadableStream) =>
    new Promise<void>((resolveEnd) => stream.once("close", () => resolveEnd()));
  const outputClosed = Promise.all([streamEnded(child.stdout!), streamEnded(child.stderr!)]).then(() => undefined);
  return { child, output: () => output, exited, outputClosed };
}

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 250));
  }
}

/** Processes whose command line mentions `needle` (the ports are unique to this test). */
function processesMentioning(needle: string): string[] {
  const result = spawnSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  return result.stdout.split("\n").filter((line) => line.includes(needle) && !line.includes("ps -eo"));
}

async function portAnswers(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

const started: RunningStack[] = [];
after(() => {
  for (const stack of started) {
    try {
      process.kill(-stack.child.pid!, "SIGKILL");
    } catch {
      // already gone: the normal case
    }
  }
});

describe("npm start", () => {
  it("starts chain, contracts, demo corridor, issuer service and wallet; prints URLs, API keys and a pickup code; Ctrl-C stops all of it", async () => {
    const rpcPort = await freePort();
    const apiPort = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), "fairledger-start-"));
    const args = ["--rpc-port", String(rpcPort), "--api-port", String(apiPort), "--data-dir", dataDir];

    for (const round of [1, 2]) {
      const stack = startStack(args);
      started.push(stack);
      await waitFor(
        () => stack.output().includes("press Ctrl-C") || stack.child.exitCode !== null,
        "the stack to be up",
      );
      const output = stack.output();
      assert.match(output, new RegExp(`issuer API\\s+http://127\\.0\\.0\\.1:${apiPort}`), `round ${round}: ${output}`);
      assert.match(output, /OpenAPI\s+http:\/\/127\.0\.0\.1:\d+\/openapi\.json/);
      assert.match(output, /worker wallet\s+http:\/\/127\.0\.0\.1:\d+\/wallet\//);
      assert.match(output, /agency\s+fl_[A-Za-z0-9_-]+/);
      assert.match(output, /pickup code for the worker's employment contract credential: [0-9A-Z]{10}/);

      const openapi = (await (await fetch(`http://127.0.0.1:${apiPort}/openapi.json`)).json()) as { openapi: string };
      assert.match(openapi.openapi, /^3\.1/);
      assert.equal((await fetch(`http://127.0.0.1:${apiPort}/wallet/`)).status, 200);
      const stackFile = JSON.parse(readFileSync(join(dataDir, "stack.json"), "utf8")) as { rpcUrl: string };
      assert.equal(stackFile.rpcUrl, `http://127.0.0.1:${rpcPort}`);
      // stack.json holds the API keys: only the user who started the stack may read it, or anything there.
      assert.equal(statSync(dataDir).mode & 0o777, 0o700, "data directory 0700");
      for (const file of readdirSync(dataDir))
        assert.equal(statSync(join(dataDir, file)).mode & 0o777, 0o600, `${file} is 0600`);
      assert.ok(processesMentioning(`--port ${rpcPort}`).length > 0, "the chain node runs while the stack is up");

      process.kill(-stack.child.pid!, "SIGINT");
      const code = await stack.exited;
      await stack.outputClosed;
      // npm itself also receives the SIGINT and reports it as 130; the stack's own exit is 0 ("stopped.").
      assert.ok(code === 0 || code === 130 || code === null, `round ${round}: exit ${code}:\n${stack.output()}`);
      assert.match(stack.output(), /stopping FairLedger…/, `round ${round}: ${stack.output()}`);
      assert.match(stack.output(), /^stopped\.$/m, `round ${round}: ${stack.output()}`);
      await waitFor(() => processesMentioning(`--port ${rpcPort}`).length === 0, "the chain node to exit", 10_000);
      assert.equal(await portAnswers(apiPort), false, "the issuer API port is closed");
      assert.equal(await portAnswers(rpcPort), false, "the chain port is closed");
    }
  });

  it("a second npm start while the first runs refuses, naming the busy port and its option, and leaves the first stack's data untouched", async () => {
    const rpcPort = await freePort();
    const apiPort = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), "fairledger-start-twice-"));
    const first = startStack(["--rpc-port", String(rpcPort), "--api-port", String(apiPort), "--data-dir", dataDir]);
    started.push(first);
    await waitFor(
      () => first.output().includes("press Ctrl-C") || first.child.exitCode !== null,
      "the first stack to be up",
    );
    assert.match(first.output(), /FairLedger is running/, first.output());
    const stackFileBefore = readFileSync(join(dataDir, "stack.json"), "utf8");
    const otherDir = mkdtempSync(join(tmpdir(), "fairledger-start-twice-other-"));

    const samePorts = spawnSync(
      NPM,
      ["start", "--", "--rpc-port", String(rpcPort), "--api-port", String(apiPort), "--data-dir", otherDir],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    assert.equal(samePorts.status, 64, samePorts.stdout + samePorts.stderr);
    assert.match(
      samePorts.stderr,
      new RegExp(`port ${rpcPort} on 127\\.0\\.0\\.1 is already in use: choose another with --rpc-port`),
    );

    const otherRpc = await freePort();
    const busyApi = spawnSync(
      NPM,
      ["start", "--", "--rpc-port", String(otherRpc), "--api-port", String(apiPort), "--data-dir", otherDir],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    assert.equal(busyApi.status, 64, busyApi.stdout + busyApi.stderr);
    assert.match(busyApi.stderr, new RegExp(`port ${apiPort} .* is already in use: choose another with --api-port`));

    const sameDir = spawnSync(
      NPM,
      ["start", "--", "--rpc-port", String(otherRpc), "--api-port", String(await freePort()), "--data-dir", dataDir],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    assert.equal(sameDir.status, 64, sameDir.stdout + sameDir.stderr);
    assert.match(sameDir.stderr, /belongs to a FairLedger stack that is still running \(pid \d+/);

    assert.equal(
      readFileSync(join(dataDir, "stack.json"), "utf8"),
      stackFileBefore,
      "the first stack's stack.json is untouched",
    );
    assert.equal((await fetch(`http://127.0.0.1:${apiPort}/health`)).ok, true, "the first stack still serves");
    process.kill(-first.child.pid!, "SIGINT");
    await first.exited;
    await first.outputClosed;
  });

  it("refuses a data directory that is not a FairLedger demo directory, with a usage error", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "fairledger-start-foreign-"));
    writeFileSync(join(dataDir, "precious.txt"), "not ours");
    const result = spawnSync(NPM, ["start", "--", "--data-dir", dataDir], { cwd: ROOT, encoding: "utf8" });
    assert.equal(result.status, 64);
    assert.match(result.stderr, /is not a FairLedger demo directory/);
    assert.equal(readFileSync(join(dataDir, "precious.txt"), "utf8"), "not ours");
  });

  it("rejects a bad port with a message naming the option", () => {
    const result = spawnSync(NPM, ["start", "--", "--api-port", "eighty"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(result.status, 64);
    assert.match(result.stderr, /--api-port must be a port number/);
  });
});

describe("npm run demo", () => {
  it("runs the whole story on a private stack when none is running, and every step behaves as expected", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "fairledger-demo-none-"));
    const result = spawnSync(NPM, ["run", "demo", "--", "--data-dir", dataDir], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 300_000,
    });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /verdict: VALID \(exit 0\)/);
    assert.match(result.stdout, /passport number disclosed\? no/);
    assert.match(result.stdout, /swapped contract: exit 1/);
    assert.match(result.stdout, /demo finished: every step behaved as expected\./);
  });
});
