/**
 * The authorities' API on a local chain: licence changes with named reasons and their history, employers,
 * insurers and corridor fee policies (both countries), the lists read from the chain (paginated,
 * filtered), and refusals — an agency cannot act as an authority, and an authority cannot act on another
 * country's agency: the chain refuses and the answer names both countries.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Wallet, getAddress } from "ethers";
import {
  caseWithAnchoredContract,
  client,
  startDemoLedger,
  startService,
  type ApiResponse,
  type DemoLedger,
} from "./helpers.ts";
import type { IssuerService } from "../src/service.ts";
import { createProvider } from "@fairledger/common";
import { Ledger } from "../src/chain/ledger.ts";
import { RegistryReads } from "../src/chain/registry-reads.ts";

/** The JSON the authority API answers with, as far as these tests read it. */
interface HistoryEntry {
  event: string;
  blockNumber: number;
  reason?: { code: number; name: string };
}
interface MemberItem {
  account: string;
  jurisdiction: string;
  status: string;
}
interface CorridorItem {
  corridor: string;
}
interface LicenceItem {
  agency: string;
  status: string;
}

const LIST_ROUTES = [
  "/agencies",
  "/licences",
  "/licences/{agency}",
  "/employers",
  "/insurers",
  "/corridors",
  "/agencies/{agency}/cases",
];

