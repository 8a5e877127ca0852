/** `audit-fees` time over 1,000 and 10,000 recruitment cases (when the verifier has audit-fees). */
import type { SectionResult } from "../lib/report.ts";
import type { BenchContext } from "../lib/context.ts";
import type { VerificationSetup } from "../fixtures/verification-setup.ts";

export async function runAuditGrowth(_context: BenchContext, section: SectionResult, _setup: VerificationSetup): Promise<void> {
  section.notes.push("audit-fees not measured yet: the verifier has no audit-fees yet");
}
