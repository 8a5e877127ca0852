/**
 * Keys live in Veramo's SecretBox-encrypted store and DIDs in its database: a restarted service has the
 * same identities, signing keys and API keys, publishes nothing new, and still issues. Key rotation goes
 * through the DID registry.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createDidResolver } from "@fairledger/common/node";
import {
  SECRETS,
  caseWithAnchoredContract,
  client,
  decodeJwtPart,
  newHolderKey,
  serviceConfig,
  startDemoLedger,
  startService,
  tempDir,
  type DemoLedger,
  keyIdOf,
} from "./helpers.ts";
import { startIssuerService } from "../src/service.ts";
import { demoProvisioning } from "../../scripts/lib/demo-provisioning.mts";

describe("keys, DIDs and restarts", () => {
  let ledger: DemoLedger;
  const dataDir = tempDir();

  before(async () => {
    ledger = await startDemoLedger();
  });
  after(async () => {
    await ledger?.stop();
  });

  it("a restarted service keeps identities and signing keys, replaces the last start's API keys, and sends no new DID transactions", async () => {
    const first = await startService(ledger, dataDir);
    const before = {
      kid: first.principals.agency!.signingKid,
      apiKey: first.apiKeys.agency,
      did: first.principals.agency!.did,
    };
    const { caseId } = await caseWithAnchoredContract(first, ledger);
    await first.stop();
    const nonceBefore = await ledger.provider.getTransactionCount(ledger.demo.accounts.agency.address);

    const second = await startService(ledger, dataDir);
    try {
      assert.equal(second.principals.agency!.signingKid, before.kid);
      assert.equal(second.principals.agency!.did, before.did);
      // Keys are random and stored hashed (#11): a start cannot show the last start's key again, so it
      // makes a new one and revokes the old.
      assert.notEqual(second.apiKeys.agency, before.apiKey);
      assert.equal((await client(second.url, before.apiKey).get(`/cases/${caseId}`)).status, 401);
      assert.equal(
        await ledger.provider.getTransactionCount(ledger.demo.accounts.agency.address),
        nonceBefore,
        "no DID registry transaction on restart",
      );
      const issued = await client(second.url, second.apiKeys.agency).post("/credentials/issue", {
        credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
        options: { caseId, holderJwk: newHolderKey().jwk },
      });
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      assert.equal(keyIdOf(decodeJwtPart(issued.body.credential, 0).kid), before.kid);
      const verified = await client(second.url).post("/credentials/verify", {
        verifiableCredential: issued.body.credential,
      });
      assert.ok(
        verified.body.checks.find((c: { id: string }) => c.id === "issuer-signature")?.passed,
        JSON.stringify(verified.body.checks),
      );
    } finally {
      await second.stop();
    }
  });

  it("a write interrupted by a crash can be retried with its Idempotency-Key after restart", async () => {
    const service = await startService(ledger, dataDir);
    // What a crash mid-request leaves behind: the key recorded, no answer stored.
    service.context.db
      .prepare("INSERT INTO idempotency (principal_id, key, request_hash, created_at) VALUES (?, ?, ?, ?)")
      .run(service.principals.agency!.id, "interrupted-0001", "x", Date.now());
    await service.stop();
    const restarted = await startService(ledger, dataDir);
    try {
      const retry = await client(restarted.url, restarted.apiKeys.agency).post(
        "/cases",
        {
          corridor: "PH-SA",
          employer: ledger.demo.accounts.employer.address,
          worker: { name: "A", passportNumber: "B", birthDate: "1990-01-01", nationality: "PH" },
        },
        { "idempotency-key": "interrupted-0001" },
      );
      assert.equal(retry.status, 201, JSON.stringify(retry.body));
    } finally {
      await restarted.stop();
    }
  });

  it("private keys are encrypted at rest: the Veramo database holds no key in clear", async () => {
    const service = await startService(ledger, dataDir);
    await service.stop();
    const raw =
      readFileSync(join(dataDir, "veramo.sqlite")).toString("latin1") +
      (existsSync(join(dataDir, "veramo.sqlite-wal"))
        ? readFileSync(join(dataDir, "veramo.sqlite-wal")).toString("latin1")
        : "");
    const agencyKey = ledger.demo.accounts.agency.privateKey.slice(2);
    assert.equal(raw.includes(agencyKey), false);
  });

  it("a wrong KMS secret cannot open the stored keys", async () => {
    await assert.rejects(
      startIssuerService(serviceConfig(ledger, dataDir, { secrets: { ...SECRETS, kmsSecretKey: "c3".repeat(32) } }), {
        provision: demoProvisioning(ledger.demo.accounts),
      }),
    );
  });

  it("rotates the signing key through the DID registry: new delegate issues, the old one is revoked", async () => {
    const service = await startService(ledger, dataDir);
    try {
      const api = client(service.url, service.apiKeys.agency);
      const old = service.principals.agency!.signingKid;
      const rotated = await api.post("/identity/key-rotation", {});
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
      assert.notEqual(rotated.body.signingKid, old);
      const resolved = await createDidResolver(ledger.manifest, ledger.chain.rpcUrl).resolve(
        service.principals.agency!.did,
      );
      const ids = (resolved.didDocument?.verificationMethod ?? []).map((vm) => vm.id);
      assert.ok(ids.includes(rotated.body.signingKid));
      assert.equal(ids.includes(old), false, "the previous key is revoked in the registry");
      const { caseId } = await caseWithAnchoredContract(service, ledger);
      const issued = await api.post("/credentials/issue", {
        credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
        options: { caseId, holderJwk: newHolderKey().jwk },
      });
      assert.equal(keyIdOf(decodeJwtPart(issued.body.credential, 0).kid), rotated.body.signingKid);
      const verified = await client(service.url).post("/credentials/verify", {
        verifiableCredential: issued.body.credential,
      });
      assert.ok(verified.body.checks.find((c: { id: string }) => c.id === "issuer-signature")?.passed);
    } finally {
      await service.stop();
    }
  });

  it("a data directory that outlived its chain refuses to start on a new chain, even one redeployed at the same address", async () => {
    const dir = tempDir();
    const freshLedger = await startDemoLedger();
    try {
      const onFirst = await startService(ledger, dir);
      await onFirst.stop();
      // Same data directory, a brand-new chain: same chain id, accounts, addresses and code; another history.
      // Its credentials' anchors are not on this chain, so it is a chain reset to the operator, not a new start.
      assert.equal(freshLedger.manifest.contracts.FairLedger.address, ledger.manifest.contracts.FairLedger.address);
      await assert.rejects(
        startIssuerService(serviceConfig(freshLedger, dir), { provision: demoProvisioning(freshLedger.demo.accounts) }),
        (error: Error) => {
          assert.match(
            error.message,
            /^the chain at http:\/\/127\.0\.0\.1:\d+ no longer holds the FairLedger deployment at 0x[0-9a-fA-F]{40} \(chain reset\?\): block \d+ \(the deployment block\) has another hash/,
          );
          return true;
        },
      );
    } finally {
      await freshLedger.stop();
    }
  });

  it("stops at boot with a message naming a bad setting", async () => {
    await assert.rejects(
      startIssuerService(serviceConfig(ledger, tempDir(), { port: "eighty", secrets: { kmsSecretKey: "short" } })),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, "ERR_CONFIG_INVALID");
        assert.match(error.message, /port/);
        assert.match(error.message, /secrets\.kmsSecretKey/);
        assert.match(error.message, /secrets\.dataMasterKey/);
        return true;
      },
    );
  });
});
