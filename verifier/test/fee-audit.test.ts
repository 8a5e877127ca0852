/**
 * The fee audit's judgement, without a chain (the CLI tests run it on one): every case in exactly one class,
 * the cap in force at closure deciding over-cap, an open case past its contract start overdue, findings only
 * for breaches, an unknown agency or corridor refused, and the CSV and totals in currency units.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { capInForceAt, CaseStatus, LicenceStatus } from "@fairledger/common";
import {
  AUDIT_CSV_COLUMNS,
  AuditScopeUnknown,
  BREACH_CLASSES,
  CASE_CLASSES,
  auditCsv,
  classifyCase,
  contractStartSeconds,
  isVerifierError,
  parseAuditScope,
  requireKnownScope,
  totalsOf,
  type AuditReport,
  type CaseAudit,
  type TrustSource,
} from "../src/index.ts";

const DAY = 86_400;
const START = contractStartSeconds("2026-12-01")!;
const open = { status: CaseStatus.Open, workerPaidTotal: 0n, capAtClosure: 0n, contractStart: null };

describe("classifyCase: exactly one class per case", () => {
  test("a case closed within the corridor policy is closed-clean, also with a lawful worker fee under a nonzero cap", () => {
    assert.equal(classifyCase({ ...open, status: CaseStatus.Closed }, START), "closed-clean");
    assert.equal(
      classifyCase(
        { ...open, status: CaseStatus.Closed, workerPaidTotal: 1_000_000n, capAtClosure: 3_000_000n },
        START,
      ),
      "closed-clean",
    );
  });

  test("a worker fee where the corridor forbids any (cap 0 at closure) is closed-in-breach", () => {
    const facts = { ...open, status: CaseStatus.ClosedInBreach, workerPaidTotal: 1_500_000n, capAtClosure: 0n };
    assert.equal(classifyCase(facts, START), "closed-in-breach");
  });

  test("over-cap is judged by the cap in force at closure, not by a cap changed after it", () => {
    // INR 30,000 cap, lowered to 10,000 at block 10, raised back to 30,000 at block 20.
    const history = [
      { blockNumber: 1, logIndex: 0, maxWorkerPaidFee: 3_000_000n },
      { blockNumber: 10, logIndex: 0, maxWorkerPaidFee: 1_000_000n },
      { blockNumber: 20, logIndex: 0, maxWorkerPaidFee: 3_000_000n },
    ];
    const closedUnderLowCap = capInForceAt(history, { blockNumber: 15, logIndex: 3 })!;
    assert.equal(closedUnderLowCap, 1_000_000n);
    const facts = { status: CaseStatus.ClosedInBreach, workerPaidTotal: 2_000_000n, contractStart: null };
    assert.equal(classifyCase({ ...facts, capAtClosure: closedUnderLowCap }, START), "over-cap");
    // The same fee closed under the first cap was lawful, and stays so after the cap was lowered.
    const closedUnderFirstCap = capInForceAt(history, { blockNumber: 5, logIndex: 0 })!;
    assert.equal(
      classifyCase({ ...facts, status: CaseStatus.Closed, capAtClosure: closedUnderFirstCap }, 30 * DAY + START),
      "closed-clean",
    );
  });

  test("an open case is open before its contract start and overdue from its first moment (UTC)", () => {
    const withStart = { ...open, contractStart: START };
    assert.equal(classifyCase(withStart, START - 1), "open");
    assert.equal(classifyCase(withStart, START), "overdue");
    assert.equal(classifyCase(withStart, START + 90 * DAY), "overdue");
  });

  test("an open case whose contract start the audit does not know stays open, however old", () => {
    assert.equal(classifyCase(open, START + 10_000 * DAY), "open");
  });

  test("only breaches are findings: overdue, closed-in-breach, over-cap; never open or closed-clean", () => {
    assert.deepEqual(
      CASE_CLASSES.filter((c) => BREACH_CLASSES.has(c)),
      ["overdue", "closed-in-breach", "over-cap"],
    );
  });

  test("a status that is no case (None) is a defect, not a class", () => {
    assert.throws(() => classifyCase({ ...open, status: CaseStatus.None }, START), RangeError);
  });

  test("contract start dates are whole calendar dates", () => {
    assert.equal(contractStartSeconds("2026-12-01"), Date.UTC(2026, 11, 1) / 1000);
    for (const bad of ["2026-02-30", "2026-12-1", "01/12/2026", "2026-12-01T00:00:00Z", ""])
      assert.equal(contractStartSeconds(bad), undefined, bad);
  });
});

/** A trust source that knows one licensed agency and one corridor with a policy in force. */
function stubTrust(): TrustSource {
  const known = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
  return {
    licenceOf: async (agency: string) => ({
      jurisdiction: agency === known ? "PH" : "",
      status: agency === known ? LicenceStatus.Active : LicenceStatus.None,
      validFrom: 0,
      validUntil: 0,
      documentHash: "0x",
    }),
    feePolicy: async (corridor: string) => ({
      maxWorkerPaidFee: 0n,
      currency: corridor === "PH-SA" ? "PHP" : "",
      activatedAt: corridor === "PH-SA" ? 1_700_000_000 : 0,
    }),
  } as unknown as TrustSource;
}

