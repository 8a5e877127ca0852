/**
 * 3. Gas, from the contract engineer's `scripts/gas-report.ts` (run as `hardhat run` on the in-process
 * Hardhat network, EAS deployed in the same run): every state-changing function, one anchored record,
 * Merkle batches of 1 … 10,000 records. Its markdown table (stdout; the script also writes bench/gas.md)
 * is parsed into results.json here, so the measuring code exists once.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { progress } from "../lib/progress.ts";
import { emptySection, ratio, type Measurement, type SectionResult } from "../lib/report.ts";
import type { BenchContext } from "../lib/context.ts";
import { round } from "../lib/measure.ts";
import { runProcess } from "../fixtures/cli-adapter.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const ANCHOR_TARGET = 50_000;
const PER_RECORD_TARGET = 100;

function runGasReport(): Promise<{ code: number; stdout: string; stderr: string }> {
  const cli = fileURLToPath(import.meta.resolve("hardhat/internal/cli/cli.js"));
  return runProcess(process.execPath, [cli, "run", "scripts/gas-report.ts"], {
    cwd: ROOT,
    env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true", CI: "true" },
  });
}

const number = (text: string) => Number(text.replace(/,/g, ""));

/** The two tables of scripts/gas-report.ts: `| area | call | gas | note |` and the batch table. */
export function parseGasReport(markdown: string): {
  calls: { area: string; call: string; gas: number; note: string }[];
  batches: { records: number; gas: number; statusGas: number; proofLength: number }[];
} {
  const calls: { area: string; call: string; gas: number; note: string }[] = [];
  const batches: { records: number; gas: number; statusGas: number; proofLength: number }[] = [];
  for (const line of markdown.split("\n")) {
    const batch = /^\| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \((\d+)\) \|$/.exec(line.trim());
    if (batch) {
      batches.push({
        records: number(batch[1]!),
        gas: number(batch[2]!),
        statusGas: number(batch[4]!),
        proofLength: Number(batch[5]),
      });
      continue;
    }
    const call = /^\| ([^|]+?) \| ([^|]+?) \| ([\d,]+) \| ([^|]*?) ?\|$/.exec(line.trim());
    if (call && call[1] !== "area")
      calls.push({ area: call[1]!, call: call[2]!, gas: number(call[3]!), note: call[4]!.trim() });
  }
  return { calls, batches };
}

export async function runGas(context: BenchContext): Promise<SectionResult> {
  const section = emptySection("gas");
  progress("gas: npx hardhat run scripts/gas-report.ts (in-process Hardhat network, EAS in the same run)");
  // The script always rewrites bench/gas.md; a quick run (inside npm test) must not leave the tree dirty
  // (EAS revoke gas varies by a few units with the random attestation uid).
  const gasMd = join(ROOT, "bench", "gas.md");
  const before = context.options.quick && existsSync(gasMd) ? readFileSync(gasMd) : undefined;
  const run = await runGasReport().finally(() => {
    if (before) writeFileSync(gasMd, before);
  });
  const { calls, batches } = parseGasReport(run.stdout);
  if (calls.length === 0)
    throw new Error(`scripts/gas-report.ts printed no gas table (exit ${run.code}): ${run.stderr.slice(-1500)}`);
  if (run.code !== 0)
    section.notes.push(`scripts/gas-report.ts exited with ${run.code} (it does when a gas target is missed)`);

  for (const c of calls) {
    const key =
      c.call === "anchorRecord (licensed agency)"
        ? "anchorRecord"
        : c.call.startsWith("EAS.attest")
          ? "easAttest"
          : c.call.startsWith("EAS.revoke")
            ? "easRevoke"
            : undefined;
    section.measurements.push({
      name: `${c.area}: ${c.call}`,
      value: c.gas,
      unit: "gas",
      detail: { ...(key ? { key } : {}), ...(c.note ? { note: c.note } : {}) },
    });
  }
  for (const b of batches) {
    section.measurements.push({
      name: `records: anchorBatch of ${b.records.toLocaleString("en-US")} records, per record`,
      value: round(b.gas / b.records, 1),
      unit: "gas/record",
      detail: {
        key: "anchorBatch",
        records: b.records,
        gas: b.gas,
        gasPerRecord: b.gas / b.records,
        setBatchRecordStatusGas: b.statusGas,
        proofLength: b.proofLength,
      },
    });
  }
  const find = (key: string): Measurement | undefined => section.measurements.find((m) => m.detail?.key === key);
  const anchor = find("anchorRecord");
  const attest = find("easAttest");
  const revoke = find("easRevoke");
  const batch1000 = section.measurements.find((m) => m.detail?.key === "anchorBatch" && m.detail.records === 1000);
  for (const r of [
    ratio("EAS attest / FairLedger anchorRecord (gas)", attest, anchor),
    ratio("EAS attest / FairLedger per record in a 1,000 batch (gas)", attest, batch1000),
    ratio("EAS revoke / FairLedger anchorRecord (gas)", revoke, anchor),
  ]) {
    if (r) section.ratios.push(r);
  }
  if (anchor)
    section.notes.push(
      `target one record <= ${ANCHOR_TARGET.toLocaleString("en-US")} gas: ${anchor.value.toLocaleString("en-US")} — ${anchor.value <= ANCHOR_TARGET ? "met" : "NOT met"}`,
    );
  if (batch1000)
    section.notes.push(
      `target <= ${PER_RECORD_TARGET} gas per record at 1,000: ${batch1000.value} — ${batch1000.value <= PER_RECORD_TARGET ? "met" : "NOT met"}`,
    );
  section.notes.push(
    "gas is receipt gasUsed per transaction, 21,000 intrinsic gas included (scripts/gas-report.ts; also written to bench/gas.md)",
  );
  return section;
}
