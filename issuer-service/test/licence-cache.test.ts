/**
 * The licence-status cache: a "licensed" answer from the chain is reused for `licenceCacheMs`, a
 * refusal never is, and a suspension made on chain outside this service is seen once the TTL has
 * passed (clock injected, no waiting).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Wallet } from "ethers";
import { fairLedgerContract } from "@fairledger/common";
import { LicenceStatusCache } from "../src/chain/licence-cache.ts";
import { caseWithAnchoredContract, client, newHolderKey, useDemoService } from "./helpers.ts";

const AGENCY = "0x00000000000000000000000000000000000000aa";

describe("licence status cache (unit)", () => {
  it("reuses a licensed answer within the TTL and asks again after it", async () => {
    let now = 1_000_000;
    let asked = 0;
    const cache = new LicenceStatusCache(5_000, () => now);
    const ask = async () => (asked++, true);
    assert.equal(await cache.isLicensedNow(AGENCY, "PH", ask), true);
    now += 4_999;
    assert.equal(await cache.isLicensedNow(AGENCY, "PH", ask), true);
    assert.equal(asked, 1, "second answer came from the cache");
    now += 1;
    assert.equal(await cache.isLicensedNow(AGENCY, "PH", ask), true);
    assert.equal(asked, 2, "asked again once the TTL passed");
  });

  it("never caches a refusal, nor a failed call", async () => {
    let asked = 0;
    const cache = new LicenceStatusCache(60_000, () => 0);
    const refuse = async () => (asked++, false);
    assert.equal(await cache.isLicensedNow(AGENCY, "PH", refuse), false);
    assert.equal(await cache.isLicensedNow(AGENCY, "PH", refuse), false);
    assert.equal(asked, 2);
    await assert.rejects(cache.isLicensedNow(AGENCY, "PH", async () => Promise.reject(new Error("chain down"))));
    assert.equal(await cache.isLicensedNow(AGENCY, "PH", async () => (asked++, true)), true);
    assert.equal(asked, 3, "the failed call left nothing behind");
  });

  it("concurrent callers share one chain call; a call under way when the licence changed is not remembered", async () => {
    const calls: ((licensed: boolean) => void)[] = [];
    const slow = () => new Promise<boolean>((resolve) => calls.push(resolve));
    const cache = new LicenceStatusCache(60_000, () => 0);
    const both = [cache.isLicensedNow(AGENCY, "PH", slow), cache.isLicensedNow(AGENCY, "PH", slow)];
    assert.equal(calls.length, 1, "one call for both");
    calls[0]!(true);
    assert.deepEqual(await Promise.all(both), [true, true]);

    cache.forget(AGENCY);
    const before = cache.isLicensedNow(AGENCY, "PH", slow); // asked before the suspension below
    cache.forget(AGENCY); // e.g. suspended through this service while that call was under way
    const after = cache.isLicensedNow(AGENCY, "PH", slow);
    assert.equal(calls.length, 3, "a caller after the change does not join the call made before it");
    calls[1]!(true); // the chain answered the earlier call before the suspension was mined
    calls[2]!(false);
    assert.equal(await before, true);
    assert.equal(await after, false);
    const next = cache.isLicensedNow(AGENCY, "PH", slow);
    assert.equal(calls.length, 4, "the earlier call's 'licensed' was not remembered");
    calls[3]!(false);
    assert.equal(await next, false);
  });

  it("keys by agency and jurisdiction, forgets on demand, and is off at TTL 0", async () => {
    let asked = 0;
    const ask = async () => (asked++, true);
    const cache = new LicenceStatusCache(60_000, () => 0);
    await cache.isLicensedNow(AGENCY, "PH", ask);
    await cache.isLicensedNow(AGENCY, "IN", ask);
    assert.equal(asked, 2, "another jurisdiction is another question");
    cache.forget(AGENCY.toUpperCase().replace("0X", "0x"));
    await cache.isLicensedNow(AGENCY, "PH", ask);
    assert.equal(asked, 3, "forgotten");
    const off = new LicenceStatusCache(0, () => 0);
    await off.isLicensedNow(AGENCY, "PH", ask);
    await off.isLicensedNow(AGENCY, "PH", ask);
    assert.equal(asked, 5);
  });
});

describe("licence status cache in the service", () => {
  const demo = useDemoService({ options: () => ({ now: () => now }), overrides: () => ({ licenceCacheMs: 60_000 }) });
  let now = Date.now();

  it("an agency suspended on chain (not through this service) issues until the TTL ends, then is refused", async () => {
    const { caseId, api } = await caseWithAnchoredContract(demo.service, demo.ledger);
    const issue = () =>
      api.post("/credentials/issue", {
        credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
        options: { caseId, holderJwk: newHolderKey().jwk },
      });
    assert.equal((await issue()).status, 201, "licensed: the answer is now cached");
    const authority = fairLedgerContract(
      demo.ledger.manifest,
      new Wallet(demo.ledger.demo.accounts.authorityPH!.privateKey, demo.ledger.provider as never) as never,
    );
    const agency = demo.service.principals.agency!.address;
    // A fixed gas limit: an estimate made in a block with the last checkpoint's timestamp can fall short
    // once the transaction lands in a later block (see src/chain/gas-margin-wallet.ts).
    await (await authority.getFunction("suspendLicence")(agency, 2, { gasLimit: 200_000 })).wait();
    try {
      assert.equal((await issue()).status, 201, "within the TTL the cached answer is used (the documented trade-off)");
      now += 60_000;
      const refused = await issue();
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.equal(refused.body.code, "ERR_AGENCY_NOT_LICENSED");
      assert.equal((await issue()).status, 403, "a refusal is not cached as anything else either");
    } finally {
      await (await authority.getFunction("reinstateLicence")(agency, { gasLimit: 200_000 })).wait();
    }
    assert.equal((await issue()).status, 201, "reinstated: a refusal was never cached");
  });

  it("a suspension made through this service takes effect at once, whatever the TTL", async () => {
    const { caseId, api } = await caseWithAnchoredContract(demo.service, demo.ledger);
    const agencyDid = demo.service.principals.agency!.did;
    const authority = client(demo.service.url, demo.service.apiKeys.authorityPH);
    assert.equal(
      (await authority.post(`/licences/${agencyDid}/status`, { status: "suspended", reasonCode: 2 })).status,
      200,
    );
    try {
      const refused = await api.post("/credentials/issue", {
        credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
        options: { caseId, holderJwk: newHolderKey().jwk },
      });
      assert.equal(refused.body.code, "ERR_AGENCY_NOT_LICENSED");
    } finally {
      assert.equal((await authority.post(`/licences/${agencyDid}/status`, { status: "active" })).status, 200);
    }
  });
});
