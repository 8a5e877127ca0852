/**
 * A fee audit as CSV (RFC 4180 quoting, lines ending in \n), one row per case, after a header line:
 * the one CSV the CLI prints and the service answers. Amounts are in currency units without grouping
 * ("15000.00"), beside their currency, so a spreadsheet reads them as numbers; `flags` counts the findings
 * inspectors recorded on the case on chain.
 */
import type { AuditReport } from "./fee-audit.ts";

export const AUDIT_CSV_COLUMNS = [
  "caseCommitment",
  "agency",
  "corridor",
  "class",
  "chainStatus",
  "openedAt",
  "closedAt",
  "contractAnchored",
  "contractStart",
  "currency",
  "workerPaid",
  "employerPaid",
  "capAtClosure",
  "receiptCount",
  "receiptFilesFound",
  "findings",
  "flags",
] as const;

const csvCell = (value: unknown) => {
  const text = value === null || value === undefined ? "" : String(value);
  // A cell starting with = + - @ would be a formula in a spreadsheet: none of ours can, but say so by quoting.
  return /[",\n\r]|^[=+\-@]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function auditCsv(report: AuditReport): string {
  const rows = report.cases.map((c) =>
    AUDIT_CSV_COLUMNS.map((column) =>
      csvCell(column === "findings" ? c.findings.join(";") : column === "flags" ? c.flags.length : c[column]),
    ).join(","),
  );
  return `${[AUDIT_CSV_COLUMNS.join(","), ...rows].join("\n")}\n`;
}
