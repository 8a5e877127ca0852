/** `fairledger verify`: verify credentials and presentations against the chain or an offline snapshot. */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { EXIT } from "../exit-codes.ts";
import {
  VerifierError,
  spendNonce,
  verifyDecodedUnspent,
  SqliteUsedNonceStore,
  fail,
  mapWithConcurrency,
  type ChainTrustSource,
  type UnspentVerification,
  type VerificationResult,
  type VerifyOptions,
} from "@fairledger/verifier";
import type { SnapshotTrustSource } from "@fairledger/verifier/snapshot";
import { chainTrust, formatAge, parseDuration, parseTime, snapshotTrust, type TrustSource } from "./trust-options.ts";
import { decodeInputGroup, groupInputs, readInputs } from "./read-inputs.ts";
import { readBatchFile, type InputEntry } from "./read-batch.ts";
import { formatResult } from "./format-result.ts";

/** Inputs verified at once when several are given. */
const VERIFY_CONCURRENCY = 32;

export interface VerifyCommandOptions {
  nonce?: string;
  aud?: string;
  require?: string;
  at?: string;
  contract?: string;
  rpc?: string;
  deployment?: string;
  offline?: boolean;
  snapshot?: string;
  maxSnapshotAge: string;
  json?: boolean;
  batch?: string;
  dataDir?: string;
}

/** Where the verifier keeps its state (the used-nonce store): --data-dir, else the env variable, else ~/.fairledger/verifier. */
export function verifierDataDir(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return option ?? env.FAIRLEDGER_VERIFIER_DATA_DIR ?? join(homedir(), ".fairledger", "verifier");
}

function isPresentation(format: string, token: string, enveloped: boolean): boolean {
  if (enveloped || format === "vp-jwt") return true;
  return format === "vc+sd-jwt" && !token.endsWith("~");
}

export async function verifyCommand(paths: string[], options: VerifyCommandOptions): Promise<number> {
  const now = options.at ? parseTime(options.at) : Math.floor(Date.now() / 1000);
  if (options.offline && !options.snapshot) throw new VerifierError("ERR_USAGE", "--offline needs --snapshot <file>");
  if (options.snapshot && !options.offline) throw new VerifierError("ERR_USAGE", "--snapshot is used with --offline");
  let contractDocument: Uint8Array | undefined;
  if (options.contract) {
    try {
      contractDocument = readFileSync(options.contract);
    } catch {
      throw new VerifierError("ERR_USAGE", `cannot read contract document ${options.contract}`);
    }
  }
  const requiredClaims = options.require
    ? options.require
        .split(",")
        .map((claim) => claim.trim())
        .filter(Boolean)
    : [];
  const decoded = options.batch
    ? await batchEntries(options.batch, paths, options)
    : await commandLineEntries(paths, options);

  let trust: TrustSource;
  let trustLine: string;
  if (decoded.every((entry) => "error" in entry && entry.error)) {
    // Nothing readable: no ledger lookup needed to say so.
    trust = undefined as never;
    trustLine = "nothing (the input could not be read)";
  } else if (options.offline && options.snapshot) {
    // --offline without --snapshot was refused above: the two come together.
    const snapshot: SnapshotTrustSource = await snapshotTrust(
      options.snapshot,
      parseDuration(options.maxSnapshotAge),
      now,
    );
    trust = snapshot;
    trustLine = `${snapshot.describe()}, ${formatAge(now - snapshot.snapshot.block.timestamp)} old (block hash ${snapshot.snapshot.block.hash.slice(0, 18)}…)`;
    process.stderr.write(
      `offline: using the trust snapshot taken at block ${snapshot.snapshot.block.number}, ${formatAge(now - snapshot.snapshot.block.timestamp)} old\n`,
    );
  } else {
    trust = chainTrust(options);
    trustLine = trust.describe();
  }
  // Presentations (which need --aud) spend their nonce in the durable store of this verifier.
  const usedNonces = options.aud && trust ? await SqliteUsedNonceStore.open(verifierDataDir(options.dataDir)) : null;
  const verifyOptions: VerifyOptions = {
    trust,
    audience: options.aud,
    nonce: options.nonce,
    requiredClaims,
    now,
    contractDocument,
    usedNonces,
  };
  let results: { source: string; result: VerificationResult }[];
  try {
    // Several at a time, so that their ledger lookups overlap (and ethers batches them into one
    // JSON-RPC request); the results keep the order of the inputs.
    const verified = await mapWithConcurrency(
      decoded,
      VERIFY_CONCURRENCY,
      async (entry): Promise<{ source: string; options: VerifyOptions } & UnspentVerification> => {
        const { input, error } = entry;
        // An entry carries either its decoded input or the reason it could not be read.
        if (error || input === undefined) {
          const result: VerificationResult = {
            verified: false,
            outcome: "invalid",
            checks: [fail("input-format", error?.message ?? "the input could not be read")],
            disclosed: {},
            issuer: null,
            subject: null,
            credentialType: null,
            digest: null,
          };
          return { source: entry.source, options: verifyOptions, result, nonceUse: null };
        }
        const options = entry.nonce === undefined ? verifyOptions : { ...verifyOptions, nonce: entry.nonce };
        return { source: entry.source, options, ...(await verifyDecodedUnspent(input, options)) };
      },
    );
    // Nonces are spent in input order, not in the order the checks happened to finish: of two lines
    // presenting one nonce, the earlier line is the valid one and the later one the replay.
    results = [];
    for (const { source, options, result, nonceUse } of verified)
      results.push({ source, result: await spendNonce(result, nonceUse, options) });
  } finally {
    (trust as Partial<ChainTrustSource> | undefined)?.destroy?.();
    usedNonces?.close();
  }
  if (options.batch) process.stdout.write(batchOutput(results, trustLine, options.json === true));
  else if (options.json) {
    const [only] = results;
    const body =
      results.length === 1 && only ? only.result : results.map(({ source, result }) => ({ source, ...result }));
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    process.stdout.write(
      `${results.map(({ source, result }) => formatResult(result, source, trustLine)).join("\n\n")}\n`,
    );
  }
  if (results.some(({ result }) => result.outcome === "invalid")) return EXIT.invalid;
  if (results.some(({ result }) => result.outcome === "cannot-verify")) return EXIT.cannotVerify;
  return EXIT.valid;
}

