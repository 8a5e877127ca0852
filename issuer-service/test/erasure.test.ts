/**
 * Erasure by crypto-shredding: the case key and commitment salt are destroyed, nothing the service still
 * holds about the worker can be decrypted, the API says the data is gone, and the audit log records it.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ChainTrustSource, verifyPresentationText } from "@fairledger/verifier";
import { CaseVault } from "../src/store/case-vault.ts";
import {
  SECRETS,
  WORKER,
  caseWithAnchoredContract,
  client,
  newHolderKey,
  pickUp,
  present,
  proofJwt,
  waitFor,
  useDemoService,
} from "./helpers.ts";

describe("erasure", () => {
  const demo = useDemoService();

  it("personal data is encrypted at rest: no worker data in clear in the database", async () => {
    await caseWithAnchoredContract(demo.service, demo.ledger);
    const db = demo.service.context.db;
    const blobs = db.prepare("SELECT ciphertext FROM case_blobs").all() as { ciphertext: Buffer }[];
    assert.ok(blobs.length >= 3);
    for (const blob of blobs) assert.equal(blob.ciphertext.includes(Buffer.from(WORKER.passportNumber)), false);
  });

  it("after erasure the stored data cannot be decrypted, the API answers 410, and the audit log says so", async () => {
    const { caseId, api } = await caseWithAnchoredContract(demo.service, demo.ledger);
    const { credential } = await pickUp(demo.service, api, caseId, newHolderKey());
    const db = demo.service.context.db;
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

    assert.equal(
      (db.prepare("SELECT COUNT(*) AS n FROM case_keys WHERE case_id = ?").get(caseId) as { n: number }).n,
      0,
    );
    assert.equal(
      (db.prepare("SELECT COUNT(*) AS n FROM case_blobs WHERE case_id = ?").get(caseId) as { n: number }).n,
      0,
    );
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
    assert.equal(
      (await api.post(`/cases/${caseId}/offers`, { credentialType: "EmploymentContractCredential" })).status,
      410,
    );
    assert.equal((await api.post(`/cases/${caseId}/erasure`, { reason: "again" })).status, 410);

    const entry = db.prepare("SELECT * FROM audit_log WHERE action = 'case.erased' AND subject = ?").get(caseId) as
      { actor: string; detail: string } | undefined;
    assert.ok(entry);
    assert.equal(entry.actor, demo.service.principals.agency!.did);
    assert.match(entry.detail, /case data key/);

    // The digest (a hash, nothing personal) stays anchored and checkable.
    const anchor = await waitFor(async () => {
      const response = await client(demo.service.url).get(`/credentials/${credential.digest}/anchor`);
      return response.body.status === "anchored" ? response.body : undefined;
    }, "anchor after erasure");
    assert.equal(anchor.status, "anchored");
  });

  it("the worker keeps the proof: a credential picked up before erasure still verifies; the issuer no longer serves it; revocation stays the worker's call", async () => {
    const { caseId, api } = await caseWithAnchoredContract(demo.service, demo.ledger);
    const holder = newHolderKey();
    const { token, credential } = await pickUp(demo.service, api, caseId, holder);
    const anchor = await waitFor(async () => {
      const response = await client(demo.service.url).get(`/credentials/${credential.digest}/anchor`);
      return response.body.status === "anchored" ? response.body.anchor : undefined;
    }, "anchoring");

    assert.equal(
      (await api.post(`/cases/${caseId}/erasure`, { reason: "worker request (ILO C181 Art. 6)" })).status,
      200,
    );

    // A border officer checks the worker's presentation after the agency erased the case, with a verifier
    // of its own (no cache: each check asks the chain afresh).
    const verify = async (nonce: string) => {
      const request = { aud: "did:web:border.example", nonce };
      const presentation = present(credential.credential, holder, ["employerName", "jobTitle"], request);
      const envelope = { type: "FairLedgerPresentation", version: 1, format: "vc+sd-jwt", presentation, anchor };
      const trust = new ChainTrustSource({
        rpcUrl: demo.ledger.chain.rpcUrl,
        manifest: demo.service.context.ledger.manifest,
        cacheTtlMs: 0,
      });
      try {
        return await verifyPresentationText(JSON.stringify(envelope), {
          trust,
          audience: request.aud,
          nonce: request.nonce,
          requiredClaims: ["employerName", "jobTitle"],
          requirePresentation: true,
        });
      } finally {
        trust.destroy();
      }
    };
    const afterErasure = await verify("erased-case-nonce-1");
    assert.equal(afterErasure.verified, true, JSON.stringify(afterErasure.checks, null, 1));
    assert.equal(
      (await client(demo.service.url).get(`/credentials/${credential.digest}/status`)).body.status,
      "active",
    );

    // The issuer holds no copy any more: the wallet's retry of the same pickup gets nothing.
    const again = await client(demo.service.url).post(
      "/credential",
      {
        format: "vc+sd-jwt",
        proof: { proof_type: "jwt", jwt: proofJwt(holder, { aud: demo.service.url, nonce: token.c_nonce }) },
      },
      { authorization: `Bearer ${token.access_token}` },
    );
    assert.ok(again.status === 401 || again.status === 410, JSON.stringify(again.body));
    assert.equal(JSON.stringify(again.body).includes(credential.credential), false);

    // Should the worker ask, the agency can still revoke it by digest (nothing personal is needed for that).
    const revoked = await api.post(`/credentials/${credential.digest}/status`, { status: "revoked", reasonCode: 7 });
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    const afterRevocation = await verify("erased-case-nonce-2");
    assert.equal(afterRevocation.verified, false);
    const notRevoked = afterRevocation.checks.find((check) => check.id === "not-revoked");
    assert.equal(notRevoked?.passed, false, JSON.stringify(afterRevocation.checks));
    assert.ok(afterErasure.checks.find((check) => check.id === "not-revoked")?.passed);
  });
});
