/** 4. Scale on paper from the measured gas. */
import { emptySection, type SectionResult } from "../lib/report.ts";
import type { BenchContext } from "../lib/context.ts";

export async function runScale(_context: BenchContext): Promise<SectionResult> {
  const section = emptySection("scale");
  section.status = "partial";
  return section;
}
