/**
 * `fairledger audit-fees`: the inspector's fee audit (the library's auditFees, one implementation with the
 * service's GET /audits/fees) as a table, JSON or CSV; progress on stderr. Exit 0 no findings, 1 findings,
 * 3 unknown agency or corridor (never a clean audit), 2 chain unreachable, 64 usage.
 */
import { readFileSync, statSync } from "node:fs";
import { formatAmount } from "@fairledger/common";
import {
  CASE_CLASSES,
  VerifierError,
  auditCsv,
  auditFees,
  contractStartSeconds,
  parseAuditScope,
  type AuditReport,
  type AuditTotals,
} from "@fairledger/verifier";
import { EXIT } from "../exit-codes.ts";
import { chainTrust, loadDeployment, parseTime, DEFAULT_DEPLOYMENT } from "./trust-options.ts";

export interface AuditCommandOptions {
  agency?: string;
  corridor?: string;
  from?: string;
  to?: string;
  receipts?: string;
  contractStarts?: string;
  rpc?: string;
  deployment?: string;
  json?: boolean;
  csv?: boolean;
}

/**
 * `--contract-starts <file>`: lines `<caseCommitment>,<YYYY-MM-DD>` (a header line and blank lines are
 * skipped), as the agency or the issuer service hands them over: the chain holds only the contract's hash.
 */
export function readContractStarts(path: string): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new VerifierError("ERR_USAGE", `cannot read --contract-starts file ${path}`);
  }
  const starts = new Map<string, string>();
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line || (index === 0 && /^caseCommitment,/i.test(line))) continue;
    const [commitment = "", date = ""] = line.split(",").map((cell) => cell.trim());
    if (!/^0x[0-9a-fA-F]{64}$/.test(commitment) || contractStartSeconds(date) === undefined)
      throw new VerifierError(
        "ERR_USAGE",
        `${path} line ${index + 1}: expected <caseCommitment>,<YYYY-MM-DD>, got ${JSON.stringify(line)}`,
      );
    starts.set(commitment.toLowerCase(), date);
  }
  return starts;
}

/** "15000.00" PHP → "PHP 15,000.00": the report's currency units, grouped for people. */
const money = (units: string, currency: string) => formatAmount(BigInt(units.replace(".", "")), currency);
const moneyByCurrency = (sums: Record<string, string>) =>
  Object.entries(sums)
    .map(([currency, units]) => money(units, currency))
    .join(" + ") || "0";

function totalsLine(name: string, totals: AuditTotals): string {
  const classes = CASE_CLASSES.map((c) => `${totals.classes[c]} ${c.replace(/-/g, " ")}`).join(", ");
  return `${name}: ${totals.cases} case(s) — ${classes}; ${totals.withFindings} with findings; workers paid ${moneyByCurrency(totals.workerPaid)}, employers paid ${moneyByCurrency(totals.employerPaid)}`;
}

export function formatTable(report: AuditReport): string {
  const header = ["CASE", "CORRIDOR", "CLASS", "WORKER PAID", "CAP AT CLOSURE", "RECEIPTS", "FLAGS", "FINDINGS"];
  const rows = report.cases.map((c) => [
    `${c.caseCommitment.slice(0, 10)}…`,
    c.corridor,
    c.class,
    money(c.workerPaid, c.currency),
    c.capAtClosure === null ? "—" : money(c.capAtClosure, c.currency),
    c.receiptFilesFound === null ? String(c.receiptCount) : `${c.receiptFilesFound}/${c.receiptCount} files`,
    String(c.flags.length),
    c.findings.length ? c.findings.join(", ") : "none",
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  const out = [line(header), ...rows.map(line), ""];
  for (const [corridor, totals] of Object.entries(report.totals.byCorridor)) out.push(totalsLine(corridor, totals));
  for (const [agency, totals] of Object.entries(report.totals.byAgency))
    out.push(totalsLine(`agency ${agency}`, totals));
  out.push(
    `${report.summary.cases} case(s): ${report.summary.withFindings} with findings (chain up to block ${report.scope.toBlock}, as of ${report.scope.asOf})`,
  );
  const { source, openWithoutKnownStart } = report.contractStarts;
  if (openWithoutKnownStart > 0)
    out.push(
      `${openWithoutKnownStart} open case(s) without a known contract start (only its hash is on chain${source ? `; not in ${source}` : "; give --contract-starts"}): not checked for overdue`,
    );
  if (report.unanchoredReceiptFiles.length)
    out.push(`receipt files matching no anchored receipt: ${report.unanchoredReceiptFiles.join(", ")}`);
  if (report.receiptFilesWithoutSalt.length) {
    out.push(
      `receipt files without their salt (<name>.salt), not checked: ${report.receiptFilesWithoutSalt.join(", ")}`,
    );
  }
  return out.join("\n");
}

export async function auditCommand(options: AuditCommandOptions): Promise<number> {
  if (!options.agency && !options.corridor)
    throw new VerifierError("ERR_USAGE", "audit-fees needs --agency <did|address> or --corridor <XX-YY>");
  const scope = parseAuditScope(options);
  if (options.json && options.csv) throw new VerifierError("ERR_USAGE", "choose one of --json and --csv");
  if (options.receipts) {
    try {
      if (!statSync(options.receipts).isDirectory()) throw new Error();
    } catch {
      throw new VerifierError("ERR_USAGE", `--receipts must be a directory: ${options.receipts}`);
    }
  }
  const starts = options.contractStarts ? readContractStarts(options.contractStarts) : undefined;
  const from = options.from ? parseTime(options.from) : undefined;
  const to = options.to ? parseTime(options.to) : undefined;
  const manifest = loadDeployment(options.deployment ?? DEFAULT_DEPLOYMENT);
  const trust = chainTrust(options);
  try {
    const report = await auditFees(trust, {
      ...scope,
      from,
      to,
      receiptsDir: options.receipts,
      fromBlock: manifest.contracts.FairLedger.blockNumber,
      contractStartOf: starts && ((caseCommitment) => starts.get(caseCommitment)),
      contractStartSource: options.contractStarts,
      onProgress: (message) => process.stderr.write(`${message}\n`),
    });
    if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else if (options.csv) process.stdout.write(auditCsv(report));
    else process.stdout.write(`${formatTable(report)}\n`);
    const unmatched = report.unanchoredReceiptFiles.length + report.receiptFilesWithoutSalt.length;
    return report.summary.withFindings > 0 || unmatched > 0 ? EXIT.invalid : EXIT.valid;
  } finally {
    trust.destroy();
  }
}
