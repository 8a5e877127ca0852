#!/usr/bin/env node
/**
 * `npm test`: every check the project has, in order, with one closing line "N passed, N failed".
 *
 * Stages: the build (`npm run build`: every workspace's dist/), lint (solhint, ESLint and Prettier, zero
 * warnings), TypeScript type-check, contract tests (Hardhat/mocha), the same contract tests on anvil
 * (`contracts-anvil`: a second client, which mines reverting transactions), contract coverage (the specs
 * instrumented; exits non-zero unless every line, branch, function and statement of contracts/ is covered),
 * then the node:test suites of each workspace and the end-to-end suites (in source mode, see below), then
 * `external`: the whole story (`npm run test:external`) against anvil with 2-second blocks. A stage that
 * cannot run counts as failed.
 * Pass stage names to run only those: `npm test -- contracts issuer-service`.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync, mkdtempSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { tmpdir } from "node:os";
import { startAnvil } from "./lib/anvil.mjs";

const root = new URL("..", import.meta.url).pathname;
const env = { ...process.env, CI: "true", HARDHAT_DISABLE_TELEMETRY_PROMPT: "true", FORCE_COLOR: "0" };

/**
 * Source mode for the node:test stages: tsx, and the `@fairledger/source` export condition so that every
 * `@fairledger/*` import resolves to the workspace's src/*.ts, not its dist/ (tests never run stale builds).
 * In NODE_OPTIONS, so the processes the tests start (the CLI, the service, scripts) run the same sources;
 * tsx by absolute URL, so a child started in another folder still finds it. The `build` stage checks that
 * the built packages compile and run on plain node.
 */
const SOURCE_MODE = `--import=${import.meta.resolve("tsx")} --conditions=@fairledger/source`;
const sourceModeEnv = { NODE_OPTIONS: [process.env.NODE_OPTIONS, SOURCE_MODE].filter(Boolean).join(" ") };

function findTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findTests(path);
    return /\.test\.(ts|mts|mjs)$/.test(name) ? [relative(root, path)] : [];
  });
}