/** Files named on the command line (QR parts of one presentation joined); all answer the one --nonce. */
async function commandLineEntries(paths: string[], options: VerifyCommandOptions): Promise<InputEntry[]> {
  if (paths.length === 0) throw new VerifierError("ERR_USAGE", "name the files to verify, or give --batch <file>");
  const entries: InputEntry[] = await Promise.all(
    groupInputs(readInputs(paths)).map(async (unit): Promise<InputEntry> => {
      const source = unit.map((item) => item.source).join("+");
      try {
        return { input: await decodeInputGroup(unit), source };
      } catch (error) {
        if (error instanceof VerifierError && error.code === "ERR_INPUT_UNREADABLE") return { error, source };
        throw error;
      }
    }),
  );
  // A presentation without --aud/--nonce is a usage error, before any lookup.
  for (const entry of entries) {
    if (entry.input && isPresentation(entry.input.format, entry.input.token, entry.input.enveloped)) {
      if (!options.aud)
        throw new VerifierError(
          "ERR_USAGE",
          "--aud is required to verify a presentation (it must be addressed to you: no replay)",
        );
      if (!options.nonce)
        throw new VerifierError(
          "ERR_USAGE",
          "--nonce is required to verify a presentation (the nonce of your request: no replay)",
        );
    }
  }
  return entries;
}

/** A JSON Lines batch: each line carries its own request nonce; --aud is this verifier's id for all. */
function batchEntries(batch: string, paths: string[], options: VerifyCommandOptions): Promise<InputEntry[]> {
  if (paths.length > 0)
    throw new VerifierError("ERR_USAGE", "--batch reads its presentations from the batch file: name no other input");
  if (options.nonce)
    throw new VerifierError("ERR_USAGE", "--batch takes each nonce from its line: do not give --nonce");
  if (!options.aud)
    throw new VerifierError(
      "ERR_USAGE",
      "--aud is required with --batch (the presentations must be addressed to you: no replay)",
    );
  return readBatchFile(batch);
}

/** One line per presentation (JSON Lines with --json), failed checks under it, then the totals. */
function batchOutput(
  results: readonly { source: string; result: VerificationResult }[],
  trustLine: string,
  json: boolean,
): string {
  if (json) return results.map(({ source, result }) => `${JSON.stringify({ source, ...result })}\n`).join("");
  const count = { valid: 0, invalid: 0, "cannot-verify": 0 };
  const lines = [`checked against ${trustLine}`];
  for (const { source, result } of results) {
    count[result.outcome] += 1;
    lines.push(`${BATCH_VERDICT[result.outcome]}  ${result.credentialType ?? "-"}  (${source})`);
    for (const check of result.checks)
      if (!check.passed) lines.push(`    [${check.indeterminate ? "????" : "FAIL"}] ${check.id}  ${check.reason}`);
  }
  lines.push(
    `${results.length} presentation(s): ${count.valid} valid, ${count.invalid} invalid, ${count["cannot-verify"]} cannot verify`,
  );
  return `${lines.join("\n")}\n`;
}

const BATCH_VERDICT = { valid: "VALID        ", invalid: "INVALID      ", "cannot-verify": "CANNOT VERIFY" } as const;
