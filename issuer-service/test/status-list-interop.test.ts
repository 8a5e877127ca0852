/**
 * A verifier that knows only the Token Status List (draft-ietf-oauth-status-list-12), no FairLedger code:
 * it reads a credential's `status` with @sd-jwt/jwt-status-list, fetches the list token from its `uri`,
 * checks the token's signature with jose against the issuer's key as the stock did:ethr resolver finds it
 * (`kid` in the token header), and reads the credential's two bits. It sees a revocation and a
 * suspension made on chain, a reinstatement, and a licence credential's licence suspended by its authority.
 *
 * FairLedger's own verifier keeps the chain as its authority and, when given a way to fetch lists, says
 * when the list disagrees with the chain or cannot be used.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { getListFromStatusListJWT, getStatusListFromJWT } from "@sd-jwt/jwt-status-list";
import {
  caseWithAnchoredContract,
  client,
  decodeJwtPart,
  newHolderKey,
  pickUp,
  waitFor,
  useDemoService,
} from "./helpers.ts";
import { issuerKeyOfKid } from "./third-party-keys.ts";
import { ChainTrustSource, verifyPresentationText, type CheckResult } from "@fairledger/verifier";

describe("Token Status List: a verifier that knows only the list", () => {
  const demo = useDemoService();

  /** The status of `sdJwt` as a third party sees it: 0 valid, 1 invalid, 2 suspended. */
  async function thirdPartyStatus(sdJwt: string): Promise<number> {
    const { idx, uri } = getStatusListFromJWT(sdJwt);
    const response = await fetch(uri);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type")?.split(";")[0], "application/statuslist+jwt");
    const token = await response.text();
    const key = await issuerKeyOfKid(demo.ledger, String(decodeProtectedHeader(token).kid));
    const { payload } = await jwtVerify(token, key, { typ: "statuslist+jwt", subject: uri });
    assert.equal(payload.iss, decodeJwtPart(sdJwt, 1).iss, "the list is the credential issuer's");
    assert.equal(typeof payload.ttl, "number");
    assert.ok(typeof payload.exp === "number" && payload.exp > (payload.iat as number));
    const list = getListFromStatusListJWT(token);
    assert.equal(list.getBitsPerStatus(), 2);
    return list.getStatus(idx);
  }

  async function anchored(digest: string) {
    await waitFor(
      async () =>
        (await client(demo.service.url).get(`/credentials/${digest}/anchor`)).body.status === "anchored"
          ? true
          : undefined,
      "anchoring",
    );
  }

  it("sees a credential revoked on chain as invalid (1), and a suspension (2) lifted again (0)", async () => {
    const { caseId, api } = await caseWithAnchoredContract(demo.service, demo.ledger);
    const revoked = (await pickUp(demo.service, api, caseId, newHolderKey())).credential;
    const suspended = (await pickUp(demo.service, api, caseId, newHolderKey())).credential;
    await anchored(revoked.digest);
    await anchored(suspended.digest);
    assert.equal(await thirdPartyStatus(revoked.credential), 0);
    assert.equal(await thirdPartyStatus(suspended.credential), 0);

    assert.equal((await api.post(`/credentials/${revoked.digest}/status`, { status: "revoked" })).status, 200);
    assert.equal(await thirdPartyStatus(revoked.credential), 1);
    assert.equal(await thirdPartyStatus(suspended.credential), 0, "the other credential is untouched");

    assert.equal((await api.post(`/credentials/${suspended.digest}/status`, { status: "suspended" })).status, 200);
    assert.equal(await thirdPartyStatus(suspended.credential), 2);
    assert.equal((await api.post(`/credentials/${suspended.digest}/status`, { status: "active" })).status, 200);
    assert.equal(await thirdPartyStatus(suspended.credential), 0);
    assert.equal(await thirdPartyStatus(revoked.credential), 1, "revocation is final");
  });

  it("sees a licence credential as suspended (2) while its licence is suspended on chain, then valid again", async () => {
    const authority = client(demo.service.url, demo.service.apiKeys.authorityPH);
    const agency = demo.ledger.demo.accounts.unlicensedAgency.address;
    const now = Date.now();
    const issued = await authority.post("/licences", {
      agency,
      agencyName: "Status List Agency",
      licenceNumber: "DMW-2026-0777",
      validFrom: new Date(now - 3600_000).toISOString(),
      validUntil: new Date(now + 365 * 24 * 3600_000).toISOString(),
    });
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    assert.equal(await thirdPartyStatus(issued.body.credential), 0);
    const suspend = await authority.post(`/licences/${agency}/status`, { status: "suspended", reasonCode: 1 });
    assert.equal(suspend.status, 200, JSON.stringify(suspend.body));
    assert.equal(await thirdPartyStatus(issued.body.credential), 2);
    const reinstate = await authority.post(`/licences/${agency}/status`, { status: "active" });
    assert.equal(reinstate.status, 200, JSON.stringify(reinstate.body));
    assert.equal(await thirdPartyStatus(issued.body.credential), 0);
  });

  it("an unknown list is 404 problem+json, and the list route needs no API key", async () => {
    const response = await client(demo.service.url).get("/status-lists/no-such-list");
    assert.equal(response.status, 404);
  });
});

