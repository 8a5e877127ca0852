/**
 * Erasure that erases on disk, not only through the API: after `POST /cases/{id}/erasure` no file in the
 * data directory (database, -wal, -shm, the key store, anything else the service wrote) holds the
 * worker's name, passport number or birth date in any encoding that needs no key, nor the case's key
 * material; an idempotent replay of an erased case's request answers 410 instead of a stale body.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  caseWithAnchoredContract,
  client,
  newHolderKey,
  pickUp,
  startDemoLedger,
  startService,
  tempDir,
  type DemoLedger,
} from "./helpers.ts";
import { findInFiles } from "./support/disk-scan.ts";
import type { IssuerService } from "../src/service.ts";

/** A worker whose every value is distinctive, so a hit in a scan can only come from this case. */
const WORKER = {
  name: "Quilleran Zabrovska-Tumelo",
  passportNumber: "QZ7Y4K9182",
  birthDate: "1983-07-29",
  nationality: "PH",
};
const PERSONAL = { name: WORKER.name, passportNumber: WORKER.passportNumber, birthDate: WORKER.birthDate };
const contractOf = (caseId: string) =>
  `Employment contract ${caseId}\nWorker: ${WORKER.name}, passport ${WORKER.passportNumber}, born ${WORKER.birthDate}\n`;

describe("erasure on disk", () => {
  let ledger: DemoLedger;
  let service: IssuerService;
  let dataDir: string;

  before(async () => {
    ledger = await startDemoLedger();
    dataDir = join(tempDir(), "data");
    service = await startService(ledger, dataDir);
  });
  after(async () => {
    await service?.stop();
    await ledger?.stop();
  });

  /** A case of WORKER with a credential issued through the API (both formats) and one picked up by a wallet. */
  async function caseWithCredentials() {
    const { caseId, api } = await caseWithAnchoredContract(service, ledger, undefined, {
      worker: WORKER,
      document: contractOf,
    });
    const requests = (["vc+sd-jwt", "vc-jwt"] as const).map((format) => ({
      body: {
        credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
        options: { caseId, holderJwk: newHolderKey().jwk, format },
      },
      headers: { "idempotency-key": `issue-${format.replace("+", "-")}-${caseId}` },
    }));
    for (const request of requests) {
      const issued = await api.post("/credentials/issue", request.body, request.headers);
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
    }
    await pickUp(service, api, caseId, newHolderKey());
    return { caseId, api, requests };
  }

  it("after erasure no file holds the worker's name, passport number or birth date (UTF-8, UTF-16LE/BE, base64)", async () => {
    const { caseId, api } = await caseWithCredentials();
    // The scan sees what is stored in clear: the case id is (control), so a miss below is not blindness.
    assert.ok(findInFiles(dataDir, { caseId }).length > 0, "the scan finds the case id stored in clear");

    const erased = await api.post(`/cases/${caseId}/erasure`, { reason: "worker request (ILO C181 Art. 6)" });
    assert.equal(erased.status, 200, JSON.stringify(erased.body));
    assert.deepEqual(findInFiles(dataDir, PERSONAL), [], "while the service runs");
    await service.stop();
    assert.deepEqual(findInFiles(dataDir, PERSONAL), [], "after it stopped");
    service = await startService(ledger, dataDir);
  });

  it("after erasure no file holds the case's wrapped data key, commitment salt or any of its ciphertexts", async () => {
    const { caseId, api } = await caseWithCredentials();
    const db = service.context.db;
    const key = db.prepare("SELECT wrapped_key, commitment_salt FROM case_keys WHERE case_id = ?").get(caseId) as {
      wrapped_key: Buffer;
      commitment_salt: Buffer;
    };
    const blobs = db.prepare("SELECT name, ciphertext FROM case_blobs WHERE case_id = ?").all(caseId) as {
      name: string;
      ciphertext: Buffer;
    }[];
    const material: Record<string, Buffer> = { wrappedKey: key.wrapped_key, commitmentSalt: key.commitment_salt };
    // The first 48 bytes (IV, tag, start of the body) of each ciphertext: unique to it and never split across pages.
    for (const blob of blobs) material[`ciphertext ${blob.name}`] = blob.ciphertext.subarray(0, 48);
    assert.ok(
      findInFiles(dataDir, material).length >= Object.keys(material).length,
      "before erasure the scan finds them all",
    );

    const erased = await api.post(`/cases/${caseId}/erasure`, { reason: "worker request" });
    assert.equal(erased.status, 200, JSON.stringify(erased.body));
    assert.deepEqual(findInFiles(dataDir, material), [], "deleted rows are overwritten and the WAL keeps no old page");
  });

  it("an idempotent replay of an erased case's issuance answers 410 (case erased), not the stored credential", async () => {
    const { caseId, api, requests } = await caseWithCredentials();
    const replayed = await api.post("/credentials/issue", requests[0]!.body, requests[0]!.headers);
    assert.equal(replayed.status, 201);
    assert.equal(replayed.headers.get("idempotent-replayed"), "true");

    assert.equal((await api.post(`/cases/${caseId}/erasure`, { reason: "worker request" })).status, 200);
    for (const request of requests) {
      const afterErasure = await api.post("/credentials/issue", request.body, request.headers);
      assert.equal(afterErasure.status, 410, JSON.stringify(afterErasure.body));
      assert.equal(afterErasure.body.code, "ERR_DATA_ERASED");
      assert.equal(JSON.stringify(afterErasure.body).includes('credential":'), false);
    }
    // Even with another body under the same key: the key belonged to an erased case.
    const other = await api.post(
      "/credentials/issue",
      { ...requests[0]!.body, options: { caseId, holderJwk: newHolderKey().jwk } },
      requests[0]!.headers,
    );
    assert.equal(other.status, 410);
    assert.equal((await client(service.url, service.apiKeys.agency).get(`/cases/${caseId}`)).body.erased, true);
  });
});
