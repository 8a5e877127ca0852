/**
 * 1. Verify a border presentation (SD-JWT VC + key binding), single core, per second, next to the
 * hardware limit (the same two signatures with raw node:crypto), the @sd-jwt/sd-jwt-vc default path on
 * the same presentations, did-jwt-vc on equivalent VC-JWTs, and the verifier CLI as a whole process.
 */
import { compareRates, round, type Operation } from "../lib/measure.ts";
import { progress } from "../lib/progress.ts";
import { emptySection, ratio, type Measurement, type SectionResult } from "../lib/report.ts";
import { sizes, type BenchContext } from "../lib/context.ts";
import { signatureChecksOf, verifySignature } from "../baselines/raw-signatures.ts";
import { sdJwtLibraryVerifier } from "../baselines/sd-jwt-library.ts";
import { didJwtVcVerifier, localResolver } from "../baselines/did-jwt-vc.ts";
import { ed25519RawPublicKey } from "../fixtures/keys.ts";
import { setUpVerification, type VerificationSetup } from "../fixtures/verification-setup.ts";

export async function runVerify(context: BenchContext): Promise<SectionResult> {
  const section = emptySection("verify");
  const config = sizes(
    context,
    { pool: 200, runs: 7, warmup: 2, minRunMs: 1000, cliPresentations: 1000, cliRuns: 3, cliWarmup: 1 },
    { pool: 6, runs: 2, warmup: 1, minRunMs: 50, cliPresentations: 10, cliRuns: 1, cliWarmup: 0 },
  );
  const setup = await setUpVerification(context, config.pool);
  try {
    await measureInProcess(section, setup, config);
    await measureCli(section, setup, config);
  } finally {
    await setup.stop();
  }
  section.notes.push(...setup.notes);
  return section;
}

async function measureInProcess(
  section: SectionResult,
  setup: VerificationSetup,
  config: { pool: number; runs: number; warmup: number; minRunMs: number },
): Promise<void> {
  const { pool } = setup;
  const checks = pool.map((item) => signatureChecksOf(item.presentation, setup.issuer.keys.publicKey));
  const sdJwt = sdJwtLibraryVerifier(setup.issuer.keys.publicKey);
  const didJwtVc = didJwtVcVerifier(
    localResolver(setup.issuer.did, setup.issuer.kid, ed25519RawPublicKey(setup.issuer.keys.publicJwk)),
  );
  const at = (i: number) => pool[i % pool.length]!;

  // Every contender must accept every presentation before it is timed: a fast "no" is not a result.
  for (const [index, item] of pool.entries()) {
    if (!checks[index]!.every(verifySignature)) throw new Error(`raw signature check rejected presentation ${index}`);
    await sdJwt(item.presentation, item.nonce);
    const verified = (await didJwtVc(item.vcJwt)) as { verified?: boolean };
    if (!verified.verified) throw new Error(`did-jwt-vc rejected VC-JWT ${index}`);
  }
  const fairledger = setup.verifier;
  if (fairledger) {
    for (const item of pool) await fairledger.verifyAccepted(item);
  }

  progress(`verify: timing ${fairledger ? 4 : 3} verifiers on ${pool.length} distinct presentations`);
  const operations: Record<string, Operation> = {
    hardware: (i) => {
      const [issuerCheck, holderCheck] = checks[i % checks.length]!;
      if (!verifySignature(issuerCheck) || !verifySignature(holderCheck)) throw new Error("signature rejected");
    },
    sdJwt: (i) => sdJwt(at(i).presentation, at(i).nonce),
    didJwtVc: (i) => didJwtVc(at(i).vcJwt),
  };
  if (fairledger) operations.fairledger = (i) => fairledger.verify(at(i));
  const rates = await compareRates(
    operations,
    { runs: config.runs, warmup: config.warmup, minRunMs: config.minRunMs },
    (run, total) => progress(`verify: run ${run}/${total}`),
  );

  const measurement = (name: string, key: string, extra: Record<string, unknown> = {}): Measurement | undefined => {
    const rate = rates[key];
    if (!rate) return undefined;
    const m: Measurement = {
      name,
      value: round(rate.perSecond),
      unit: "presentations/s",
      detail: { runs: rate.runs.map((r) => round(r)), operations: rate.operations, ...extra },
    };
    section.measurements.push(m);
    return m;
  };
  const ours = measurement("FairLedger verifier (library, warm trust cache)", "fairledger");
  const hardware = measurement("hardware limit: 2 raw node:crypto verifications (Ed25519 + P-256)", "hardware");
  const sdJwtRate = measurement("@sd-jwt/sd-jwt-vc 0.19.0 verify() defaults, same presentations", "sdJwt");
  const didJwtRate = measurement("did-jwt-vc verifyCredential, equivalent VC-JWT, local resolver", "didJwtVc");
  if (!ours) {
    section.status = "partial";
    section.notes.push(`FairLedger verifier not measured: ${setup.verifierUnavailable ?? "unavailable"}`);
  }
  for (const r of [
    ratio("FairLedger verifier / hardware limit", ours, hardware, { atLeast: 0.8 }),
    ratio("FairLedger verifier / did-jwt-vc", ours, didJwtRate, { atLeast: 10 }),
    ratio("FairLedger verifier / @sd-jwt default path", ours, sdJwtRate, { atLeast: 1.5 }),
    ratio("@sd-jwt default path / hardware limit", sdJwtRate, hardware),
    ratio("did-jwt-vc / hardware limit", didJwtRate, hardware),
  ]) {
    if (r) section.ratios.push(r);
  }
}

async function measureCli(
  section: SectionResult,
  setup: VerificationSetup,
  config: { cliPresentations: number; cliRuns: number; cliWarmup: number },
): Promise<void> {
  if (!setup.cli) {
    section.status = "partial";
    section.notes.push(
      `verifier CLI on a file of presentations not measured: ${setup.cliUnavailable ?? "unavailable"}`,
    );
    return;
  }
  const result = await setup.cli.timeFile(config.cliPresentations, { runs: config.cliRuns, warmup: config.cliWarmup });
  const cli = {
    name: `verifier CLI, whole process, a file of ${config.cliPresentations} presentations (--batch, one nonce each)`,
    value: round(config.cliPresentations / (result.medianMs / 1000)),
    unit: "presentations/s",
    detail: { medianMs: round(result.medianMs), runsMs: result.runsMs.map((ms) => round(ms)), ...result.detail },
  };
  section.measurements.push(cli);
  const library = section.measurements.find((m) => m.name.startsWith("FairLedger verifier"));
  const r = ratio("verifier CLI whole process / library (start-up, cold cache)", cli, library);
  if (r) section.ratios.push(r);
  section.notes.push(
    "the CLI row is the whole process (start-up, chain connection, cold trust cache: one eth_call per distinct contract and issue second) on a JSON Lines file, each presentation answering its own request nonce",
  );
}
