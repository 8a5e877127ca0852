/**
 * `npm run bench -- --quick` runs every benchmark part on tiny sizes, so the benchmark cannot rot
 * unnoticed. This checks that it completes and reports every section; it never looks at timings.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");
const SECTIONS = ["verify", "issue", "gas", "scale", "growth", "startup", "qr-size", "offline-desk"];

let running: ReturnType<typeof spawn> | undefined;

function runBench(out: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // The results of a quick run go to a temporary file: bench/results.json keeps the last full run.
    // Its own process group, so a timed-out run is ended with the chain it started.
    const child = (running = spawn("npm", ["run", "--silent", "bench", "--", "--quick", "--out", out], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, FORCE_COLOR: "0" },
      detached: true,
    }));
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      running = undefined;
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

test(
  "npm run bench -- --quick completes and writes every section with machine info",
  { timeout: 600_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "fairledger-bench-quick-"));
    try {
      const out = join(dir, "results.json");
      const run = await runBench(out);
      assert.equal(run.code, 0, `bench exited with ${run.code}:\n${run.stderr.slice(-4000)}`);
      assert.match(run.stderr, /\[bench/, "progress is shown on stderr");

      const results = JSON.parse(readFileSync(out, "utf8")) as {
        mode: string;
        machine: { cpuModel: string; cores: number; node: string; date: string };
        sections: Record<string, { status: string; measurements: unknown[]; ratios: unknown[]; error?: string }>;
      };
      assert.equal(results.mode, "quick");
      assert.ok(results.machine.cpuModel.length > 0);
      assert.ok(results.machine.cores >= 1);
      assert.equal(results.machine.node, process.version);
      assert.ok(!Number.isNaN(Date.parse(results.machine.date)));
      assert.deepEqual(Object.keys(results.sections).sort(), [...SECTIONS].sort());
      for (const name of SECTIONS) {
        const section = results.sections[name]!;
        assert.notEqual(section.status, "failed", `section ${name} failed: ${section.error}`);
        assert.ok(section.measurements.length > 0, `section ${name} measured nothing`);
      }
      assert.equal(run.stdout.match(/^### \d\. /gm)?.length, SECTIONS.length, "the table on stdout has every section");
    } finally {
      if (running?.pid) process.kill(-running.pid, "SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
