/**
 * GET /audit-log (issue #14, the authority console): an authority reads what it did through this service,
 * newest first and paginated, from the rows the use cases record in the commit of each change. Each
 * authority sees only its own actions; an agency's key and an inspector's key are refused (403); a cursor
 * the service did not give out, a bad limit or an unknown parameter is refused in words (400).
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Wallet } from "ethers";
import { devWallet, DEMO_ROLES } from "../../scripts/lib/seed.mts";
import { client, useDemoService } from "./helpers.ts";

interface Entry {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  detail: Record<string, unknown> | null;
}

describe("GET /audit-log: an authority's own actions", { timeout: 120_000 }, () => {
  const demo = useDemoService();
  const ph = () => client(demo.service.url, demo.service.apiKeys.authorityPH);
  const sa = () => client(demo.service.url, demo.service.apiKeys.authoritySA);
  let agency: string;
  let inspectorKey: string;

  before(async () => {
    agency = Wallet.createRandom().address.toLowerCase();
    const issued = await ph().post("/licences", {
      agency,
      agencyName: "Audit Trail Manpower",
      licenceNumber: "PH-AUDIT-0001",
      validFrom: new Date(Date.now() - 86_400_000).toISOString(),
      validUntil: new Date(Date.now() + 365 * 86_400_000).toISOString(),
    });
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    const suspended = await ph().post(`/licences/${agency}/suspend`, { reason: "fees-charged-to-workers" });
    assert.equal(suspended.status, 200, JSON.stringify(suspended.body));
    const onboarded = await ph().post("/principals", {
      kind: "inspector",
      name: "PH labour inspectorate",
      privateKey: devWallet(DEMO_ROLES.inspector).privateKey,
    });
    assert.equal(onboarded.status, 201, JSON.stringify(onboarded.body));
    inspectorKey = onboarded.body.key.apiKey;
  });

  it("lists the authority's actions newest first: the onboarding, the suspension with its reason, the licence", async () => {
    const answer = await ph().get("/audit-log");
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const items = answer.body.items as Entry[];
    const actions = items.map((entry) => entry.action);
    const suspended = actions.indexOf("licence.suspended");
    const issued = actions.indexOf("licence.issued");
    const provisioned = actions.indexOf("principal.provisioned");
    assert.ok(provisioned >= 0 && suspended > provisioned && issued > suspended, actions.join(", "));
    assert.equal(items[suspended]!.subject, agency);
    assert.equal(items[suspended]!.detail?.reason, "fees-charged-to-workers");
    assert.ok(items.every((entry) => entry.actor === demo.service.principals.authorityPH!.did));
    assert.ok(
      items.every((entry, i) => i === 0 || entry.id < items[i - 1]!.id),
      "newest first",
    );
    assert.ok(items.every((entry) => !Number.isNaN(Date.parse(entry.at))));
    assert.doesNotMatch(JSON.stringify(items), /fl_|privateKey|apiKey/, "no key material in the log");
    assert.equal(answer.body.page.nextCursor, null);
  });

  it("another country's authority does not see them", async () => {
    const answer = await sa().get("/audit-log");
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const items = answer.body.items as Entry[];
    assert.ok(items.every((entry) => entry.actor === demo.service.principals.authoritySA!.did));
    assert.ok(!items.some((entry) => entry.subject === agency));
  });

  it("pages of one give the same entries as one page, following nextCursor", async () => {
    const whole = (await ph().get("/audit-log?limit=200")).body.items as Entry[];
    const paged: Entry[] = [];
    let cursor: string | null = null;
    do {
      const answer = await ph().get(`/audit-log?limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      paged.push(...(answer.body.items as Entry[]));
      cursor = answer.body.page.nextCursor;
    } while (cursor);
    assert.deepEqual(paged, whole);
    assert.ok(whole.length >= 3);
  });

  it("an agency's key and an inspector's key are refused (403); no key is 401", async () => {
    const asAgency = await client(demo.service.url, demo.service.apiKeys.agency).get("/audit-log");
    assert.equal(asAgency.status, 403);
    assert.equal(asAgency.body.code, "ERR_FORBIDDEN");
    const asInspector = await client(demo.service.url, inspectorKey).get("/audit-log");
    assert.equal(asInspector.status, 403);
    assert.equal(asInspector.body.code, "ERR_FORBIDDEN");
    assert.equal((await client(demo.service.url).get("/audit-log")).status, 401);
  });

  it("is in the OpenAPI document with its operationId, the API key and every refusal", async () => {
    const doc = (await client(demo.service.url).get("/openapi.json")).body;
    const operation = doc.paths["/audit-log"].get;
    assert.equal(operation.operationId, "listAuditLog");
    assert.deepEqual(operation.security, [{ apiKey: [] }]);
    for (const status of ["200", "400", "401", "403", "429"]) assert.ok(operation.responses[status], status);
  });

  it("a forged cursor, a bad limit and an unknown parameter are refused in words", async () => {
    const forged = await ph().get(`/audit-log?cursor=${Buffer.from("o1").toString("base64url")}`);
    assert.equal(forged.status, 400);
    assert.equal(forged.body.code, "ERR_INPUT_INVALID");
    assert.match(forged.body.detail, /cursor/);
    for (const query of ["limit=0", "limit=201", "limit=ten", "actor=did:ethr:0x1"]) {
      const refused = await ph().get(`/audit-log?${query}`);
      assert.equal(refused.status, 400, query);
      assert.equal(refused.body.code, "ERR_INPUT_INVALID", query);
    }
  });
});