describe("Token Status List: FairLedger's verifier compares it with the chain", () => {
  const demo = useDemoService();

  async function anchoredCredential() {
    const { caseId, api } = await caseWithAnchoredContract(demo.service, demo.ledger);
    const { credential } = await pickUp(demo.service, api, caseId, newHolderKey());
    const anchor = await waitFor(async () => {
      const body = (await client(demo.service.url).get(`/credentials/${credential.digest}/anchor`)).body;
      return body.status === "anchored" ? body.anchor : undefined;
    }, "anchoring");
    const envelope = JSON.stringify({
      type: "FairLedgerPresentation",
      version: 1,
      format: "vc+sd-jwt",
      presentation: credential.credential,
      anchor,
    });
    return { digest: credential.digest as string, api, envelope };
  }

  async function notRevoked(envelope: string, fetchStatusList?: (uri: string) => Promise<string>) {
    const trust = new ChainTrustSource({ rpcUrl: demo.ledger.chain.rpcUrl, manifest: demo.ledger.manifest });
    const result = await verifyPresentationText(envelope, { trust, requirePresentation: false, fetchStatusList });
    return { result, check: result.checks.find((c: CheckResult) => c.id === "not-revoked") };
  }
  const fetchText = async (uri: string) => (await fetch(uri)).text();

  it("list and chain agree: no notice; without a fetcher (the default, offline) no list is asked for", async () => {
    const { envelope } = await anchoredCredential();
    const agreeing = await notRevoked(envelope, fetchText);
    assert.equal(agreeing.result.outcome, "valid", JSON.stringify(agreeing.result.checks));
    assert.equal(agreeing.check?.notice, undefined);
    const offline = await notRevoked(envelope, undefined);
    assert.equal(offline.result.outcome, "valid");
    assert.equal(offline.check?.notice, undefined);
    let asked = 0;
    await notRevoked(envelope, async (uri) => (asked++, fetchText(uri)));
    assert.equal(asked, 1, "with a fetcher, the list is read once");
  });

  it("the list says suspended while the chain says active: valid (the chain decides), with a notice naming both", async () => {
    const { digest, envelope } = await anchoredCredential();
    // A list out of step with the chain (as after a local row changed without a chain transaction).
    demo.service.context.store.credentials.setStatus(digest, "suspended");
    demo.service.context.statusLists.changed(demo.service.principals.agency!.id);
    const { result, check } = await notRevoked(envelope, fetchText);
    assert.equal(result.outcome, "valid");
    assert.equal(check?.passed, true);
    assert.equal(check?.notice, "the issuer's status list says suspended but the chain says valid; the chain decides");
  });

  it("the chain says revoked while a list says valid: invalid, with a notice", async () => {
    const { digest, api, envelope } = await anchoredCredential();
    const validList = await fetchText(getStatusListFromJWT(JSON.parse(envelope).presentation).uri);
    assert.equal((await api.post(`/credentials/${digest}/status`, { status: "revoked" })).status, 200);
    const { result, check } = await notRevoked(envelope, async () => validList);
    assert.equal(result.outcome, "invalid");
    assert.equal(check?.passed, false);
    assert.equal(
      check?.notice,
      "the issuer's status list says valid but the chain says invalid (revoked); the chain decides",
    );
  });

  it("a list not signed by the issuer is not used: a notice says so", async () => {
    const { envelope } = await anchoredCredential();
    const genuine = await fetchText(getStatusListFromJWT(JSON.parse(envelope).presentation).uri);
    const [header, payload] = genuine.split(".");
    const forged = `${header}.${payload}.${Buffer.alloc(64, 7).toString("base64url")}`;
    const { result, check } = await notRevoked(envelope, async () => forged);
    assert.equal(result.outcome, "valid");
    assert.match(
      check?.notice ?? "",
      /^the issuer's status list is not the issuer's: its signature does not verify: altered or forged; the chain decides$/,
    );
  });
});
