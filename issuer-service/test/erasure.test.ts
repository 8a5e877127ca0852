/**
 * Erasure by crypto-shredding: the case key and commitment salt are destroyed, nothing the service still
 * holds about the worker can be decrypted, the API says the data is gone, and the audit log records it.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { CaseVault } from "../src/store/case-vault.ts";
import {
  SECRETS,
  WORKER,
  caseWithAnchoredContract,
  client,
  newHolderKey,
  pickUp,
  startDemoLedger,
  startService,
  waitFor,
  type DemoLedger,
} from "./helpers.ts";
import type { IssuerService } from "../src/service.ts";

describe("erasure", () => {
  let ledger: DemoLedger;
  let service: IssuerService;

  before(async () => {
    ledger = await startDemoLedger();
    service = await startService(ledger);
  });
  after(async () => {
    await service?.stop();
    await ledger?.stop();
  });

  it("personal data is encrypted at rest: no worker data in clear in the database", async () => {
    await caseWithAnchoredContract(service, ledger);
    const db = service.context.db;
    const blobs = db.prepare("SELECT ciphertext FROM case_blobs").all() as { ciphertext: Buffer }[];
    assert.ok(blobs.length >= 3);
    for (const blob of blobs) assert.equal(blob.ciphertext.includes(Buffer.from(WORKER.passportNumber)), false);
  });

  it("after erasure the stored data cannot be decrypted, the API answers 410, and the audit log says so", async () => {
    const { caseId, api } = await caseWithAnchoredContract(service, ledger);
    const { credential } = await pickUp(service, api, caseId, newHolderKey());
    const db = service.context.db;
    const ciphertexts = db.prepare("SELECT name, ciphertext FROM case_blobs WHERE case_id = ?").all(caseId) as {
      name: string;
      ciphertext: Buffer;
    }[];
    assert.ok(ciphertexts.some((c) => c.name === "worker"));
    assert.ok(ciphertexts.some((c) => c.name === `credential:${credential.digest}`));
    const vault = new CaseVault(db, SECRETS.dataMasterKey);
    assert.equal(JSON.parse(vault.get(caseId, "worker")!.toString()).passportNumber, WORKER.passportNumber);

    const erased = await api.post(`/cases/${caseId}/erasure`, { reason: "worker request (ILO C181 Art. 6)" });
    assert.equal(erased.status, 200, JSON.stringify(erased.body));
    assert.equal(erased.body.erased, true);

    assert.equal((db.prepare("SELECT COUNT(*) AS n FROM case_keys WHERE case_id = ?").get(caseId) as { n: number }).n, 0);
    assert.equal((db.prepare("SELECT COUNT(*) AS n FROM case_blobs WHERE case_id = ?").get(caseId) as { n: number }).n, 0);
    // Even a copy of the old ciphertext (a backup) is useless: its key is gone.
    for (const { name, ciphertext } of ciphertexts) {
      db.prepare("INSERT INTO case_blobs (case_id, name, ciphertext) VALUES (?, ?, ?)").run(caseId, name, ciphertext);
    }
    assert.throws(
      () => vault.get(caseId, "worker"),
      (error: { code?: string }) => error.code === "ERR_DATA_ERASED",
    );
    db.prepare("DELETE FROM case_blobs WHERE case_id = ?").run(caseId);

    const issue = await api.post("/credentials/issue", {
      credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
      options: { caseId, holderJwk: newHolderKey().jwk },
    });
    assert.equal(issue.status, 410);
    assert.equal(issue.body.code, "ERR_DATA_ERASED");
    assert.equal((await api.post(`/cases/${caseId}/offers`, { credentialType: "EmploymentContractCredential" })).status, 410);
    assert.equal((await api.post(`/cases/${caseId}/erasure`, { reason: "again" })).status, 410);

    const entry = db.prepare("SELECT * FROM audit_log WHERE action = 'case.erased' AND subject = ?").get(caseId) as
      { actor: string; detail: string } | undefined;
    assert.ok(entry);
    assert.equal(entry.actor, service.principals.agency!.did);
    assert.match(entry.detail, /case data key/);

    // The digest (a hash, nothing personal) stays anchored and checkable.
    const anchor = await waitFor(async () => {
      const response = await client(service.url).get(`/credentials/${credential.digest}/anchor`);
      return response.body.status === "anchored" ? response.body : undefined;
    }, "anchor after erasure");
    assert.equal(anchor.status, "anchored");
  });
});
