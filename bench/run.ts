/**
 * `npm run bench`: verification, issuance and gas measured side by side with what users would otherwise
 * use and with the hardware limit, then scale on paper and growth with chain history. Progress goes to
 * stderr, the table to stdout, and the same figures with machine info to bench/results.json.
 *
 * `npm run bench -- --quick` runs every part on tiny sizes (the e2e test suite does, so the benchmark
 * never rots); `--only verify,gas` runs some parts (`--only qr-size`: the offline QR sizes); `--out file.json` writes elsewhere.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadavg } from "node:os";
import { parseOptions, SECTION_NAMES, type SectionName } from "./lib/options.ts";
import { machineInfo } from "./lib/machine.ts";
import { progress } from "./lib/progress.ts";
import { renderSection, type SectionResult } from "./lib/report.ts";
import type { BenchContext } from "./lib/context.ts";
import { runVerify } from "./sections/verify.ts";
import { runStartup } from "./sections/startup.ts";
import { runIssue } from "./sections/issue.ts";
import { runGas } from "./sections/gas.ts";
import { runScale } from "./sections/scale.ts";
import { runGrowth } from "./sections/growth.ts";
import { runQrSize } from "./sections/qr-size.ts";
import { runOfflineDesk } from "./sections/offline-desk.ts";

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));

const SECTIONS: Record<SectionName, { title: string; run: (context: BenchContext) => Promise<SectionResult> }> = {
  verify: { title: "1. Verify a border presentation", run: runVerify },
  issue: { title: "2. Issue credentials", run: runIssue },
  gas: { title: "3. Gas", run: runGas },
  scale: { title: "4. Scale on paper", run: runScale },
  growth: { title: "5. Growth with chain history", run: runGrowth },
  startup: { title: "6. CLI start-up: one verification as a whole process", run: runStartup },
  "qr-size": { title: "7. Offline QR: the default border presentation before and after", run: runQrSize },
  "offline-desk": {
    title: "8. Border desk offline: QR text to verdict in the page, against Node",
    run: runOfflineDesk,
  },
};

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), join(BENCH_DIR, "results.json"));
  const machine = machineInfo();
  progress(`${options.quick ? "quick" : "full"} run on ${machine.cpuModel} × ${machine.cores}, Node ${machine.node}`);
  const context: BenchContext = { options, results: {} };
  const started = Date.now();

  for (const name of SECTION_NAMES) {
    if (!options.only.includes(name)) continue;
    const section = SECTIONS[name];
    progress(`── ${section.title}`);
    const sectionStarted = Date.now();
    let result: SectionResult;
    try {
      result = await section.run(context);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      progress(`${name} failed: ${message.length > 2000 ? `${message.slice(0, 2000)}…` : message}`);
      const firstLine = message.split("\n")[0]!;
      result = {
        title: section.title,
        status: "failed",
        measurements: [],
        ratios: [],
        notes: [],
        error: firstLine.length > 500 ? `${firstLine.slice(0, 500)}…` : firstLine,
      };
    }
    result.title = section.title;
    context.results[name] = { ...result, seconds: Math.round((Date.now() - sectionStarted) / 100) / 10 };
    // Written after every section, so a crash late in a long run keeps what was measured.
    writeReport(options.out, {
      mode: options.quick ? "quick" : "full",
      machine,
      durationSeconds: Math.round((Date.now() - started) / 1000),
      sections: context.results,
    });
  }

  const report = {
    mode: options.quick ? "quick" : "full",
    machine: { ...machine, loadAverageAtEnd: loadavg().map((load) => Math.round(load * 100) / 100) },
    durationSeconds: Math.round((Date.now() - started) / 1000),
    sections: context.results,
  };
  writeReport(options.out, report);
  progress(`results written to ${options.out}`);

  const header = [
    `## Benchmarks (${report.mode} run, ${machine.date.slice(0, 10)})`,
    "",
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform} ${machine.kernel}, Node ${machine.node}; load average ${machine.loadAverageAtStart[0]} at start, ${report.machine.loadAverageAtEnd[0]} at end.`,
    "Every figure is the median of several runs after warm-up; every ratio compares figures measured in the same run.",
  ];
  const body = SECTION_NAMES.filter((name) => context.results[name]).map((name) =>
    renderSection(context.results[name]!),
  );
  const table = [...header, "", ...body.flatMap((text) => [text, ""])].join("\n");
  process.stdout.write(table);
  // The same table as Markdown next to the JSON (bench/results.md for the default output).
  writeFileSync(options.out.replace(/\.json$/, "") + ".md", table);

  const failed = Object.entries(context.results).filter(([, result]) => result?.status === "failed");
  if (failed.length > 0) {
    progress(`failed sections: ${failed.map(([name]) => name).join(", ")}`);
    process.exitCode = 1;
  }
}

function writeReport(out: string, report: unknown): void {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(report, null, 2) + "\n");
}

await main();
