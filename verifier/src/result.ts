import type { LookAlikeClaim } from "./checks/look-alike-claims.ts";
import type { LedgerCaseFlag } from "./trust/trust-source.ts";

/**
 * What a verification returns: the list of named checks that ran, each passed or failed with a reason in
 * plain words, and what the holder chose to disclose. `outcome` separates "a check failed" (invalid) from
 * "a check could not be run" (chain unreachable, unknown issuer, snapshot too old).
 */
export const CHECK_IDS = [
  "input-format",
  "alg-allowed",
  "typ",
  "issuer-did",
  "issuer-key",
  "issuer-signature",
  "credential-shape",
  "jwt-claims-consistent",
  "time-valid",
  "sd-disclosures",
  "key-binding",
  "vp-binding",
  "required-claims",
  "issuer-licensed",
  "anchored",
  "not-revoked",
  "contract-latest",
  "fee-statement-matches-case",
  "contract-document",
  "not-replayed",
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export interface CheckResult {
  id: CheckId;
  passed: boolean;
  reason: string;
  /** True when the check could not be run (chain down, unknown issuer): neither valid nor invalid. */
  indeterminate?: boolean;
  /** Something an operator should know that does not change the outcome (e.g. licence suspended after issue). */
  notice?: string;
}

export type Outcome = "valid" | "invalid" | "cannot-verify";

export interface VerificationResult {
  verified: boolean;
  outcome: Outcome;
  checks: CheckResult[];
  /** Claims the holder disclosed (credentialSubject after disclosures), plus the always-visible ones. */
  disclosed: Record<string, unknown>;
  /** Issuer DID (`iss`), when it could be read. */
  issuer: string | null;
  /** Holder DID (`credentialSubject.id` / `sub`), when it could be read. */
  subject: string | null;
  credentialType: string | null;
  /** Digest of the issuer-signed JWT (what is anchored), when it could be read. */
  digest: string | null;
  /**
   * Disclosed claim names that only look like the type's own (a fullwidth letter, a Cyrillic "а"):
   * taken out of `disclosed`, so never read as the real claim (checks/look-alike-claims.ts). `verify`
   * always sets it ([] when there is none).
   */
  lookAlikes?: LookAlikeClaim[];
  /**
   * Inspectors' flags on the credential's case (`flagCase` on chain), oldest first, once the ledger checks
   * ran for a credential that names a case; null when the trust source could not read them. Absent when
   * not read (no case, a source without event history, a verification stopped before the ledger).
   */
  caseFlags?: LedgerCaseFlag[] | null;
}

export const pass = (id: CheckId, reason: string): CheckResult => ({ id, passed: true, reason });
export const passWithNotice = (id: CheckId, reason: string, notice: string): CheckResult => ({
  id,
  passed: true,
  reason,
  notice,
});
export const fail = (id: CheckId, reason: string): CheckResult => ({ id, passed: false, reason });
export const indeterminate = (id: CheckId, reason: string): CheckResult => ({
  id,
  passed: false,
  reason,
  indeterminate: true,
});

export function outcomeOf(checks: readonly CheckResult[]): Outcome {
  if (checks.some((check) => !check.passed && !check.indeterminate)) return "invalid";
  if (checks.some((check) => check.indeterminate)) return "cannot-verify";
  return "valid";
}
