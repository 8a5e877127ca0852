/** What sections share during one run: the options, and earlier sections' results (scale reads gas). */
import type { BenchOptions, SectionName } from "./options.ts";
import type { SectionResult } from "./report.ts";

export interface BenchContext {
  options: BenchOptions;
  results: Partial<Record<SectionName, SectionResult & { seconds?: number }>>;
}

/** Sizes and run counts for a full run, or tiny ones in quick mode. */
export function sizes<T>(context: BenchContext, full: T, quick: T): T {
  return context.options.quick ? quick : full;
}
