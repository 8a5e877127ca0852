/**
 * A batch the ledger refuses for good ends `rejected`: the agency's licence is suspended between issuing
 * and anchoring, so `anchorBatch` would revert with RecordsUnauthorizedAnchorer on every attempt. The
 * outbox stops retrying, marks the credentials, writes an audit entry and leaves the agency a notice;
 * once the licence is reinstated, new credentials anchor normally.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  caseWithAnchoredContract,
  client,
  newHolderKey,
  startDemoLedger,
  startService,
  tempDir,
  type DemoLedger,
} from "./helpers.ts";
import type { IssuerService } from "../src/service.ts";
import { isFinalRefusal } from "../src/anchoring/outbox.ts";
import { ServiceError } from "../src/errors.ts";

const ISSUE = (caseId: string) => ({
  credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
  options: { caseId, holderJwk: newHolderKey().jwk },
});

interface BatchRow {
  root: string;
  state: string;
  attempts: number;
  rejected_for: string | null;
}

describe("anchoring outbox: a refusal no retry can fix", () => {
  let ledger: DemoLedger;
  let service: IssuerService;

  before(async () => {
    ledger = await startDemoLedger();
    service = await startService(ledger, tempDir(), { manualAnchoring: true }, { batch: { size: 2, intervalMs: 10 } });
  });
  after(async () => {
    await service?.stop();
    await ledger?.stop();
  });

  const batches = () =>
    service.context.db
      .prepare("SELECT root, state, attempts, rejected_for FROM batches ORDER BY created_at")
      .all() as BatchRow[];

  async function issueTwo(caseId: string): Promise<string[]> {
    const api = client(service.url, service.apiKeys.agency!);
    const digests: string[] = [];
    for (let i = 0; i < 2; i++) {
      const issued = await api.post("/credentials/issue", ISSUE(caseId));
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      digests.push(issued.body.digest as string);
    }
    return digests.sort();
  }

  it("agency suspended between issuing and anchoring: the batch is rejected, not retried, the credentials say so, the agency is told", async () => {
    const { caseId } = await caseWithAnchoredContract(service, ledger);
    const digests = await issueTwo(caseId);
    const agency = ledger.demo.accounts.agency.address;
    const authority = client(service.url, service.apiKeys.authorityPH);
    const suspended = await authority.post(`/licences/${agency}/suspend`, { reason: "fraud" });
    assert.equal(suspended.status, 200, JSON.stringify(suspended.body));

    await service.context.outbox.runOnce();
    const [rejected] = batches();
    assert.equal(rejected?.state, "rejected");
    assert.equal(rejected?.rejected_for, "RecordsUnauthorizedAnchorer");
    assert.equal(rejected?.attempts, 1);

    // Terminal: later passes do not try again, whatever the backoff would have been.
    await service.context.outbox.runOnce();
    await service.context.outbox.runOnce();
    assert.deepEqual(batches(), [rejected]);

    const publicApi = client(service.url);
    for (const digest of digests) {
      const anchor = await publicApi.get(`/credentials/${digest}/anchor`);
      assert.equal(anchor.body.status, "rejected", JSON.stringify(anchor.body));
      assert.match(anchor.body.reason, /not allowed to anchor|not licensed|anchor/i);
      assert.equal((await publicApi.get(`/credentials/${digest}/status`)).body.status, "rejected");
    }

    const change = await client(service.url, service.apiKeys.agency!).post(`/credentials/${digests[0]}/status`, {
      status: "suspended",
    });
    assert.equal(change.status, 409, "a rejected credential has no status on chain to change");
    assert.match(change.body.detail, /will never be anchored/);

    const entry = service.context.db
      .prepare("SELECT actor, subject, detail FROM audit_log WHERE action = 'batch.rejected'")
      .get() as { actor: string; subject: string; detail: string } | undefined;
    assert.equal(entry?.subject, rejected.root);
    assert.equal(JSON.parse(entry.detail).chainError, "RecordsUnauthorizedAnchorer");

    const notices = await client(service.url, service.apiKeys.agency!).get("/notices");
    assert.equal(notices.status, 200, JSON.stringify(notices.body));
    assert.equal(notices.body.notices.length, 1);
    const [notice] = notices.body.notices;
    assert.equal(notice.kind, "anchoring-rejected");
    assert.equal(notice.subject, rejected.root);
    assert.deepEqual(notice.detail.credentials, digests);
    assert.match(notice.message, /will not be anchored/);
    assert.deepEqual(
      (await authority.get("/notices")).body.notices,
      [],
      "another principal does not see the agency's notices",
    );
    assert.equal((await client(service.url).get("/notices")).status, 401, "notices need an API key");
  });

  it("reinstated: new credentials anchor normally; the rejected batch stays rejected", async () => {
    const agency = ledger.demo.accounts.agency.address;
    const reinstated = await client(service.url, service.apiKeys.authorityPH).post(`/licences/${agency}/reinstate`, {});
    assert.equal(reinstated.status, 200, JSON.stringify(reinstated.body));
    const { caseId } = await caseWithAnchoredContract(service, ledger);
    const digests = await issueTwo(caseId);
    await service.context.outbox.runOnce();
    assert.deepEqual(
      batches().map((batch) => batch.state),
      ["rejected", "anchored"],
    );
    for (const digest of digests) {
      assert.equal((await client(service.url).get(`/credentials/${digest}/anchor`)).body.status, "anchored");
      assert.equal((await client(service.url).get(`/credentials/${digest}/status`)).body.status, "active");
    }
  });
});

describe("anchoring outbox: which failures are final", () => {
  const refusal = (chainError: string) =>
    new ServiceError("ERR_CHAIN_REJECTED", "refused", { chainError, chainErrorArgs: [] });

  it("final: the account may not anchor now, or the batch is malformed", () => {
    for (const name of ["RecordsUnauthorizedAnchorer", "LicensingNotLicensed", "RecordsEmptyBatch", "RecordsZeroHash"])
      assert.equal(isFinalRefusal(refusal(name)), true, name);
  });

  it("retried: an outage, a revert without data, an internal error, and a root already anchored (found on chain next pass)", () => {
    assert.equal(isFinalRefusal(new ServiceError("ERR_CHAIN_UNREACHABLE", "the ledger RPC is unreachable")), false);
    assert.equal(isFinalRefusal(refusal("unknown revert")), false);
    assert.equal(isFinalRefusal(new ServiceError("ERR_INTERNAL", "internal error in a ledger call")), false);
    assert.equal(isFinalRefusal(refusal("RecordsAlreadyAnchored")), false);
  });
});
