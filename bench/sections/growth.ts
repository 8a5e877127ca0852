/** 5. Growth: verification time with chain history. */
import { emptySection, type SectionResult } from "../lib/report.ts";
import type { BenchContext } from "../lib/context.ts";

export async function runGrowth(_context: BenchContext): Promise<SectionResult> {
  const section = emptySection("growth");
  section.status = "partial";
  return section;
}
