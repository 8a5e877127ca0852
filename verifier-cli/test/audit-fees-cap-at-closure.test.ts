/**
 * `fairledger audit-fees` judges a closed case by the corridor cap in force when it closed, as the contract
 * did — not by today's cap. A cap lowered after a lawful closure does not make a breach; a cap raised after
 * a breach does not excuse it, and the report shows the cap each case closed under.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { corridorId, currencyBytes } from "@fairledger/common";
import { DEMO_ROLES, TestIssuer, type RecruitmentCase } from "./support/test-issuer.ts";
import { runCli } from "./support/run-cli.ts";

interface Report {
  cases: { caseCommitment: string; class: string; chainStatus: string; findings: string[]; capAtClosure: string }[];
}

const CAP_A = 3_000_000n; // the seeded IN→AE cap (INR 30,000)
const CAP_B = 1_000_000n;
let ph: TestIssuer;
let india: TestIssuer;
let closedUnderA: RecruitmentCase;
let closedUnderB: RecruitmentCase;

async function setCap(cap: bigint): Promise<void> {
  const IN = `0x${Buffer.from("IN").toString("hex")}`;
  const AE = `0x${Buffer.from("AE").toString("hex")}`;
  await (
    await ph.contractAsAccount(DEMO_ROLES.authorityIN).proposeCorridorPolicy(IN, AE, cap, currencyBytes("INR"))
  ).wait();
  await (
    await ph
      .contractAsAccount(DEMO_ROLES.authorityAE)
      .approveCorridorPolicy(corridorId("IN-AE"), cap, currencyBytes("INR"))
  ).wait();
}

async function audit(): Promise<Report> {
  const run = await runCli([
    "audit-fees",
    "--corridor",
    "IN-AE",
    "--json",
    "--rpc",
    ph.rpcUrl,
    "--deployment",
    ph.manifestPath,
  ]);
  return run.json<Report>();
}

const entryOf = (report: Report, c: RecruitmentCase) =>
  report.cases.find((entry) => entry.caseCommitment === c.caseCommitment.toLowerCase());

before(async () => {
  ph = await TestIssuer.start();
  india = await TestIssuer.forAccount(ph.ledger, DEMO_ROLES.agencyIN);
  closedUnderA = await india.openCase("IN-AE", DEMO_ROLES.employerAE);
  await india.recordAndClose(
    closedUnderA,
    [{ payer: 1, amount: 2_000_000n, document: Buffer.from("receipt under A") }],
    "INR",
  );
});

after(async () => {
  await ph?.stop();
});

describe("audit-fees: the cap in force at closure", () => {
  test("a case closed within cap A is not flagged after the cap is lowered to B < its fees ≤ A", async () => {
    await setCap(CAP_B);
    const entry = entryOf(await audit(), closedUnderA);
    assert.equal(entry?.chainStatus, "Closed");
    assert.equal(entry?.class, "closed-clean");
    assert.deepEqual(entry?.findings, [], "a lawful fee within the cap then is no finding");
    assert.equal(entry?.capAtClosure, "30000.00", "cap A, in rupees");
  });

  test("a case closed over cap B stays flagged after the cap is raised back to A ≥ its fees", async () => {
    closedUnderB = await india.openCase("IN-AE", DEMO_ROLES.employerAE);
    await india.recordAndClose(
      closedUnderB,
      [{ payer: 1, amount: 2_000_000n, document: Buffer.from("receipt under B") }],
      "INR",
    );
    await setCap(CAP_A);
    const report = await audit();
    const entry = entryOf(report, closedUnderB);
    assert.equal(entry?.chainStatus, "ClosedInBreach");
    assert.equal(entry?.class, "over-cap");
    assert.deepEqual(entry?.findings, ["over-cap"]);
    assert.equal(entry?.capAtClosure, "10000.00", "cap B, in rupees");
    assert.equal(entryOf(report, closedUnderA)?.class, "closed-clean", "still judged by cap A");
  });
});
