/**
 * The inspectors' API (#14): an authority onboards an inspector (POST /principals), who reads the fee audit
 * of an agency or corridor (GET /audits/fees, JSON or CSV — the library's judgement, as the CLI's) and
 * flags a case on chain. Contract starts come from the terms this service holds, so an open case past its
 * start is overdue. An unknown agency or corridor is a 404, a malformed query a 400; an agency cannot read
 * audits and an inspector cannot license.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Wallet } from "ethers";
import { devWallet, DEMO_ROLES } from "../../scripts/lib/seed.mts";
import { IssuerClient } from "../../scripts/lib/issuer-client.mts";
import {
  DEMO_TERMS,
  DEMO_WORKER,
  closeCase,
  demoContractDocument,
  openCaseWithSignedContract,
  recordReceipt,
  type CaseView,
} from "../../scripts/lib/demo-story.mts";
import { client, useDemoService } from "./helpers.ts";

interface AuditedCase {
  caseCommitment: string;
  class: string;
  findings: string[];
  workerPaid: string;
  currency: string;
  contractStart: string | null;
  closedAt: string | null;
  flags: { inspector: string; findingHash: string; blockNumber: number }[];
}

describe("inspectors: fee audits and flags through the API", () => {
  const demo = useDemoService();
  let inspectorKey: string;
  const cases: Record<string, CaseView> = {};
  const employerKey = devWallet(DEMO_ROLES.employer).privateKey;

  /** A PH-SA case with a signed contract starting on `contractStart`; closed with `fee` when given. */
  async function feeCase(contractStart: string, fee?: { payer: "employer" | "worker"; amount: string }) {
    const agency = new IssuerClient(demo.service.url, demo.service.apiKeys.agency);
    const terms = { ...DEMO_TERMS, contractStart };
    const opened = await openCaseWithSignedContract(agency, employerKey, {
      corridor: "PH-SA",
      worker: DEMO_WORKER,
      terms,
      document: demoContractDocument(terms, DEMO_WORKER),
    });
    if (!fee) return opened;
    await recordReceipt(agency, opened.id, { ...fee, currency: "PHP", category: 1, document: `receipt ${opened.id}` });
    return { ...opened, ...(await closeCase(agency, opened.id)) };
  }

  before(async () => {
    // Onboarding as an authority does it: the demo inspector's account (granted INSPECTOR_ROLE on chain by
    // the consortium admin in the seed) imported with POST /principals; its first key is shown once.
    const onboarded = await client(demo.service.url, demo.service.apiKeys.authorityPH).post("/principals", {
      kind: "inspector",
      name: "PH labour inspectorate",
      privateKey: devWallet(DEMO_ROLES.inspector).privateKey,
    });
    assert.equal(onboarded.status, 201, JSON.stringify(onboarded.body));
    assert.equal(onboarded.body.principal.kind, "inspector");
    inspectorKey = onboarded.body.key.apiKey;
    cases.clean = await feeCase("2027-01-15", { payer: "employer", amount: "5000000" });
    cases.breach = await feeCase("2027-01-15", { payer: "worker", amount: "1500000" });
    cases.overdue = await feeCase("2020-01-15");
    cases.open = await feeCase("2099-01-15");
  });

  const inspector = () => client(demo.service.url, inspectorKey);
  const entry = (body: { cases: AuditedCase[] }, c: CaseView | undefined) =>
    body.cases.find((audited) => audited.caseCommitment === c?.caseCommitment.toLowerCase());

  it("GET /audits/fees: each case in its class, amounts in currency units, the overdue case from the terms held here", async () => {
    const answer = await inspector().get("/audits/fees?corridor=PH-SA");
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.match(answer.headers.get("content-type") ?? "", /^application\/json/);
    assert.equal(entry(answer.body, cases.clean)?.class, "closed-clean");
    assert.deepEqual(entry(answer.body, cases.clean)?.findings, []);
    const breach = entry(answer.body, cases.breach);
    assert.equal(breach?.class, "closed-in-breach");
    assert.deepEqual(breach?.findings, ["closed-in-breach"]);
    assert.equal(breach?.workerPaid, "15000.00");
    assert.equal(breach?.currency, "PHP");
    assert.equal(entry(answer.body, cases.overdue)?.class, "overdue");
    assert.equal(entry(answer.body, cases.overdue)?.contractStart, "2020-01-15");
    assert.equal(entry(answer.body, cases.open)?.class, "open");
    assert.deepEqual(entry(answer.body, cases.open)?.findings, [], "an open case is not a finding");
    assert.equal(answer.body.totals.byCorridor["PH-SA"].classes["closed-in-breach"], 1);
    assert.equal(answer.body.totals.byCorridor["PH-SA"].workerPaid.PHP, "15000.00");
    assert.equal(answer.body.contractStarts.openWithoutKnownStart, 0);
    assert.doesNotMatch(JSON.stringify(answer.body), /Maria|P1234567A/, "nobody is named");
  });

  it("the same audit by agency, and as CSV by format=csv or Accept: text/csv", async () => {
    const agency = devWallet(DEMO_ROLES.agency).address;
    const byAgency = await inspector().get(`/audits/fees?agency=${agency}`);
    assert.equal(byAgency.status, 200, JSON.stringify(byAgency.body));
    assert.equal(entry(byAgency.body, cases.breach)?.class, "closed-in-breach");
    for (const [path, headers] of [
      [`/audits/fees?agency=${agency}&format=csv`, {}],
      [`/audits/fees?agency=${agency}`, { accept: "text/csv" }],
    ] as const) {
      const csv = await inspector().get(path, headers);
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get("content-type") ?? "", /^text\/csv/);
      const lines = String(csv.body).trimEnd().split("\n");
      assert.match(
        lines[0]!,
        /^caseCommitment,agency,corridor,class,.*,currency,workerPaid,employerPaid,capAtClosure,/,
      );
      const row = lines.find((line) => line.startsWith(cases.breach!.caseCommitment.toLowerCase()));
      assert.match(row ?? "", /,closed-in-breach,ClosedInBreach,.*,PHP,15000\.00,0\.00,0\.00,/);
    }
  });

  it("GET /audits/scopes lists the agencies ever licensed (by name) and the corridors in force; findings by month of closure", async () => {
    const scopes = await inspector().get("/audits/scopes");
    assert.equal(scopes.status, 200, JSON.stringify(scopes.body));
    const agency = devWallet(DEMO_ROLES.agency).address.toLowerCase();
    const listed = scopes.body.agencies.find((entry: { agency: string }) => entry.agency === agency);
    assert.equal(listed?.state, "licensed");
    assert.equal(typeof listed?.name, "string");
    const phSa = scopes.body.corridors.find((entry: { corridor: string }) => entry.corridor === "PH-SA");
    assert.deepEqual(phSa, {
      corridor: "PH-SA",
      origin: "PH",
      destination: "SA",
      currency: "PHP",
      maxWorkerPaidFee: "0.00",
    });
    for (const { corridor } of scopes.body.corridors) {
      const audit = await inspector().get(`/audits/fees?corridor=${corridor}`);
      assert.equal(audit.status, 200, `every corridor listed can be audited: ${corridor}`);
    }
    const audit = await inspector().get("/audits/fees?corridor=PH-SA");
    const month = entry(audit.body, cases.breach)?.closedAt?.slice(0, 7);
    assert.ok(month);
    assert.equal(audit.body.totals.byMonthClosed[month].classes["closed-in-breach"], 1);
    const closedMonths = Object.values(audit.body.totals.byMonthClosed) as { cases: number }[];
    assert.equal(
      closedMonths.reduce((sum, totals) => sum + totals.cases, 0),
      2,
      "only the two closed cases are in a month of closure",
    );
    for (const key of [demo.service.apiKeys.agency, demo.service.apiKeys.authorityPH]) {
      const refused = await client(demo.service.url, key).get("/audits/scopes");
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.match(refused.body.detail, /only inspectors/);
    }
    assert.equal((await client(demo.service.url, "fl_forged_key").get("/audits/scopes")).status, 401);
  });

  it("an unknown agency or corridor is a 404 problem, never a clean audit; a malformed or missing scope a 400", async () => {
    const unknownAgency = await inspector().get(`/audits/fees?agency=${Wallet.createRandom().address}`);
    assert.equal(unknownAgency.status, 404, JSON.stringify(unknownAgency.body));
    assert.match(unknownAgency.headers.get("content-type") ?? "", /^application\/problem\+json/);
    assert.match(unknownAgency.body.detail, /unknown agency .*never licensed/);
    const unknownCorridor = await inspector().get("/audits/fees?corridor=PH-JP");
    assert.equal(unknownCorridor.status, 404);
    assert.match(unknownCorridor.body.detail, /unknown corridor PH-JP/);
    for (const query of [
      "",
      "?corridor=ph-sa",
      "?agency=0x1234",
      "?corridor=PH-SA&format=pdf",
      "?corridor=PH-SA&x=1",
    ]) {
      const bad = await inspector().get(`/audits/fees${query}`);
      assert.equal(bad.status, 400, `${query}: ${JSON.stringify(bad.body)}`);
      assert.equal(bad.body.code, "ERR_INPUT_INVALID");
    }
  });

  it("roles: an agency or an authority key cannot read audits; an inspector cannot license or onboard", async () => {
    for (const key of [demo.service.apiKeys.agency, demo.service.apiKeys.authorityPH]) {
      const refused = await client(demo.service.url, key).get("/audits/fees?corridor=PH-SA");
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.match(refused.body.detail, /only inspectors/);
    }
    const licence = await inspector().post("/licences", {
      agency: Wallet.createRandom().address,
      agencyName: "Fly-by-night Manpower",
      licenceNumber: "X-1",
      validFrom: "2026-01-01T00:00:00Z",
      validUntil: "2027-01-01T00:00:00Z",
    });
    assert.equal(licence.status, 403, JSON.stringify(licence.body));
    assert.match(licence.body.detail, /only authorities/);
    const onboard = await inspector().post("/principals", {
      kind: "inspector",
      name: "self-made",
      privateKey: Wallet.createRandom().privateKey,
    });
    assert.equal(onboard.status, 403, JSON.stringify(onboard.body));
  });

  it("POST /audits/cases/{caseCommitment}/flags records the finding's hash on chain from the inspector's account", async () => {
    const findingHash = `0x${"f1".repeat(32)}`;
    const flagged = await inspector().post(`/audits/cases/${cases.breach!.caseCommitment}/flags`, { findingHash });
    assert.equal(flagged.status, 201, JSON.stringify(flagged.body));
    const logs = await demo.ledger.provider.getLogs({
      address: demo.ledger.manifest.contracts.FairLedger.address,
      fromBlock: flagged.body.blockNumber,
      toBlock: flagged.body.blockNumber,
    });
    const ledger = demo.service.context.ledger.reader;
    const event = logs.map((log) => ledger.interface.parseLog(log)).find((parsed) => parsed?.name === "CaseFlagged");
    assert.equal(event?.args.caseCommitment, cases.breach!.caseCommitment.toLowerCase());
    assert.equal(event?.args.inspector, devWallet(DEMO_ROLES.inspector).address);
    assert.equal(event?.args.findingHash, findingHash);
    const audit = await inspector().get("/audits/fees?corridor=PH-SA");
    assert.deepEqual(entry(audit.body, cases.breach)?.flags, [
      {
        inspector: devWallet(DEMO_ROLES.inspector).address.toLowerCase(),
        findingHash,
        blockNumber: flagged.body.blockNumber,
      },
    ]);
    const unknown = await inspector().post(`/audits/cases/0x${"99".repeat(32)}/flags`, { findingHash });
    assert.equal(unknown.status, 404, JSON.stringify(unknown.body));
    const zero = await inspector().post(`/audits/cases/${cases.breach!.caseCommitment}/flags`, {
      findingHash: `0x${"0".repeat(64)}`,
    });
    assert.equal(zero.status, 400);
    const byAgency = await client(demo.service.url, demo.service.apiKeys.agency).post(
      `/audits/cases/${cases.breach!.caseCommitment}/flags`,
      { findingHash },
    );
    assert.equal(byAgency.status, 403);
  });

  it("an inspector the consortium admin has not granted INSPECTOR_ROLE may read audits but not flag (403 in words)", async () => {
    const account = devWallet(120);
    await (
      await devWallet(19, demo.ledger.provider).sendTransaction({ to: account.address, value: 10n ** 18n })
    ).wait();
    const onboarded = await client(demo.service.url, demo.service.apiKeys.authorityPH).post("/principals", {
      kind: "inspector",
      name: "new inspector",
      privateKey: account.privateKey,
    });
    assert.equal(onboarded.status, 201, JSON.stringify(onboarded.body));
    const fresh = client(demo.service.url, onboarded.body.key.apiKey);
    assert.equal((await fresh.get("/audits/fees?corridor=PH-SA")).status, 200);
    const refused = await fresh.post(`/audits/cases/${cases.breach!.caseCommitment}/flags`, {
      findingHash: `0x${"f2".repeat(32)}`,
    });
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    assert.match(refused.body.detail, /INSPECTOR_ROLE.*consortium admin/);
  });

  it("the routes are in the OpenAPI document with operation ids and their 4xx", async () => {
    const document = (await client(demo.service.url).get("/openapi.json")).body;
    const audit = document.paths["/audits/fees"].get;
    assert.equal(audit.operationId, "auditFees");
    for (const status of ["400", "401", "403", "404"]) assert.ok(audit.responses[status], status);
    assert.ok(audit.responses["200"].content["text/csv"]);
    assert.equal(document.paths["/audits/cases/{caseCommitment}/flags"].post.operationId, "flagCase");
    const scopes = document.paths["/audits/scopes"].get;
    assert.equal(scopes.operationId, "listAuditScopes");
    for (const status of ["401", "403"]) assert.ok(scopes.responses[status], status);
  });
});
