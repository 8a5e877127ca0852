/** Issuance over HTTP under load (autocannon), durable storage on. */
import type { SectionResult } from "../lib/report.ts";
import type { BenchContext } from "../lib/context.ts";

export async function runHttpIssuance(_context: BenchContext, section: SectionResult): Promise<void> {
  section.status = "partial";
  section.notes.push("HTTP issuance not measured yet: the issuer service has no programmatic start/stop yet");
}
