/**
 * Nothing that grants access is stored in clear, and nobody but the service's user can read its files:
 * pickup codes, access tokens, c_nonces and API keys never reach a file (only their hashes do); a lost
 * offer answer replayed by its Idempotency-Key gets a fresh code that replaces the old one; the data
 * directory is 0700 and every file in it 0600.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import {
  caseWithAnchoredContract,
  client,
  newHolderKey,
  proofJwt,
  startService,
  tempDir,
  useDemoService,
} from "./helpers.ts";
import { filesUnder, findInFiles } from "./support/disk-scan.ts";

const PRE_AUTHORIZED = "urn:ietf:params:oauth:grant-type:pre-authorized_code";
const mode = (path: string) => statSync(path).mode & 0o777;

describe("secrets at rest", () => {
  const demo = useDemoService({ dataDir: () => join(tempDir(), "data") });

  it("no pickup code, access token, c_nonce or API key appears in any file", async () => {
    const { caseId, api } = await caseWithAnchoredContract(demo.service, demo.ledger);
    const offer = await api.post(
      `/cases/${caseId}/offers`,
      { credentialType: "EmploymentContractCredential" },
      { "idempotency-key": `offer-${caseId}` },
    );
    assert.equal(offer.status, 201, JSON.stringify(offer.body));
    const code: string = offer.body.preAuthorizedCode;
    assert.deepEqual(findInFiles(demo.dataDir, { code }), [], "the code of a live offer");
    // Nor a plain hash of it: ~49.5 bits would fall to brute force by whoever reads the database.
    const plainHash = createHash("sha256").update(code, "utf8").digest("hex");
    const offers = demo.service.context.db.prepare("SELECT code_hash FROM offers WHERE case_id = ?").all(caseId) as {
      code_hash: string;
    }[];
    assert.equal(offers.length, 1);
    assert.notEqual(offers[0]!.code_hash, plainHash);

    const wallet = client(demo.service.url);
    const token = await wallet.post("/token", { grant_type: PRE_AUTHORIZED, "pre-authorized_code": code });
    assert.equal(token.status, 200, JSON.stringify(token.body));
    const secrets = {
      code,
      accessToken: token.body.access_token as string,
      cNonce: token.body.c_nonce as string,
      ...demo.service.apiKeys,
    };
    assert.deepEqual(findInFiles(demo.dataDir, secrets), [], "after the token exchange");

    const holder = newHolderKey();
    const credential = await wallet.post(
      "/credential",
      {
        format: "vc+sd-jwt",
        proof: { proof_type: "jwt", jwt: proofJwt(holder, { aud: demo.service.url, nonce: secrets.cNonce }) },
      },
      { authorization: `Bearer ${secrets.accessToken}` },
    );
    assert.equal(credential.status, 200, JSON.stringify(credential.body));
    assert.deepEqual(findInFiles(demo.dataDir, secrets), [], "after the credential was picked up");
  });

  it("a replayed offer answers a fresh code that replaces the lost one; once redeemed it is not shown again", async () => {
    const { caseId, api } = await caseWithAnchoredContract(demo.service, demo.ledger);
    const headers = { "idempotency-key": `offer-replay-${caseId}` };
    const body = { credentialType: "EmploymentContractCredential" };
    const first = await api.post(`/cases/${caseId}/offers`, body, headers);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const replay = await api.post(`/cases/${caseId}/offers`, body, headers);
    assert.equal(replay.status, 201, JSON.stringify(replay.body));
    assert.equal(replay.headers.get("idempotent-replayed"), "true");
    assert.notEqual(replay.body.preAuthorizedCode, first.body.preAuthorizedCode);
    assert.equal(replay.body.expiresAt, first.body.expiresAt, "the offer keeps its expiry");
    assert.ok(replay.body.credentialOfferUri.includes(replay.body.preAuthorizedCode));
    const count = demo.service.context.db.prepare("SELECT COUNT(*) AS n FROM offers WHERE case_id = ?").get(caseId) as {
      n: number;
    };
    assert.equal(count.n, 1, "still one offer");

    const wallet = client(demo.service.url);
    const old = await wallet.post("/token", {
      grant_type: PRE_AUTHORIZED,
      "pre-authorized_code": first.body.preAuthorizedCode,
    });
    assert.equal(old.status, 400);
    assert.equal(old.body.error, "invalid_grant");
    assert.equal(old.body.reason, "unknown", "the replaced code is no code any more");
    const fresh = await wallet.post("/token", {
      grant_type: PRE_AUTHORIZED,
      "pre-authorized_code": replay.body.preAuthorizedCode,
    });
    assert.equal(fresh.status, 200, JSON.stringify(fresh.body));

    const afterRedemption = await api.post(`/cases/${caseId}/offers`, body, headers);
    assert.equal(afterRedemption.status, 409, JSON.stringify(afterRedemption.body));
    assert.equal(afterRedemption.body.code, "ERR_CONFLICT");
  });

  it("the data directory is 0700 and every file in it 0600", async () => {
    const { caseId, api } = await caseWithAnchoredContract(demo.service, demo.ledger);
    assert.equal(
      (await api.post(`/cases/${caseId}/offers`, { credentialType: "EmploymentContractCredential" })).status,
      201,
    );
    assert.equal(mode(demo.dataDir), 0o700, `data directory mode ${mode(demo.dataDir).toString(8)}`);
    const files = filesUnder(demo.dataDir);
    assert.ok(
      files.some((file) => file.endsWith("issuer.sqlite-wal")) && files.some((file) => file.endsWith("veramo.sqlite")),
    );
    for (const file of files) assert.equal(mode(file), 0o600, `${file} has mode ${mode(file).toString(8)}`);
  });

  it("an existing data directory readable by others is tightened at start", async () => {
    const dir = join(tempDir(), "loose");
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, "notes.txt"), "left by an operator", { mode: 0o644 });
    chmodSync(join(dir, "notes.txt"), 0o644);
    const loose = await startService(demo.ledger, dir);
    try {
      assert.equal(mode(dir), 0o700);
      for (const file of filesUnder(dir)) assert.equal(mode(file), 0o600, `${file} has mode ${mode(file).toString(8)}`);
    } finally {
      await loose.stop();
    }
  });

  it("a data directory every user may write to is refused with a message naming it", async () => {
    const dir = join(tempDir(), "shared");
    mkdirSync(dir);
    chmodSync(dir, 0o1777);
    // (Should it start anyway, stop it, so the failure is reported instead of a hanging run.)
    const started = startService(demo.ledger, dir).then(async (unexpected) => unexpected.stop());
    await assert.rejects(started, (error: Error) => error.message.includes(dir) && /every user/.test(error.message));
    assert.equal(mode(dir), 0o777, "left as it was");
  });
});
