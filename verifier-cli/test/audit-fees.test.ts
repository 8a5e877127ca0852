/**
 * `fairledger audit-fees` on a seeded history: clean cases, cases that charged workers fees within a legal
 * cap, over-cap cases (closed in breach), unclosed cases, and receipt files (each with its salt) checked
 * against the anchored receipt commitments. The audit finds exactly the bad ones and names nobody.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_ROLES, TestIssuer, type RecruitmentCase } from "./support/test-issuer.ts";
import { runCli } from "./support/run-cli.ts";

interface Report {
  cases: {
    caseCommitment: string;
    corridor: string;
    status: string;
    findings: string[];
    workerPaidTotal: string;
    receiptFilesFound: number | null;
  }[];
  unanchoredReceiptFiles: string[];
  receiptFilesWithoutSalt: string[];
  summary: { cases: number; withFindings: number; clean: number };
}

let ph: TestIssuer;
let india: TestIssuer;
let receiptsDir: string;
let receiptsWithoutSaltDir: string;
const cases: Record<string, RecruitmentCase> = {};
const receipt = (label: string) => Buffer.from(`FairLedger fee receipt ${label} ${Math.random()}`);

before(async () => {
  ph = await TestIssuer.start();
  india = await TestIssuer.forAccount(ph.ledger, DEMO_ROLES.agencyIN);
  receiptsDir = mkdtempSync(join(tmpdir(), "fairledger-receipts-"));

  // PH→SA (zero worker-paid fees): one clean case, one that charged the worker (closed in breach), one left open.
  cases.phClean = await ph.openCase("PH-SA");
  await ph.recordAndClose(cases.phClean, [{ payer: 0, amount: 5_000_000n, document: receipt("ph-clean") }], "PHP");
  cases.phCharged = await ph.openCase("PH-SA");
  await ph.recordAndClose(cases.phCharged, [{ payer: 1, amount: 1_500_000n, document: receipt("ph-charged") }], "PHP");
  cases.phOpen = await ph.openCase("PH-SA");

  // IN→AE (cap INR 30,000): clean, a legal worker fee under the cap, and a fee over the cap.
  const employerAE = DEMO_ROLES.employerAE;
  cases.inClean = await india.openCase("IN-AE", employerAE);
  const cleanReceipts = [receipt("in-clean-1"), receipt("in-clean-2")];
  const clean = await india.recordAndClose(
    cases.inClean,
    cleanReceipts.map((document) => ({ payer: 0 as const, amount: 100_000n, document })),
    "INR",
  );
  cases.inUnderCap = await india.openCase("IN-AE", employerAE);
  const underCapReceipt = receipt("in-under-cap");
  const underCap = await india.recordAndClose(
    cases.inUnderCap,
    [{ payer: 1, amount: 1_000_000n, document: underCapReceipt }],
    "INR",
  );
  cases.inOverCap = await india.openCase("IN-AE", employerAE);
  const overCapReceipts = [receipt("in-over-1"), receipt("in-over-2")];
  const overCap = await india.recordAndClose(
    cases.inOverCap,
    overCapReceipts.map((document) => ({ payer: 1 as const, amount: 2_000_000n, document })),
    "INR",
  );

  // The agency's receipt files, each with its salt: all but one of the over-cap case's, a file that was
  // never anchored, and an anchored receipt handed over without its salt (it cannot be matched).
  const withSalt = (name: string, document: Buffer, salt: string) => {
    writeFileSync(join(receiptsDir, name), document);
    writeFileSync(join(receiptsDir, `${name}.salt`), `${salt}\n`);
  };
  cleanReceipts.forEach((document, i) => withSalt(`clean-${i}.txt`, document, clean.receiptSalts[i]!));
  withSalt("under-cap.txt", underCapReceipt, underCap.receiptSalts[0]!);
  withSalt("over-1.txt", overCapReceipts[0]!, overCap.receiptSalts[0]!);
  withSalt("invented.txt", receipt("never anchored"), `0x${"5a".repeat(32)}`);
  receiptsWithoutSaltDir = mkdtempSync(join(tmpdir(), "fairledger-receipts-unsalted-"));
  writeFileSync(join(receiptsWithoutSaltDir, "under-cap.txt"), underCapReceipt);
});

after(async () => {
  await ph?.stop();
});

const chain = () => ["--rpc", ph.rpcUrl, "--deployment", ph.manifestPath];
const findingsOf = (report: Report, c: RecruitmentCase) =>
  report.cases.find((entry) => entry.caseCommitment === c.caseCommitment.toLowerCase())?.findings;

describe("audit-fees", () => {
  test("by agency: finds the worker-charged (over-cap) case and the unclosed one, not the clean one", async () => {
    const run = await runCli(["audit-fees", "--agency", ph.did, "--json", ...chain()]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const report = run.json<Report>();
    assert.equal(report.summary.cases, 3);
    assert.deepEqual(findingsOf(report, cases.phClean!), []);
    assert.deepEqual(findingsOf(report, cases.phCharged!), ["fees-charged-to-worker", "over-cap"]);
    assert.deepEqual(findingsOf(report, cases.phOpen!), ["unclosed"]);
    assert.match(run.stderr, /scanning/, "progress is shown on stderr");
    assert.doesNotMatch(run.stdout, /Maria|passport/i);
  });

  test("by corridor: tells a legal fee under the cap from a fee over the cap", async () => {
    const run = await runCli(["audit-fees", "--corridor", "IN-AE", "--json", ...chain()]);
    const report = run.json<Report>();
    assert.equal(report.summary.cases, 3);
    assert.equal(report.summary.withFindings, 2);
    assert.deepEqual(findingsOf(report, cases.inClean!), []);
    assert.deepEqual(findingsOf(report, cases.inUnderCap!), ["fees-charged-to-worker"]);
    assert.deepEqual(findingsOf(report, cases.inOverCap!), ["fees-charged-to-worker", "over-cap"]);
    assert.ok(report.cases.every((entry) => entry.corridor === "IN-AE"));
  });

  test("--receipts: a missing receipt file and a file that was never anchored are reported", async () => {
    const run = await runCli(["audit-fees", "--corridor", "IN-AE", "--receipts", receiptsDir, "--json", ...chain()]);
    const report = run.json<Report>();
    assert.deepEqual(findingsOf(report, cases.inClean!), []);
    assert.deepEqual(findingsOf(report, cases.inOverCap!), [
      "fees-charged-to-worker",
      "over-cap",
      "receipt-files-missing",
    ]);
    assert.equal(
      report.cases.find((entry) => entry.caseCommitment === cases.inOverCap!.caseCommitment.toLowerCase())
        ?.receiptFilesFound,
      1,
    );
    assert.deepEqual(report.unanchoredReceiptFiles, ["invented.txt"]);
    assert.deepEqual(report.receiptFilesWithoutSalt, []);
  });

  test("--receipts: an anchored receipt without its salt cannot be matched (the chain alone confirms no guess), exit 1", async () => {
    const run = await runCli([
      "audit-fees",
      "--corridor",
      "IN-AE",
      "--receipts",
      receiptsWithoutSaltDir,
      "--json",
      ...chain(),
    ]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const report = run.json<Report>();
    assert.deepEqual(report.receiptFilesWithoutSalt, ["under-cap.txt"]);
    assert.equal(
      report.cases.find((entry) => entry.caseCommitment === cases.inUnderCap!.caseCommitment.toLowerCase())
        ?.receiptFilesFound,
      0,
    );
  });

  test("CSV and table output", async () => {
    const csv = await runCli(["audit-fees", "--corridor", "IN-AE", "--csv", ...chain()]);
    const lines = csv.stdout.trim().split("\n");
    assert.equal(
      lines[0],
      "caseCommitment,agency,corridor,status,openedAt,closedAt,workerPaidTotal,employerPaidTotal,maxWorkerPaidFee,currency,receiptCount,receiptFilesFound,findings",
    );
    assert.equal(lines.length, 4);
    const table = await runCli(["audit-fees", "--corridor", "IN-AE", ...chain()]);
    assert.match(table.stdout, /3 case\(s\): 2 with findings, 1 clean/);
    assert.match(table.stdout, /over-cap/);
  });

  test("a range with only clean cases exits 0", async () => {
    const run = await runCli([
      "audit-fees",
      "--corridor",
      "PH-SA",
      "--to",
      "2000-01-01T00:00:00Z",
      "--json",
      ...chain(),
    ]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.json<Report>().summary.cases, 0);
  });

  test("without --agency or --corridor it is a usage error (64); chain down gives 2", async () => {
    assert.equal((await runCli(["audit-fees", ...chain()])).code, 64);
    const down = await runCli([
      "audit-fees",
      "--corridor",
      "IN-AE",
      "--rpc",
      "http://127.0.0.1:9",
      "--deployment",
      ph.manifestPath,
    ]);
    assert.equal(down.code, 2, down.stdout + down.stderr);
  });
});