describe("audit scope", () => {
  const known = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

  test("an agency never licensed is refused as unknown, never audited as clean", async () => {
    const stranger = `0x${"ab".repeat(20)}`;
    await assert.rejects(requireKnownScope(stubTrust(), parseAuditScope({ agency: stranger })), (error) => {
      assert.ok(error instanceof AuditScopeUnknown);
      assert.equal(error.code, "ERR_AUDIT_SCOPE_UNKNOWN");
      assert.equal(error.unknown, "agency");
      assert.match(error.message, /unknown agency 0xabab.*never licensed/);
      return true;
    });
  });

  test("a corridor with no fee policy in force is refused as unknown, also beside a known agency", async () => {
    await assert.rejects(
      requireKnownScope(stubTrust(), parseAuditScope({ agency: known, corridor: "PH-JP" })),
      (error) => error instanceof AuditScopeUnknown && error.unknown === "corridor" && /PH-JP/.test(error.message),
    );
  });

  test("a known agency (address or did:ethr) and corridor pass", async () => {
    await requireKnownScope(stubTrust(), parseAuditScope({ agency: `did:ethr:0x7a69:${known}`, corridor: "PH-SA" }));
    assert.deepEqual(parseAuditScope({ agency: known }), { agency: known.toLowerCase(), corridor: undefined });
  });

  test("a missing or malformed scope is a usage error", () => {
    for (const given of [
      {},
      { corridor: "ph-sa" },
      { corridor: "PHSA" },
      { agency: "0x1234" },
      { agency: "did:web:x" },
    ])
      assert.throws(
        () => parseAuditScope(given),
        (error) => isVerifierError(error, "ERR_USAGE"),
        JSON.stringify(given),
      );
  });
});

describe("report: CSV and totals in currency units", () => {
  const row = (over: Partial<CaseAudit>): CaseAudit => ({
    caseCommitment: `0x${"11".repeat(32)}`,
    agency: "0x90f79bf6eb2c4f870365e785982e1f101e93b906",
    corridor: "PH-SA",
    class: "closed-clean",
    chainStatus: "Closed",
    openedAt: "2026-11-01T00:00:00.000Z",
    closedAt: "2026-11-02T00:00:00.000Z",
    contractAnchored: true,
    contractStart: null,
    currency: "PHP",
    workerPaid: "0.00",
    employerPaid: "50000.00",
    capAtClosure: "0.00",
    receiptCount: 1,
    receiptFilesFound: null,
    findings: [],
    flags: [],
    ...over,
  });

  test("one header and a row per case; amounts as decimals beside the currency; findings joined", () => {
    const report = {
      cases: [
        row({}),
        row({
          class: "closed-in-breach",
          workerPaid: "15000.00",
          employerPaid: "0.00",
          findings: ["closed-in-breach"],
          flags: [{ inspector: `0x${"15".repeat(20)}`, findingHash: `0x${"f1".repeat(32)}`, blockNumber: 9 }],
        }),
      ],
    } as AuditReport;
    const lines = auditCsv(report).trimEnd().split("\n");
    assert.equal(lines[0], AUDIT_CSV_COLUMNS.join(","));
    assert.equal(lines.length, 3);
    const breach = lines[2]!.split(",");
    const at = (column: (typeof AUDIT_CSV_COLUMNS)[number]) => breach[AUDIT_CSV_COLUMNS.indexOf(column)];
    assert.equal(at("class"), "closed-in-breach");
    assert.equal(at("currency"), "PHP");
    assert.equal(at("workerPaid"), "15000.00");
    assert.equal(at("capAtClosure"), "0.00");
    assert.equal(at("findings"), "closed-in-breach");
    assert.equal(at("flags"), "1", "the count of inspectors' flags on chain");
  });

  test("totals count each class and sum per currency, never across currencies", () => {
    const totals = totalsOf([
      { class: "closed-clean", findings: [], currency: "PHP", workerPaidMinor: 0n, employerPaidMinor: 5_000_000n },
      {
        class: "closed-in-breach",
        findings: ["closed-in-breach"],
        currency: "PHP",
        workerPaidMinor: 1_500_000n,
        employerPaidMinor: 0n,
      },
      { class: "open", findings: [], currency: "KWD", workerPaidMinor: 1_234n, employerPaidMinor: 0n },
    ]);
    assert.equal(totals.cases, 3);
    assert.equal(totals.withFindings, 1);
    assert.deepEqual(totals.classes, { open: 1, overdue: 0, "closed-clean": 1, "closed-in-breach": 1, "over-cap": 0 });
    assert.deepEqual(totals.workerPaid, { KWD: "1.234", PHP: "15000.00" });
    assert.deepEqual(totals.employerPaid, { KWD: "0.000", PHP: "50000.00" });
  });
});
