/**
 * 6. CLI start-up: `fairledger verify` of ONE presentation as a whole process — what a border desk waits
 * for per traveller — next to `node -e "import('ethers')"`, the floor any chain-reading Node tool pays,
 * measured alternately in the same run. Each CLI run is cold: a new process, a new verifier data folder
 * (no spent nonces), an empty trust cache (its eth_calls and DID history go to the chain), and a
 * presentation made for it with its own nonce.
 *
 * The CLI is the built one (verifier-cli/dist/bundle, `npm run build`), on plain node: source mode is dropped
 * from the environment, so `npm test` (which runs the bench in source mode) times what users run.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { PRESENTATION_ENVELOPE_TYPE } from "@fairledger/common";
import { median, round } from "../lib/measure.ts";
import { progress } from "../lib/progress.ts";
import { emptySection, ratio, type Measurement, type SectionResult } from "../lib/report.ts";
import { sizes, type BenchContext } from "../lib/context.ts";
import { setUpVerification, type VerificationSetup } from "../fixtures/verification-setup.ts";
import { presentWithKeyBinding } from "../fixtures/sd-jwt.ts";
import { BORDER_CLAIMS } from "../fixtures/claims.ts";
import { VERIFIER_AUD } from "../fixtures/presentations.ts";
import { runProcess } from "../fixtures/cli-adapter.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "verifier-cli", "bin", "fairledger.js");
const BUILT_CLI = join(ROOT, "verifier-cli", "dist", "bundle", "cli.js");
/** The target: one verification, start-up included, within three times loading ethers. */
const TARGET_RATIO = 3;

export async function runStartup(context: BenchContext): Promise<SectionResult> {
  const section = emptySection("startup");
  if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run npm run build`);
  const config = sizes(context, { runs: 9, warmup: 2 }, { runs: 1, warmup: 1 });
  const setup = await setUpVerification(context, 1);
  try {
    const { baselineMs, cliMs } = await timeAlternately(setup, config);
    const baseline: Measurement = {
      name: `node -e "import('ethers')", whole process`,
      value: round(median(baselineMs), 1),
      unit: "ms",
      detail: { runsMs: baselineMs.map((ms) => round(ms, 1)) },
    };
    const cli: Measurement = {
      name: "fairledger verify, one presentation, whole process (cold trust cache)",
      value: round(median(cliMs), 1),
      unit: "ms",
      detail: {
        runsMs: cliMs.map((ms) => round(ms, 1)),
        invocation:
          "node verifier-cli/bin/fairledger.js verify <envelope.json> --aud … --nonce … --require … --data-dir <new>",
      },
    };
    section.measurements.push(cli, baseline);
    const r = ratio("fairledger verify (one presentation) / import('ethers')", cli, baseline, { atMost: TARGET_RATIO });
    if (r) section.ratios.push(r);
    section.notes.push(
      "both are medians of whole processes run alternately on plain node (NODE_OPTIONS dropped); the CLI run includes its chain connection, the issuer's DID history and the ledger's eth_calls against the local chain",
    );
  } finally {
    await setup.stop();
  }
  return section;
}

/** Baseline and CLI in turns, so a load spike on a shared machine hits both alike. */
async function timeAlternately(
  setup: VerificationSetup,
  config: { runs: number; warmup: number },
): Promise<{ baselineMs: number[]; cliMs: number[] }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_OPTIONS;
  const item = setup.pool[0]!;
  const baselineMs: number[] = [];
  const cliMs: number[] = [];
  const total = config.warmup + config.runs;
  for (let run = 0; run < total; run++) {
    progress(`startup: run ${run + 1}/${total}`);
    const began = performance.now();
    const baseline = await runProcess(process.execPath, ["-e", "import('ethers')"], { env });
    const baselineTook = performance.now() - began;
    if (baseline.code !== 0)
      throw new Error(`node -e "import('ethers')" exited with ${baseline.code}: ${baseline.stderr.slice(0, 500)}`);

    const dir = join(setup.workDir, `startup-${run}`);
    mkdirSync(dir, { recursive: true });
    const nonce = randomUUID();
    const presentation = await presentWithKeyBinding(item.credential, item.holderKey, {
      aud: VERIFIER_AUD,
      nonce,
      claims: BORDER_CLAIMS,
      iat: Math.floor(Date.now() / 1000),
    });
    const envelopeFile = join(dir, "presentation.json");
    writeFileSync(
      envelopeFile,
      JSON.stringify({
        type: PRESENTATION_ENVELOPE_TYPE,
        version: 1,
        format: "vc+sd-jwt",
        presentation,
        anchor: item.envelope.anchor,
      }),
    );
    const args = [
      BIN,
      "verify",
      envelopeFile,
      "--rpc",
      setup.bench.ledger.chain.rpcUrl,
      "--deployment",
      setup.bench.ledger.manifestPath,
      "--aud",
      VERIFIER_AUD,
      "--nonce",
      nonce,
      "--require",
      BORDER_CLAIMS.join(","),
      "--data-dir",
      join(dir, "verifier-data"),
    ];
    const cliBegan = performance.now();
    const cli = await runProcess(process.execPath, args, { env });
    const cliTook = performance.now() - cliBegan;
    rmSync(dir, { recursive: true, force: true });
    // A fast "no" is not a result: the presentation must pass every check.
    if (cli.code !== 0)
      throw new Error(
        `fairledger verify exited with ${cli.code}: ${cli.stderr.slice(0, 1000)} ${cli.stdout.slice(0, 1000)}`,
      );
    if (run >= config.warmup) {
      baselineMs.push(baselineTook);
      cliMs.push(cliTook);
    }
  }
  return { baselineMs, cliMs };
}
