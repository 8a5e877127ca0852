/**
 * The repository's own tooling: ESLint (typescript-eslint strict) and Prettier reach every hand-written
 * TypeScript and JavaScript file and skip generated output, `npm test` runs them, the tsconfigs name only
 * files that exist, and the scripts ES modules import find their files (no createRequire detour).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ESLint } from "eslint";
import prettier from "prettier";
import { HDNodeWallet } from "ethers";
import { loadArtifact, type DeploymentManifest } from "../../scripts/lib/deployment.ts";
import { fairLedgerAt } from "../../scripts/lib/seed.mts";

const ROOT = join(import.meta.dirname, "..", "..");
// Folders no one edits by hand: dependencies, build and compiler output, generated types and ABIs.
const GENERATED = new Set(["node_modules", ".git", "artifacts", "cache", "typechain-types", "coverage", "dist"]);
// Contract types the issuer service generates from the ABI at build time (npm run typechain).
const ISSUER_TYPECHAIN = join(ROOT, "issuer-service", "src", "chain", "typechain");
const CODE = /\.(ts|mts|cts|js|mjs|cjs)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return GENERATED.has(entry.name) || path === join(ROOT, "common", "abi") || path === ISSUER_TYPECHAIN
        ? []
        : sourceFiles(path);
    return CODE.test(entry.name) ? [relative(ROOT, path)] : [];
  });
}

describe("lint and format", () => {
  const eslint = new ESLint({ cwd: ROOT });

  test("ESLint reaches every hand-written TypeScript and JavaScript file, in every workspace and root folder", async () => {
    const files = sourceFiles(ROOT);
    for (const folder of [
      "common",
      "verifier",
      "issuer-service",
      "verifier-cli",
      "wallet",
      "scripts",
      "test",
      "bench",
    ]) {
      assert.ok(
        files.some((file) => file.startsWith(`${folder}/`)),
        `no source file found under ${folder}/`,
      );
    }
    const ignored = [];
    for (const file of files) if (await eslint.isPathIgnored(file)) ignored.push(file);
    assert.deepEqual(ignored, []);
  });

  test("ESLint and Prettier skip generated output", async () => {
    for (const file of [
      "artifacts/x.js",
      "typechain-types/index.ts",
      "issuer-service/src/chain/typechain/FairLedger.ts",
      "coverage/x.js",
      "wallet/dist/app.js",
      "verifier/dist/index.js",
    ]) {
      assert.equal(await eslint.isPathIgnored(file), true, file);
    }
    for (const file of [
      "common/abi/FairLedger.json",
      "package-lock.json",
      "contracts/FairLedger.sol",
      "typechain-types/index.ts",
    ]) {
      const info = await prettier.getFileInfo(join(ROOT, file), { ignorePath: join(ROOT, ".prettierignore") });
      assert.equal(info.ignored, true, file);
    }
  });

  test("TypeScript is linted with typescript-eslint's strict rules, formatting left to Prettier", async () => {
    const config = (await eslint.calculateConfigForFile("scripts/lib/deployment.ts")) as {
      rules: Record<string, unknown[]>;
    };
    // In `strict`, not in `recommended`.
    assert.deepEqual(config.rules["@typescript-eslint/no-non-null-assertion"]?.[0], 2);
    // eslint-config-prettier comes last: no stylistic rule can disagree with Prettier.
    assert.equal(config.rules["no-mixed-spaces-and-tabs"]?.[0] ?? 0, 0);
    const [result] = await eslint.lintText("export const x: any = 1;\n", { filePath: "scripts/lib/probe.ts" });
    assert.deepEqual(
      result!.messages.map((message) => message.ruleId),
      ["@typescript-eslint/no-explicit-any"],
    );
  });

  test("Prettier formats at 120 columns, the width most of the code was already written to", async () => {
    const options = await prettier.resolveConfig(join(ROOT, "scripts", "lib", "deployment.ts"));
    assert.equal(options?.printWidth, 120);
  });

  test("npm test has a lint stage, and npm run lint / format exist", () => {
    // An unknown stage name makes run-tests list the stages it knows and exit 64 without running any.
    const listed = spawnSync(process.execPath, [join(ROOT, "scripts", "run-tests.mjs"), "no-such-stage"], {
      encoding: "utf8",
    });
    assert.equal(listed.status, 64);
    assert.match(listed.stderr, /known: (?:[a-z-]+, )*lint, /);
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
    ).scripts;
    assert.match(scripts.lint!, /lint:ts/);
    assert.match(scripts["lint:ts"]!, /^eslint --max-warnings 0 \.$/);
    assert.match(scripts.format!, /^prettier --write \.$/);
  });
});

describe("tsconfig files", () => {
  for (const name of ["tsconfig.json", "tsconfig.scripts.json"]) {
    test(`${name} names only files that exist`, () => {
      const config = JSON.parse(readFileSync(join(ROOT, name), "utf8")) as { include?: string[]; exclude?: string[] };
      const literal = [...(config.include ?? []), ...(config.exclude ?? [])].filter((entry) => !entry.includes("*"));
      assert.deepEqual(
        literal.filter((entry) => !existsSync(join(ROOT, entry))),
        [],
      );
    });
  }
});

describe("scripts imported from ES modules", () => {
  test("deployment.ts (CommonJS, shared with Hardhat) finds the compiled artifacts", () => {
    const artifact = loadArtifact("FairLedger");
    assert.ok(artifact.abi.length > 0);
    assert.match(artifact.bytecode, /^0x[0-9a-f]+$/);
  });

  test("seed.mts finds the committed ABIs", async () => {
    const address = "0x000000000000000000000000000000000000dEaD";
    const manifest = { contracts: { FairLedger: { address } } } as unknown as DeploymentManifest;
    const contract = fairLedgerAt(manifest, HDNodeWallet.createRandom());
    assert.equal(await contract.getAddress(), address);
    assert.ok(contract.interface.getFunction("anchorBatch"));
  });

  test("the ABI export of npm run compile runs as an ES module and leaves the committed ABIs and enums as they are", () => {
    const generated = [
      "common/abi/FairLedger.json",
      "common/abi/EthereumDIDRegistry.json",
      "common/src/contract-enums.ts",
    ];
    const before = generated.map((file) => readFileSync(join(ROOT, file), "utf8"));
    const result = spawnSync("npx", ["tsx", "scripts/export-abi.mts"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(
      generated.map((file) => readFileSync(join(ROOT, file), "utf8")),
      before,
    );
  });
});
