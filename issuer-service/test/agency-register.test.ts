/**
 * The public agency register (GET /public/agencies, /public/agencies/{agency}) on a local chain with the demo
 * consortium: no sign-in; a licensed, a suspended and a revoked agency with their reasons in words, an agency
 * registered here but never licensed, and an unknown one (a clear "not found: do not pay"); search by licence
 * number and by name whatever the case, accents and spacing; the corridor fee policy in words; complaints
 * unknown (null), not zero; and the public rate limit.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Contract, Wallet, hexlify, randomBytes } from "ethers";
import { fairLedgerAbi } from "@fairledger/common";
import { client, startDemoLedger, startService, type DemoLedger } from "./helpers.ts";
import type { IssuerService } from "../src/service.ts";

const DAY = 86_400_000;
const BAYANIHAN = { agencyName: "Bayanihan Manpower Services", licenceNumber: "DMW-LB-0421-2026" };
const KERALA = { agencyName: "Kerala Overseas Placements", licenceNumber: "POE/KL/2026/117" };
const SAMPAGUITA = { agencyName: "Sampaguita Global Recruitment", licenceNumber: "DMW-LB-0999-2025" };

describe("the public agency register", () => {
  let ledger: DemoLedger;
  let service: IssuerService;
  let anyone: ReturnType<typeof client>;
  let bayanihan: string;
  let kerala: string;
  let unlicensed: string;
  let sampaguita: string;

  const licence = (agency: string, names: { agencyName: string; licenceNumber: string }) => ({
    agency,
    ...names,
    validFrom: new Date(Date.now() - DAY).toISOString(),
    validUntil: new Date(Date.now() + 365 * DAY).toISOString(),
  });

  before(async () => {
    ledger = await startDemoLedger();
    service = await startService(ledger);
    anyone = client(service.url);
    const ph = client(service.url, service.apiKeys.authorityPH);
    const india = client(service.url, service.apiKeys.authorityIN);
    bayanihan = ledger.demo.accounts.agency.address.toLowerCase();
    kerala = ledger.demo.accounts.agencyIN.address.toLowerCase();
    unlicensed = ledger.demo.accounts.unlicensedAgency.address.toLowerCase();
    sampaguita = Wallet.createRandom().address.toLowerCase();
    // The seed licensed Bayanihan and Kerala on chain with no credential: their licences are renewed through
    // the service, as an authority does, so the service signs the licence credentials with name and number.
    for (const [api, agency, names] of [
      [ph, bayanihan, BAYANIHAN],
      [india, kerala, KERALA],
      [ph, sampaguita, SAMPAGUITA],
    ] as const) {
      const issued = await api.post("/licences", licence(agency, names));
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
    }
    const suspended = await india.post(`/licences/${kerala}/suspend`, { reason: "fees-charged-to-workers" });
    assert.equal(suspended.status, 200, JSON.stringify(suspended.body));
    const revoked = await ph.post(`/licences/${sampaguita}/revoke`, { reason: "fraud" });
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
  });
  after(async () => {
    await service?.stop();
    await ledger?.stop();
  });

  const search = async (q: string) => {
    const response = await anyone.get(`/public/agencies?q=${encodeURIComponent(q)}`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body;
  };
  const detail = async (agency: string) => {
    const response = await anyone.get(`/public/agencies/${agency}`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body;
  };

  it("a licensed agency: licensed now, by the Philippines' authority, since its licence start, in the PH→SA corridor where workers pay no fees", async () => {
    const agency = await detail(bayanihan);
    assert.equal(agency.state, "licensed");
    assert.equal(agency.licensedNow, true);
    assert.equal(agency.name, BAYANIHAN.agencyName);
    assert.equal(agency.licenceNumber, BAYANIHAN.licenceNumber);
    assert.equal(agency.licence.licenceRecordMatchesChain, true, "name and number belong to the licence on chain");
    assert.deepEqual(agency.authority, { country: "PH", name: "Department of Migrant Workers (PH)" });
    assert.equal(agency.reason, null);
    assert.ok(agency.since && Date.parse(agency.since) <= Date.now(), `since ${agency.since}`);
    assert.deepEqual(
      agency.corridors.map((corridor: { corridor: string }) => corridor.corridor),
      ["PH-SA"],
    );
    const policy = agency.corridors[0].feePolicy;
    assert.equal(policy.workersPayNoFees, true);
    assert.equal(policy.words, "in this corridor workers pay no recruitment fees");
    // Served by this service, no complaint filed: zero, counted (complaints.test.ts files some).
    assert.deepEqual(agency.complaints, {
      count: 0,
      open: 0,
      words:
        "0 complaints filed by workers holding a credential of one of its cases (0 not yet handled); each is anchored on the chain.",
    });
    assert.ok(agency.sources.chain.includes("state") && agency.sources.service.includes("authority.name"));
  });

  it("a suspended agency: suspended, with the reason in words, its history and the IN→AE fee cap in rupees", async () => {
    const agency = await detail(kerala);
    assert.equal(agency.state, "suspended");
    assert.equal(agency.licensedNow, false);
    assert.match(agency.advice, /do not pay/);
    assert.deepEqual(agency.reason, {
      code: 2,
      name: "fees-charged-to-workers",
      words: "recruitment fees charged to workers beyond the corridor's cap",
    });
    assert.deepEqual(agency.authority, { country: "IN", name: "Protector General of Emigrants (IN)" });
    assert.deepEqual(
      agency.history.map((entry: { event: string; reason: { name: string } | null }) => [
        entry.event,
        entry.reason?.name ?? null,
      ]),
      [
        ["issued", null],
        ["renewed", null],
        ["suspended", "fees-charged-to-workers"],
      ],
    );
    assert.ok(agency.since, "suspended since the suspension's block time");
    const policy = agency.corridors.find((corridor: { corridor: string }) => corridor.corridor === "IN-AE").feePolicy;
    assert.equal(policy.workersPayNoFees, false);
    assert.equal(policy.maxWorkerPaidFee, "3000000");
    assert.equal(policy.maxWorkerPaidFeeDecimal, "30000.00");
    assert.equal(policy.words, "in this corridor a worker may be charged at most INR 30,000.00 in recruitment fees");
  });

  it("a revoked agency: revoked for fraud, said in words", async () => {
    const agency = await detail(sampaguita);
    assert.equal(agency.state, "revoked");
    assert.equal(agency.reason.name, "fraud");
    assert.match(agency.reason.words, /fraud or misrepresentation/);
    assert.match(agency.advice, /revoked: do not pay/);
    assert.deepEqual(
      agency.history.map((entry: { event: string }) => entry.event),
      ["issued", "revoked"],
    );
  });

  it("a name and licence number recorded here do not count for a licence the chain now holds under another document (renewed outside this service)", async () => {
    const agency = Wallet.createRandom().address.toLowerCase();
    const ph = client(service.url, service.apiKeys.authorityPH);
    const issued = await ph.post(
      "/licences",
      licence(agency, { agencyName: "Old Name Placements", licenceNumber: "DMW-OLD-1" }),
    );
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    assert.equal((await detail(agency)).licenceNumber, "DMW-OLD-1");
    // The authority renews on chain with its own tools: a document this service never signed.
    const authority = new Wallet(ledger.demo.accounts.authorityPH.privateKey, ledger.provider);
    const contract = new Contract(ledger.manifest.contracts.FairLedger.address, fairLedgerAbi as never, authority);
    const renewLicence = contract.getFunction("renewLicence");
    const until = Math.floor(Date.now() / 1000) + 400 * 86_400;
    await (await renewLicence(agency, hexlify(randomBytes(32)), until)).wait();

    const renewed = await detail(agency);
    assert.equal(renewed.state, "licensed", "the chain decides the state");
    assert.equal(renewed.licence.licenceRecordMatchesChain, false);
    assert.equal(renewed.licenceNumber, null, "the old number is not shown as the current licence's");
    assert.equal(renewed.name, null, "nor the old name (the agency has no registration here)");
    assert.ok(renewed.sources.service.some((source: string) => source.startsWith("name (the agency's registration")));
  });

  it("an agency licensed on chain with the authority's own tools: found by its account, licensed, name and number not known here", async () => {
    const agency = Wallet.createRandom().address.toLowerCase();
    const authority = new Wallet(ledger.demo.accounts.authorityPH.privateKey, ledger.provider);
    const contract = new Contract(ledger.manifest.contracts.FairLedger.address, fairLedgerAbi as never, authority);
    const now = Math.floor(Date.now() / 1000);
    await (
      await contract.getFunction("issueLicence")(agency, hexlify(randomBytes(32)), now - 86_400, now + 86_400 * 30)
    ).wait();

    const found = await search(agency);
    assert.deepEqual(
      found.results.map((result: { agency: string; state: string }) => [result.agency, result.state]),
      [[agency, "licensed"]],
    );
    const licensed = await detail(agency);
    assert.equal(licensed.state, "licensed");
    assert.equal(licensed.name, null);
    assert.equal(licensed.licenceNumber, null);
    assert.deepEqual(licensed.authority, { country: "PH", name: "Department of Migrant Workers (PH)" });
  });

  it("an agency registered here but never licensed: not licensed, do not pay", async () => {
    const agency = await detail(unlicensed);
    assert.equal(agency.state, "not-licensed");
    assert.equal(agency.name, "Unlicensed Recruiters Ltd");
    assert.equal(agency.licence, null);
    assert.equal(agency.authority, null);
    assert.deepEqual(agency.corridors, []);
    assert.match(agency.advice, /not licensed: do not pay/);
  });

  it("an unknown agency: 404 problem+json saying unknown, do not pay; a search that finds nothing says the same", async () => {
    const missing = await anyone.get(`/public/agencies/${Wallet.createRandom().address}`);
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get("content-type") ?? "", /application\/problem\+json/);
    assert.equal(missing.body.code, "ERR_NOT_FOUND");
    assert.equal(missing.body.state, "unknown");
    assert.match(missing.body.advice, /unknown agency.*do not pay/);
    const nothing = await search("Nobody Placements International");
    assert.deepEqual(nothing.results, []);
    assert.match(nothing.advice, /do not pay/);
  });

  it("finds an agency by its licence number, with or without the dashes, in any case", async () => {
    for (const q of ["DMW-LB-0421-2026", "dmw lb 0421", "0421-2026"]) {
      const found = await search(q);
      assert.deepEqual(
        found.results.map((result: { agency: string }) => result.agency),
        [bayanihan],
        q,
      );
      assert.equal(found.results[0].licenceNumber, BAYANIHAN.licenceNumber);
      assert.equal(found.advice, null);
    }
    const both = await search("dmw lb");
    assert.deepEqual(
      both.results.map((result: { agency: string; state: string }) => [result.agency, result.state]),
      [
        [bayanihan, "licensed"],
        [sampaguita, "revoked"],
      ],
    );
    assert.equal(both.more, false);
    const kerala117 = await search("poe/kl/2026/117");
    assert.equal(kerala117.results[0].state, "suspended");
  });

  it("finds an agency by part of its name whatever the case, accents and spacing", async () => {
    for (const q of ["bayanihan", "BAYANÍHAN  manpower", "  Bayanihan\tMANPOWER services ", "bayanihan-manpower"]) {
      const found = await search(q);
      assert.deepEqual(
        found.results.map((result: { agency: string; state: string }) => [result.agency, result.state]),
        [[bayanihan, "licensed"]],
        q,
      );
    }
    const byAccent = await search("Sampagüita");
    assert.deepEqual(
      byAccent.results.map((result: { state: string }) => result.state),
      ["revoked"],
    );
    const byAccount = await search(kerala.toUpperCase().replace("0X", "0x"));
    assert.equal(byAccount.results[0].agency, kerala);
  });

  it("refuses a search of fewer than two letters or digits, a missing q and a malformed account", async () => {
    for (const path of [
      "/public/agencies?q=%20-",
      "/public/agencies",
      "/public/agencies?q=a",
      "/public/agencies/0x12",
    ]) {
      const refused = await anyone.get(path);
      assert.equal(refused.status, 400, path);
      assert.equal(refused.body.code, "ERR_INPUT_INVALID", path);
    }
  });

  it("shows nothing personal: no case, worker or key in the answer", async () => {
    const text = JSON.stringify(await detail(bayanihan));
    for (const word of ["Maria", "passport", "caseCommitment", "signingKey", "apiKey", "did:"])
      assert.equal(text.includes(word), false, word);
  });

  it("is documented in the OpenAPI document as public, every 4xx listed", async () => {
    const document = (await anyone.get("/openapi.json")).body;
    const searchOp = document.paths["/public/agencies"].get;
    const detailOp = document.paths["/public/agencies/{agency}"].get;
    assert.equal(searchOp.operationId, "searchAgencies");
    assert.equal(detailOp.operationId, "getAgency");
    assert.deepEqual(searchOp.security, []);
    assert.deepEqual(detailOp.security, []);
    assert.deepEqual(
      Object.keys(detailOp.responses).filter((status) => status.startsWith("4")),
      ["400", "404", "429"],
    );
  });

  it("answers 429 problem+json in the public bucket beyond the public rate", async () => {
    const limited = await startService(ledger, undefined, { provision: [] }, { limits: { requestsPerMinute: 3 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await client(limited.url).get("/public/agencies?q=bayanihan")).status);
      assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
      const refused = await client(limited.url).get(`/public/agencies/${bayanihan}`);
      assert.equal(refused.status, 429);
      assert.equal(refused.body.bucket, "public");
      assert.match(refused.headers.get("content-type") ?? "", /application\/problem\+json/);
    } finally {
      await limited.stop();
    }
  });
});
