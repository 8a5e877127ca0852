/**
 * `fairledger audit-fees` on a seeded history: clean cases, a lawful worker fee within a corridor cap, a
 * worker fee where the corridor forbids any (closed in breach), a fee over the cap, open and overdue cases,
 * and receipt files (each with its salt) checked against the anchored receipt commitments. Each case is in
 * exactly one class, amounts are in currency units, only real breaches are findings, an unknown agency or
 * corridor is an error (exit 3), and the audit names nobody.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { Wallet } from "ethers";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_ROLES, TestIssuer, type RecruitmentCase } from "./support/test-issuer.ts";
import { runCli } from "./support/run-cli.ts";

interface Totals {
  cases: number;
  classes: Record<string, number>;
  withFindings: number;
  workerPaid: Record<string, string>;
  employerPaid: Record<string, string>;
}

interface Report {
  cases: {
    caseCommitment: string;
    corridor: string;
    class: string;
    chainStatus: string;
    findings: string[];
    currency: string;
    workerPaid: string;
    employerPaid: string;
    capAtClosure: string | null;
    contractStart: string | null;
    receiptFilesFound: number | null;
  }[];
  totals: {
    byCorridor: Record<string, Totals>;
    byAgency: Record<string, Totals>;
    byMonthOpened: Record<string, Totals>;
  };
  contractStarts: { source: string | null; openWithoutKnownStart: number };
  unanchoredReceiptFiles: string[];
  receiptFilesWithoutSalt: string[];
  summary: Totals;
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
const entryOf = (report: Report, c: RecruitmentCase) =>
  report.cases.find((entry) => entry.caseCommitment === c.caseCommitment.toLowerCase());
const findingsOf = (report: Report, c: RecruitmentCase) => entryOf(report, c)?.findings;
const classOf = (report: Report, c: RecruitmentCase) => entryOf(report, c)?.class;

describe("audit-fees", () => {
  test("by agency: each case in one class; only the worker fee where PH-SA forbids it is a finding, not the open case", async () => {
    const run = await runCli(["audit-fees", "--agency", ph.did, "--json", ...chain()]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const report = run.json<Report>();
    assert.equal(report.summary.cases, 3);
    assert.equal(classOf(report, cases.phClean!), "closed-clean");
    assert.deepEqual(findingsOf(report, cases.phClean!), []);
    assert.equal(classOf(report, cases.phCharged!), "closed-in-breach");
    assert.deepEqual(findingsOf(report, cases.phCharged!), ["closed-in-breach"]);
    assert.equal(classOf(report, cases.phOpen!), "open");
    assert.deepEqual(findingsOf(report, cases.phOpen!), [], "an open case is not a finding");
    assert.equal(report.summary.withFindings, 1);
    assert.deepEqual(report.summary.classes, {
      open: 1,
      overdue: 0,
      "closed-clean": 1,
      "closed-in-breach": 1,
      "over-cap": 0,
    });
    assert.match(run.stderr, /scanning/, "progress is shown on stderr");
    assert.doesNotMatch(run.stdout, /Maria|passport/i);
  });

  test("amounts are in currency units with their currency: PHP 15,000.00, not 1500000", async () => {
    const run = await runCli(["audit-fees", "--agency", ph.did, "--json", ...chain()]);
    const charged = entryOf(run.json<Report>(), cases.phCharged!);
    assert.equal(charged?.currency, "PHP");
    assert.equal(charged?.workerPaid, "15000.00");
    assert.equal(charged?.capAtClosure, "0.00");
    const report = run.json<Report>();
    assert.deepEqual(report.totals.byCorridor["PH-SA"]?.workerPaid, { PHP: "15000.00" });
    assert.deepEqual(report.totals.byCorridor["PH-SA"]?.employerPaid, { PHP: "50000.00" });
    assert.equal(report.totals.byAgency[ph.wallet.address.toLowerCase()]?.cases, 3);
    const months = Object.values(report.totals.byMonthOpened);
    assert.equal(
      months.reduce((sum, month) => sum + month.cases, 0),
      3,
      "every case counted once in the month it opened",
    );
    const table = await runCli(["audit-fees", "--agency", ph.did, ...chain()]);
    assert.match(table.stdout, /PHP 15,000\.00/);
    assert.doesNotMatch(table.stdout, /1500000/);
    assert.match(
      table.stdout,
      /PH-SA: 3 case\(s\) — 1 open, 0 overdue, 1 closed clean, 1 closed in breach, 0 over cap/,
    );
  });

  test("by corridor: a lawful worker fee under the cap is clean; a fee over the cap is over-cap with the cap at closure", async () => {
    const run = await runCli(["audit-fees", "--corridor", "IN-AE", "--json", ...chain()]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const report = run.json<Report>();
    assert.equal(report.summary.cases, 3);
    assert.equal(report.summary.withFindings, 1);
    assert.equal(classOf(report, cases.inClean!), "closed-clean");
    assert.equal(classOf(report, cases.inUnderCap!), "closed-clean");
    assert.deepEqual(findingsOf(report, cases.inUnderCap!), []);
    assert.equal(classOf(report, cases.inOverCap!), "over-cap");
    assert.deepEqual(findingsOf(report, cases.inOverCap!), ["over-cap"]);
    assert.equal(entryOf(report, cases.inOverCap!)?.workerPaid, "40000.00");
    assert.equal(entryOf(report, cases.inOverCap!)?.capAtClosure, "30000.00");
    assert.ok(report.cases.every((entry) => entry.corridor === "IN-AE"));
  });

  test("--contract-starts: an open case past its contract start is overdue (a finding); before it, open", async () => {
    const starts = join(mkdtempSync(join(tmpdir(), "fairledger-starts-")), "starts.csv");
    writeFileSync(starts, `caseCommitment,contractStart\n${cases.phOpen!.caseCommitment},2001-01-01\n`);
    const overdue = await runCli(["audit-fees", "--agency", ph.did, "--contract-starts", starts, "--json", ...chain()]);
    const report = overdue.json<Report>();
    assert.equal(classOf(report, cases.phOpen!), "overdue");
    assert.deepEqual(findingsOf(report, cases.phOpen!), ["overdue"]);
    assert.equal(entryOf(report, cases.phOpen!)?.contractStart, "2001-01-01");
    assert.equal(report.contractStarts.openWithoutKnownStart, 0);
    writeFileSync(starts, `${cases.phOpen!.caseCommitment},2099-12-31\n`);
    const inTime = (
      await runCli(["audit-fees", "--agency", ph.did, "--contract-starts", starts, "--json", ...chain()])
    ).json<Report>();
    assert.equal(classOf(inTime, cases.phOpen!), "open");
    const unknown = (await runCli(["audit-fees", "--agency", ph.did, "--json", ...chain()])).json<Report>();
    assert.equal(unknown.contractStarts.openWithoutKnownStart, 1, "the report says what it could not know");
  });

  test("an unknown agency or corridor is an error (exit 3), never a clean audit", async () => {
    const stranger = Wallet.createRandom().address;
    const agency = await runCli(["audit-fees", "--agency", stranger, ...chain()]);
    assert.equal(agency.code, 3, agency.stdout + agency.stderr);
    assert.match(agency.stderr, /unknown agency .*never licensed/);
    assert.equal(agency.stdout, "");
    const corridor = await runCli(["audit-fees", "--corridor", "PH-JP", ...chain()]);
    assert.equal(corridor.code, 3, corridor.stdout + corridor.stderr);
    assert.match(corridor.stderr, /unknown corridor PH-JP/);
    const both = await runCli(["audit-fees", "--agency", ph.did, "--corridor", "PH-JP", ...chain()]);
    assert.equal(both.code, 3);
  });

  test("--receipts: a missing receipt file and a file that was never anchored are reported", async () => {
    const run = await runCli(["audit-fees", "--corridor", "IN-AE", "--receipts", receiptsDir, "--json", ...chain()]);
    const report = run.json<Report>();
    assert.deepEqual(findingsOf(report, cases.inClean!), []);
    assert.deepEqual(findingsOf(report, cases.inOverCap!), ["over-cap", "receipt-files-missing"]);
    assert.equal(entryOf(report, cases.inOverCap!)?.receiptFilesFound, 1);
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
    assert.equal(entryOf(report, cases.inUnderCap!)?.receiptFilesFound, 0);
  });

  test("CSV: the header, one row per case, amounts in currency units beside the currency", async () => {
    const csv = await runCli(["audit-fees", "--corridor", "IN-AE", "--csv", ...chain()]);
    const lines = csv.stdout.trim().split("\n");
    assert.equal(
      lines[0],
      "caseCommitment,agency,corridor,class,chainStatus,openedAt,closedAt,contractAnchored,contractStart,currency,workerPaid,employerPaid,capAtClosure,receiptCount,receiptFilesFound,findings,flags",
    );
    assert.equal(lines.length, 4);
    const overCap = lines.find((line) => line.startsWith(cases.inOverCap!.caseCommitment.toLowerCase()))?.split(",");
    assert.equal(overCap?.[3], "over-cap");
    assert.deepEqual(overCap?.slice(9, 13), ["INR", "40000.00", "0.00", "30000.00"]);
    const table = await runCli(["audit-fees", "--corridor", "IN-AE", ...chain()]);
    assert.match(table.stdout, /3 case\(s\): 1 with findings/);
    assert.match(table.stdout, /INR 40,000\.00 +INR 30,000\.00 +2 +0 +over-cap/);
  });

  test("a range with no cases exits 0", async () => {
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

  test("without --agency or --corridor, or with a malformed one, it is a usage error (64); chain down gives 2", async () => {
    assert.equal((await runCli(["audit-fees", ...chain()])).code, 64);
    assert.equal((await runCli(["audit-fees", "--corridor", "ph-sa", ...chain()])).code, 64);
    assert.equal((await runCli(["audit-fees", "--agency", "0x1234", ...chain()])).code, 64);
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
