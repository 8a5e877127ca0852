/**
 * The built packages (`npm run build`, which `npm install` runs): every workspace's exports map names files
 * that exist in src/ (the `@fairledger/source` condition) and in dist/ (what plain node loads), and the CLIs
 * run on plain node — no tsx, no TypeScript source — as `npx fairledger` and `npx fairledger-admin` do.
 * The other suites run the sources (scripts/run-tests.mjs sets source mode); this one runs what users run.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PLAIN_NODE = fileURLToPath(new URL("./support/plain-node.mjs", import.meta.url));
const NODE_WORKSPACES = ["common", "verifier", "verifier-cli", "issuer-service"];

/** node with no inherited source mode (NODE_OPTIONS dropped) and hooks that refuse tsx and .ts files. */
function plainNode(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: "0" };
  delete env.NODE_OPTIONS;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", PLAIN_NODE, ...args], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

type ExportTarget = string | Record<string, string>;

function exportsOf(workspace: string): { name: string; exports: Record<string, ExportTarget> } {
  return JSON.parse(readFileSync(join(ROOT, workspace, "package.json"), "utf8"));
}

describe("built packages", () => {
  for (const workspace of NODE_WORKSPACES) {
    it(`${workspace}: every export has its source, its declarations and its built module, and loads on plain node`, async () => {
      const { name, exports } = exportsOf(workspace);
      const subpaths = Object.entries(exports).filter(([subpath]) => subpath !== "./package.json");
      assert.ok(subpaths.length > 0, "an explicit exports map");
      for (const [subpath, target] of subpaths) {
        assert.equal(typeof target, "object", `${subpath}: conditions, not one file`);
        // A page bundle's `browser` twin, when there is one, comes first and has the same three conditions.
        const { browser, ...conditions } = target as Record<string, string> & { browser?: Record<string, string> };
        for (const [which, files] of [
          ["", conditions],
          ["browser ", browser],
        ] as const) {
          if (!files) continue;
          assert.deepEqual(
            Object.keys(files),
            ["@fairledger/source", "types", "default"],
            `${subpath}: ${which}condition order`,
          );
          for (const file of Object.values(files)) {
            assert.ok(
              existsSync(join(ROOT, workspace, file)),
              `${name} ${subpath}: ${file} exists (run npm run build)`,
            );
          }
        }
        if (browser) assert.equal(Object.keys(target as object)[0], "browser", `${subpath}: browser condition first`);
      }
      // Imported from inside the package (self-reference), as the bins do.
      const specifiers = subpaths.map(([subpath]) => (subpath === "." ? name : `${name}/${subpath.slice(2)}`));
      const loaded = await plainNode(
        ["--input-type=module", "-e", specifiers.map((s) => `await import(${JSON.stringify(s)});`).join("")],
        join(ROOT, workspace),
      );
      assert.equal(loaded.code, 0, loaded.stderr);
    });
  }

  it("fairledger runs on plain node: --help and request", async () => {
    const bin = join(ROOT, "verifier-cli", "bin", "fairledger.js");
    const help = await plainNode([bin, "--help"]);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /Usage: fairledger/);
    const request = await plainNode([bin, "request", "--aud", "border-post-test"]);
    assert.equal(request.code, 0, request.stderr);
    assert.equal(JSON.parse(request.stdout).aud, "border-post-test");
  });

  it("fairledger-admin runs on plain node: --help", async () => {
    const admin = await plainNode([join(ROOT, "issuer-service", "bin", "fairledger-admin.mjs"), "--help"]);
    assert.equal(admin.code, 0, admin.stderr);
    assert.match(admin.stdout, /Usage: fairledger-admin/);
  });
});
