/**
 * The inspectors' flags on the case a credential names (`flagCase` on chain, CaseFlagged events): shown
 * beside the verdict, never part of it — a flag is a finding under inquiry, not a fact about the papers.
 */
import type { LedgerCaseFlag, TrustSource } from "../trust/trust-source.ts";

/**
 * The flags, oldest first; null when the trust source could not read them; undefined when not asked (the
 * credential names no case, or the source keeps no event history, like a snapshot).
 */
export async function caseFlagsOf(
  trust: TrustSource,
  subject: Record<string, unknown>,
): Promise<LedgerCaseFlag[] | null | undefined> {
  if (typeof subject.caseCommitment !== "string" || !trust.caseFlags) return undefined;
  try {
    return await trust.caseFlags(subject.caseCommitment);
  } catch {
    return null;
  }
}
