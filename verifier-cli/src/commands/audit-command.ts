/** `fairledger audit-fees`: the inspector's fee audit as a table, JSON or CSV; progress on stderr. */
import { VerifierError, auditFees, type AuditReport } from "@fairledger/verifier";
import { EXIT } from "../exit-codes.ts";
import { chainTrust, loadDeployment, parseTime, DEFAULT_DEPLOYMENT } from "./trust-options.ts";
import { statSync } from "node:fs";

export interface AuditCommandOptions {
  agency?: string;
  corridor?: string;
  from?: string;
  to?: string;
  receipts?: string;
  rpc?: string;
  deployment?: string;
  json?: boolean;
  csv?: boolean;
}

function agencyAddress(value: string): string {
  const address = /^(?:did:ethr:(?:0x[0-9a-fA-F]+:)?)?(0x[0-9a-fA-F]{40})$/.exec(value.trim())?.[1];
  if (address === undefined)
    throw new VerifierError("ERR_USAGE", `--agency must be an address or did:ethr, got ${value}`);
  return address;
}

const csvCell = (value: unknown) => {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function formatCsv(report: AuditReport): string {
  const header = [
    "caseCommitment",
    "agency",
    "corridor",
    "status",
    "openedAt",
    "closedAt",
    "workerPaidTotal",
    "employerPaidTotal",
    "maxWorkerPaidFee",
    "currency",
    "receiptCount",
    "receiptFilesFound",
    "findings",
  ];
  const rows = report.cases.map((c) =>
    [
      c.caseCommitment,
      c.agency,
      c.corridor,
      c.status,
      new Date(c.openedAt * 1000).toISOString(),
      c.closedAt ? new Date(c.closedAt * 1000).toISOString() : "",
      c.workerPaidTotal,
      c.employerPaidTotal,
      c.maxWorkerPaidFee,
      c.currency,
      c.receiptCount,
      c.receiptFilesFound ?? "",
      c.findings.join(";"),
    ]
      .map(csvCell)
      .join(","),
  );
  return [header.join(","), ...rows].join("\n");
}

export function formatTable(report: AuditReport): string {
  const header = ["CASE", "CORRIDOR", "STATUS", "WORKER PAID", "CAP", "CUR", "RECEIPTS", "FINDINGS"];
  const rows = report.cases.map((c) => [
    `${c.caseCommitment.slice(0, 10)}…`,
    c.corridor,
    c.status,
    c.workerPaidTotal,
    c.maxWorkerPaidFee,
    c.currency,
    c.receiptFilesFound === null ? String(c.receiptCount) : `${c.receiptFilesFound}/${c.receiptCount} files`,
    c.findings.length ? c.findings.join(", ") : "clean",
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  const out = [line(header), ...rows.map(line)];
  out.push(
    "",
    `${report.summary.cases} case(s): ${report.summary.withFindings} with findings, ${report.summary.clean} clean (chain up to block ${report.scope.toBlock})`,
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
  if (options.corridor && !/^[A-Z]{2}-[A-Z]{2}$/.test(options.corridor))
    throw new VerifierError("ERR_USAGE", "--corridor must look like PH-SA");
  if (options.json && options.csv) throw new VerifierError("ERR_USAGE", "choose one of --json and --csv");
  if (options.receipts) {
    try {
      if (!statSync(options.receipts).isDirectory()) throw new Error();
    } catch {
      throw new VerifierError("ERR_USAGE", `--receipts must be a directory: ${options.receipts}`);
    }
  }
  const agency = options.agency ? agencyAddress(options.agency) : undefined;
  const from = options.from ? parseTime(options.from) : undefined;
  const to = options.to ? parseTime(options.to) : undefined;
  const manifest = loadDeployment(options.deployment ?? DEFAULT_DEPLOYMENT);
  const trust = chainTrust(options);
  try {
    const report = await auditFees(trust, {
      agency,
      corridor: options.corridor,
      from,
      to,
      receiptsDir: options.receipts,
      fromBlock: manifest.contracts.FairLedger.blockNumber,
      onProgress: (message) => process.stderr.write(`${message}\n`),
    });
    if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else if (options.csv) process.stdout.write(`${formatCsv(report)}\n`);
    else process.stdout.write(`${formatTable(report)}\n`);
    const unmatched = report.unanchoredReceiptFiles.length + report.receiptFilesWithoutSalt.length;
    return report.summary.withFindings > 0 || unmatched > 0 ? EXIT.invalid : EXIT.valid;
  } finally {
    trust.destroy();
  }
}