describe("the authorities' API", () => {
  let ledger: DemoLedger;
  let service: IssuerService;
  let ph: ReturnType<typeof client>;
  let sa: ReturnType<typeof client>;
  let agencyApi: ReturnType<typeof client>;

  /** A fresh agency licensed by PH through the API. */
  async function licensedAgency(): Promise<string> {
    const agency = Wallet.createRandom().address.toLowerCase();
    const issued = await ph.post("/licences", {
      agency,
      agencyName: "Test Manpower",
      licenceNumber: `PH-${agency.slice(2, 8)}`,
      validFrom: new Date(Date.now() - 86_400_000).toISOString(),
      validUntil: new Date(Date.now() + 365 * 86_400_000).toISOString(),
    });
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    return agency;
  }

  /** Every item of a list, following nextCursor with pages of `limit`. */
  async function allPages(api: ReturnType<typeof client>, path: string, limit: number) {
    const items: ApiResponse["body"][] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const separator = path.includes("?") ? "&" : "?";
      const response = await api.get(`${path}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.ok(response.body.items.length <= limit);
      items.push(...response.body.items);
      cursor = response.body.page.nextCursor;
      pages++;
    } while (cursor);
    return { items, pages };
  }

  before(async () => {
    ledger = await startDemoLedger();
    service = await startService(ledger);
    ph = client(service.url, service.apiKeys.authorityPH);
    sa = client(service.url, service.apiKeys.authoritySA);
    agencyApi = client(service.url, service.apiKeys.agency);
  });
  after(async () => {
    await service?.stop();
    await ledger?.stop();
  });

  describe("licences with named reasons", () => {
    it("suspend by name, reinstate, revoke by code: each answer carries the reason's code and name; the history lists them oldest first", async () => {
      const agency = await licensedAgency();
      const suspended = await ph.post(`/licences/${agency}/suspend`, { reason: "fees-charged-to-workers" });
      assert.equal(suspended.status, 200, JSON.stringify(suspended.body));
      assert.deepEqual(suspended.body.reason, {
        code: 2,
        name: "fees-charged-to-workers",
        words: suspended.body.reason.words,
      });
      assert.equal((await ph.post(`/licences/${agency}/reinstate`, {})).status, 200);
      const revoked = await ph.post(`/licences/${agency}/revoke`, { reason: 1 });
      assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
      assert.equal(revoked.body.reason.name, "fraud");
      assert.equal(revoked.body.reason.code, 1);

      const licence = await ph.get(`/licences/${agency}`);
      assert.equal(licence.status, 200, JSON.stringify(licence.body));
      assert.equal(licence.body.status, "revoked");
      assert.equal(licence.body.jurisdiction, "PH");
      assert.equal(licence.body.licensedNow, false);
      assert.deepEqual(
        licence.body.history.map((entry: HistoryEntry) => [entry.event, entry.reason?.code, entry.reason?.name]),
        [
          ["issued", undefined, undefined],
          ["suspended", 2, "fees-charged-to-workers"],
          ["reinstated", undefined, undefined],
          ["revoked", 1, "fraud"],
        ],
      );
      const blocks = licence.body.history.map((entry: HistoryEntry) => entry.blockNumber);
      assert.deepEqual(
        blocks,
        [...blocks].sort((a, b) => a - b),
        "chain order",
      );
      assert.equal(licence.body.history[3].effectiveFrom, revoked.body.effectiveFrom.replace(".000Z", "Z"));
    });

    it("an unknown reason is refused before the chain, naming the table", async () => {
      const agency = await licensedAgency();
      const refused = await ph.post(`/licences/${agency}/suspend`, { reason: "bad-vibes" });
      assert.equal(refused.status, 400);
      assert.match(refused.body.detail, /1 fraud/);
      assert.equal((await ph.get(`/licences/${agency}`)).body.status, "active");
    });

    it("an authority cannot act on another country's agency: the chain refuses and the answer names both countries", async () => {
      const agency = await licensedAgency();
      const foreign = await sa.post(`/licences/${agency}/suspend`, { reason: "fraud" });
      assert.equal(foreign.status, 422, JSON.stringify(foreign.body));
      assert.equal(foreign.body.chainError, "LicensingForeignAgency");
      assert.equal(foreign.body.detail, `agency ${getAddress(agency)} is licensed by PH, not by SA`);
    });

    it("the older POST /licences/{agency}/status also names both countries, and answers the reason by name", async () => {
      const agency = await licensedAgency();
      const foreign = await sa.post(`/licences/${agency}/status`, { status: "suspended", reasonCode: 1 });
      assert.equal(foreign.status, 422);
      assert.equal(foreign.body.detail, `agency ${getAddress(agency)} is licensed by PH, not by SA`);
      const suspended = await ph.post(`/licences/${agency}/status`, { status: "suspended", reasonCode: 4 });
      assert.equal(suspended.status, 200, JSON.stringify(suspended.body));
      assert.equal(suspended.body.reason.name, "expired-documents");
    });

    it("an agency cannot call authority routes (403), and a wrong transition is refused in words", async () => {
      const agency = await licensedAgency();
      for (const [path, body] of [
        [`/licences/${agency}/suspend`, { reason: 1 }],
        [`/licences/${agency}/revoke`, { reason: 1 }],
        [`/licences/${agency}/reinstate`, {}],
        ["/employers", { employer: Wallet.createRandom().address }],
        ["/insurers", { insurer: Wallet.createRandom().address }],
        ["/corridors/PH-AE/policy/propose", { maxWorkerPaidFee: "0", currency: "PHP" }],
      ] as const) {
        const refused = await agencyApi.post(path, body);
        assert.equal(refused.status, 403, `${path}: ${JSON.stringify(refused.body)}`);
      }
      const notSuspended = await ph.post(`/licences/${agency}/reinstate`, {});
      assert.equal(notSuspended.status, 422);
      assert.equal(
        notSuspended.body.detail,
        `agency ${getAddress(agency)}'s licence is active, which does not allow this change`,
      );
    });
  });

  describe("employers and insurers", () => {
    it("an authority registers and deregisters an employer of its country; the list shows both states and filters", async () => {
      const employer = Wallet.createRandom().address.toLowerCase();
      const registered = await sa.post("/employers", { employer });
      assert.equal(registered.status, 201, JSON.stringify(registered.body));
      const listed = await sa.get("/employers?jurisdiction=SA&status=registered&limit=200");
      assert.ok(listed.body.items.some((e: MemberItem) => e.account === employer && e.jurisdiction === "SA"));
      assert.ok(listed.body.items.every((e: MemberItem) => e.jurisdiction === "SA" && e.status === "registered"));
      const again = await sa.post("/employers", { employer });
      assert.equal(again.status, 422);
      assert.equal(again.body.detail, `${getAddress(employer)} is already registered in SA`);

      assert.equal((await sa.post(`/employers/${employer}/deregister`, {})).status, 200);
      const after = await sa.get("/employers?limit=200");
      assert.equal(after.body.items.find((e: MemberItem) => e.account === employer)?.status, "deregistered");
      assert.ok(
        !(await sa.get("/employers?status=registered&limit=200")).body.items.some(
          (e: MemberItem) => e.account === employer,
        ),
      );
    });

    it("an authority grants and revokes an insurer, scoped to its own country", async () => {
      const insurer = Wallet.createRandom().address.toLowerCase();
      assert.equal((await ph.post("/insurers", { insurer })).status, 201);
      const listed = await ph.get("/insurers?jurisdiction=PH&limit=200");
      assert.ok(listed.body.items.some((i: MemberItem) => i.account === insurer && i.status === "registered"));
      const foreign = await sa.post(`/insurers/${insurer}/revoke`, {});
      assert.equal(foreign.status, 422, "another country cannot revoke it");
      assert.equal((await ph.post(`/insurers/${insurer}/revoke`, {})).status, 200);
      assert.equal(
        (await ph.get("/insurers?limit=200")).body.items.find((i: MemberItem) => i.account === insurer)?.status,
        "deregistered",
      );
    });
  });

  describe("corridor fee policies need both countries", () => {
    it("PH proposes PH-AE (pending), AE approves (active); the list filters by country and state", async () => {
      const ae = client(service.url, service.apiKeys.authorityAE);
      const proposed = await ph.post("/corridors/PH-AE/policy/propose", { maxWorkerPaidFee: "0", currency: "PHP" });
      assert.equal(proposed.status, 201, JSON.stringify(proposed.body));
      const pending = await ph.get("/corridors?state=pending");
      const phAe = pending.body.items.find((c: CorridorItem) => c.corridor === "PH-AE");
      assert.deepEqual(phAe.pending, {
        maxWorkerPaidFee: "0",
        currency: "PHP",
        originApproved: true,
        destinationApproved: false,
      });
      assert.equal(phAe.active, null);

      const twice = await ph.post("/corridors/PH-AE/policy/approve", { maxWorkerPaidFee: "0", currency: "PHP" });
      assert.equal(twice.status, 422);
      assert.equal(
        twice.body.detail,
        "PH already approved corridor PH-AE's pending policy; the other side must approve",
      );

      const approved = await ae.post("/corridors/PH-AE/policy/approve", { maxWorkerPaidFee: "0", currency: "PHP" });
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
      assert.equal(approved.body.active.currency, "PHP");

      const ofAe = await ph.get("/corridors?country=AE&state=active");
      assert.deepEqual(ofAe.body.items.map((c: CorridorItem) => c.corridor).sort(), ["IN-AE", "PH-AE"]);
    });
  });

  describe("lists read from the chain", () => {
    it("agencies: status now, jurisdiction and window; pages of 1 give the same items as one page; a bad cursor or limit is refused", async () => {
      await licensedAgency();
      const whole = await ph.get("/agencies?limit=200");
      assert.equal(whole.status, 200);
      assert.ok(whole.body.items.length >= 3);
      const demoAgency = whole.body.items.find(
        (a: LicenceItem) => a.agency === ledger.demo.accounts.agency.address.toLowerCase(),
      );
      assert.equal(demoAgency.jurisdiction, "PH");
      assert.equal(typeof demoAgency.licence.validUntil, "string");
      const paged = await allPages(ph, "/agencies", 1);
      assert.deepEqual(paged.items, whole.body.items);
      assert.equal(paged.pages, whole.body.items.length);

      const ofIn = await ph.get("/agencies?jurisdiction=IN");
      assert.deepEqual(
        ofIn.body.items.map((a: LicenceItem) => a.agency),
        [ledger.demo.accounts.agencyIN.address.toLowerCase()],
      );
      assert.ok(
        (await ph.get("/licences?status=revoked&limit=200")).body.items.every(
          (l: LicenceItem) => l.status === "revoked",
        ),
      );

      assert.equal((await ph.get("/agencies?limit=201")).status, 400, "the limit has a maximum");
      assert.equal((await ph.get("/agencies?cursor=bm9wZQ")).status, 400);
      assert.equal((await ph.get("/agencies?colour=red")).status, 400, "unknown filters are refused, not ignored");
    });

    it("an agency's cases: commitment, corridor and status, nothing personal; other agencies may not list them", async () => {
      await caseWithAnchoredContract(service, ledger);
      const agency = ledger.demo.accounts.agency.address;
      const cases = await ph.get(`/agencies/${agency}/cases?corridor=PH-SA&status=open`);
      assert.equal(cases.status, 200, JSON.stringify(cases.body));
      assert.ok(cases.body.items.length >= 1);
      assert.deepEqual(Object.keys(cases.body.items[0]).sort(), [
        "caseCommitment",
        "closedAt",
        "contractVersions",
        "corridor",
        "openedAt",
        "receiptCount",
        "status",
      ]);
      assert.equal(cases.body.items[0].contractVersions, 1);
      assert.doesNotMatch(JSON.stringify(cases.body), /Maria|P1234567A/);
      assert.equal((await agencyApi.get(`/agencies/${agency}/cases`)).status, 200, "the agency itself may");
      const other = client(service.url, service.apiKeys.agencyIN);
      assert.equal((await other.get(`/agencies/${agency}/cases`)).status, 403);
      assert.equal((await ph.get(`/agencies/${agency}/cases?status=closed`)).body.items.length, 0);
    });

    it("a second reader of the same chain, with no database, lists the same (one truth)", async () => {
      const employer = Wallet.createRandom().address.toLowerCase();
      assert.equal((await sa.post("/employers", { employer })).status, 201);
      const fromService = (await sa.get("/employers?limit=200")).body.items;
      const provider = createProvider(ledger.chain.rpcUrl, ledger.manifest.chainId);
      try {
        const other = new RegistryReads(new Ledger(provider, ledger.manifest), 0);
        assert.deepEqual(await other.employers(), fromService);
        assert.deepEqual(await other.licences(), (await sa.get("/licences?limit=200")).body.items);
      } finally {
        provider.destroy();
      }
    });

    it("every list route is in OpenAPI with an example", async () => {
      const document = (await client(service.url).get("/openapi.json")).body;
      for (const path of LIST_ROUTES) {
        const example = document.paths[path]?.get?.responses?.["200"]?.content?.["application/json"]?.example;
        assert.ok(example, `${path} has an example`);
      }
      assert.ok(document.paths["/licences"].post, "POST /licences is still documented beside GET");
    });
  });
});
