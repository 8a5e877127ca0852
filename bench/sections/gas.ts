/** 3. Gas on the in-process Hardhat network (from scripts/gas-report.ts). */
import { emptySection, type SectionResult } from "../lib/report.ts";
import type { BenchContext } from "../lib/context.ts";

export async function runGas(_context: BenchContext): Promise<SectionResult> {
  const section = emptySection("gas");
  section.status = "partial";
  section.notes.push("scripts/gas-report.ts does not exist yet");
  return section;
}