function run(command, args, { capture = false, extraEnv = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const forward = (stream, target) =>
      stream.on("data", (chunk) => {
        if (capture) output += chunk;
        target.write(chunk);
      });
    forward(child.stdout, process.stdout);
    forward(child.stderr, process.stderr);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

function nodeTestStage(name, files) {
  return async () => {
    if (files.length === 0) return { passed: 0, failed: 0, ok: true };
    const tap = join(mkdtempSync(join(tmpdir(), "fairledger-tap-")), "result.tap");
    const { code } = await run(
      process.execPath,
      [
        "--test",
        "--test-concurrency=1",
        "--test-reporter=spec",
        "--test-reporter-destination=stdout",
        "--test-reporter=tap",
        `--test-reporter-destination=${tap}`,
        ...files,
      ],
      { extraEnv: sourceModeEnv },
    );
    const text = existsSync(tap) ? readFileSync(tap, "utf8") : "";
    const passed = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
    const failed = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0);
    return { passed, failed, ok: code === 0 };
  };
}

function mochaResult({ code, output }) {
  const passed = Number(/(\d+) passing/.exec(output)?.[1] ?? 0);
  const failed = Number(/(\d+) failing/.exec(output)?.[1] ?? 0);
  return { passed, failed, ok: code === 0 };
}

const stages = {
  // dist/ of every workspace, as `npm install` leaves it: the CLI and fairledger-admin run from it.
  build: async () => {
    const { code } = await run("npm", ["run", "--silent", "build"]);
    return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, ok: code === 0 };
  },
  // One check per linter (`npm run lint` runs the same three): all three run even when one fails.
  lint: async () => {
    const linters = [
      ["solhint", "--max-warnings", "0", "contracts/**/*.sol"],
      ["eslint", "--max-warnings", "0", "."],
      ["prettier", "--check", "."],
    ];
    let passed = 0;
    for (const args of linters) if ((await run("npx", args)).code === 0) passed += 1;
    return { passed, failed: linters.length - passed, ok: passed === linters.length };
  },
  typecheck: async () => {
    const { code } = await run("npm", ["run", "--silent", "typecheck"]);
    return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, ok: code === 0 };
  },
  contracts: async () => mochaResult(await run("npx", ["hardhat", "test"], { capture: true })),
  // The same specs on a second client that mines reverting transactions (status 0) instead of throwing
  // (test/contracts/helpers/any-client.ts). Automine: with --block-time 2 every transaction waits for a
  // block and the suite takes over half an hour.
  "contracts-anvil": async () => {
    const anvil = await startAnvil({ accounts: 20, extraArgs: [] });
    try {
      return mochaResult(
        await run("npx", ["hardhat", "test", "--network", "anvil"], {
          capture: true,
          extraEnv: { ANVIL_RPC_URL: anvil.url },
        }),
      );
    } finally {
      await anvil.stop();
    }
  },
  coverage: async () => {
    const { code } = await run("npx", ["hardhat", "coverage"]);
    // Coverage leaves instrumented (2.5x larger) artifacts behind; later stages deploy the real contracts.
    const rebuilt = await run("npx", ["hardhat", "compile", "--quiet"]);
    // solidity-coverage has no threshold of its own: this names every uncovered branch, statement, function.
    const complete = code === 0 && (await run(process.execPath, ["scripts/require-full-coverage.mjs"])).code === 0;
    const ok = complete && rebuilt.code === 0;
    return { passed: ok ? 1 : 0, failed: ok ? 0 : 1, ok };
  },
  common: nodeTestStage("common", findTests(join(root, "common/test"))),
  verifier: nodeTestStage("verifier", findTests(join(root, "verifier/test"))),
  "verifier-cli": nodeTestStage("verifier-cli", findTests(join(root, "verifier-cli/test"))),
  "issuer-service": nodeTestStage("issuer-service", findTests(join(root, "issuer-service/test"))),
  wallet: nodeTestStage("wallet", findTests(join(root, "wallet/test"))),
  e2e: nodeTestStage("e2e", findTests(join(root, "test/e2e"))),
  // The whole story on anvil behaving like the consortium's QBFT network: a block every 2 seconds, zero
  // base fee and gas price as deploy/besu/genesis.json (zeroBaseFee, baseFeePerGas 0x0). One account, holding
  // nothing (--balance 0): test:external then checks that every account still holds 0 wei at the end.
  external: async () => {
    const anvil = await startAnvil({
      accounts: 1,
      extraArgs: [
        "--block-time",
        "2",
        "--balance",
        "0",
        "--base-fee",
        "0",
        "--gas-price",
        "0",
        "--disable-min-priority-fee",
      ],
    });
    try {
      const manifest = join(mkdtempSync(join(tmpdir(), "fairledger-external-")), "deployment.json");
      const { code, output } = await run("npx", ["tsx", "scripts/test-external.mts"], {
        capture: true,
        extraEnv: {
          ...sourceModeEnv,
          FAIRLEDGER_RPC_URL: anvil.url,
          FAIRLEDGER_DEPLOYER_KEY: anvil.deployerKey,
          FAIRLEDGER_MANIFEST: manifest,
        },
      });
      const summary = /^(\d+) passed, (\d+) failed$/m.exec(output);
      return { passed: Number(summary?.[1] ?? 0), failed: Number(summary?.[2] ?? 0), ok: code === 0 };
    } finally {
      await anvil.stop();
    }
  },
};

const selected = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
const unknown = selected.filter((name) => !(name in stages));
if (unknown.length > 0) {
  console.error(`unknown test stage(s): ${unknown.join(", ")}; known: ${Object.keys(stages).join(", ")}`);
  process.exit(64);
}

let passed = 0;
let failed = 0;
const summary = [];
for (const [name, stage] of Object.entries(stages)) {
  if (selected.length > 0 && !selected.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  const startedAt = performance.now();
  // A stage that cannot even start (anvil missing, no free port) counts as failed; the others still run.
  const result = await stage().catch((error) => {
    console.error(`stage ${name} could not run: ${error instanceof Error ? error.message : error}`);
    return { passed: 0, failed: 1, ok: false };
  });
  const stageFailed = result.failed + (result.ok || result.failed > 0 ? 0 : 1);
  passed += result.passed;
  failed += stageFailed;
  const seconds = Math.round((performance.now() - startedAt) / 1000);
  summary.push(`${name}: ${result.passed} passed, ${stageFailed} failed (${seconds} s)`);
}
console.log("\n" + summary.join("\n"));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
