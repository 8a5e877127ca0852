/** Human output of a verification: the verdict, each check with pass/fail and its reason, the disclosed claims. */
import type { VerificationResult } from "@fairledger/verifier";

const VERDICT = { valid: "VALID", invalid: "INVALID", "cannot-verify": "CANNOT VERIFY" } as const;

export function formatResult(result: VerificationResult, source: string, trustLine: string): string {
  const lines: string[] = [];
  lines.push(`${VERDICT[result.outcome]}${result.credentialType ? `  ${result.credentialType}` : ""}  (${source})`);
  if (result.issuer) lines.push(`  issuer:  ${result.issuer}`);
  if (result.subject)
    lines.push(`  holder:  ${result.subject.length > 60 ? `${result.subject.slice(0, 57)}...` : result.subject}`);
  lines.push(`  checked against ${trustLine}`);
  const width = Math.max(...result.checks.map((check) => check.id.length), 10);
  for (const check of result.checks) {
    const mark = check.passed ? "pass" : check.indeterminate ? "????" : "FAIL";
    lines.push(`  [${mark}] ${check.id.padEnd(width)}  ${check.reason}`);
    if (check.notice) lines.push(`  ${" ".repeat(6 + width)}  notice: ${check.notice}`);
  }
  const disclosed = Object.entries(result.disclosed);
  if (disclosed.length > 0 && result.outcome !== "invalid") {
    lines.push("  disclosed claims:");
    for (const [name, value] of disclosed)
      lines.push(`    ${name}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
  }
  return lines.join("\n");
}
