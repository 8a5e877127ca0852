/**
 * Online at the border, end to end with the real parts: a local chain with the demo consortium, the
 * issuer service (the Saudi authority's desk), and the wallet's own modules on Node's WebCrypto. The desk
 * makes an OpenID4VP request; the wallet reads the link, has its own service resolve the desk's did:ethr
 * from the chain (key and authority registration), checks the signature, matches the DCQL query, and
 * answers by direct_post; the desk's verdict is VALID, with only the purpose claims disclosed. Then the
 * same in the built page in Chromium at phone size: the worker reads the desk's QR, sees who asks, sends.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { VCT } from "@fairledger/common";
import { credentialDigest } from "@fairledger/common/node";
import { createHolderKey, type HolderKey } from "../src/lib/holder-key.ts";
import { parsePickupInput } from "../src/pickup/offer.ts";
import { pickUpCredential } from "../src/pickup/pickup.ts";
import { describeCredential } from "../src/credentials/describe.ts";
import { buildPresentation } from "../src/present/build-presentation.ts";
import { homeServiceKeyResolver } from "../src/present/online/client-key.ts";
import { readOnlineRequest } from "../src/present/online/online-request.ts";
import { matchOnlineRequest } from "../src/present/online/dcql-match.ts";
import { sendOnlineAnswer, vpTokenOf } from "../src/present/online/send-answer.ts";
import { startWalletStack, TERMS, type WalletStack } from "./support/stack.ts";
import { axeViolations, decodeQrPng, launchPhoneBrowser, type Browser } from "./support/browser.ts";

const walletDir = fileURLToPath(new URL("..", import.meta.url));

describe(
  "online border check: the FairLedger wallet answers the service's OpenID4VP request",
  { timeout: 300_000 },
  () => {
    let stack: WalletStack;
    let holder: HolderKey;
    let credential: string;
    let browser: Browser | undefined;

    before(async () => {
      execFileSync(process.execPath, ["build.mjs"], { cwd: walletDir, stdio: "ignore" });
      stack = await startWalletStack(fileURLToPath(new URL("../dist", import.meta.url)));
      holder = await createHolderKey();
      const caseId = await stack.caseWithAnchoredContract();
      const offer = await stack.offer(caseId);
      credential = await pickUpCredential(fetch, parsePickupInput(offer.credentialOfferUri, stack.apiUrl), holder);
      await stack.waitUntilAnchored(credentialDigest(credential.split("~")[0]!));
    });
    after(async () => {
      await browser?.close();
      await stack?.stop();
    });

    const desk = async (method: "GET" | "POST", path: string, body?: unknown) => {
      const response = await fetch(`${stack.apiUrl}${path}`, {
        method,
        headers: {
          "x-api-key": stack.service.apiKeys.authoritySA!,
          ...(body === undefined ? {} : { "content-type": "application/json", "idempotency-key": randomUUID() }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    };

    it("is VALID at the desk, the wallet having checked who asks", async () => {
      const created = await desk("POST", "/openid4vp/requests", {});
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const qr = Buffer.from(created.body.qrPng.replace(/^data:image\/png;base64,/, ""), "base64");
      assert.equal(decodeQrPng(qr), created.body.link, "the desk's QR holds the openid4vp:// link");
      const request = await readOnlineRequest(created.body.link, {
        fetch,
        resolveClientKey: homeServiceKeyResolver(stack.apiUrl, fetch),
        now: new Date(),
      });
      assert.equal(request.clientAuthority, "SA", "the chain registers the desk's DID as the Saudi authority");
      assert.equal(request.clientName, "Ministry of Human Resources (SA)");

      const view = await describeCredential(credential);
      const match = matchOnlineRequest(request.dcqlQuery, [{ digest: "0x1", view, vct: VCT[view.type] }]);
      const presentation = await buildPresentation(
        credential,
        new Set(match.claims.filter((claim) => view.disclosable.includes(claim))),
        { aud: request.clientId, nonce: request.nonce, claims: match.claims },
        holder.privateKey,
        new Date(),
      );
      await sendOnlineAnswer(fetch, request, vpTokenOf(match.queryId, presentation));

      const polled = await desk("GET", `/openid4vp/requests/${created.body.id}`);
      assert.equal(polled.body.status, "answered");
      assert.equal(polled.body.verdict.outcome, "valid", JSON.stringify(polled.body.verdict, null, 1));
      const disclosed = polled.body.verdict.presentations[0].result.disclosed;
      assert.equal(disclosed.employerName, "Riyadh Care Hospital");
      assert.equal("workerName" in disclosed, false);
    });

    it("in the page: the worker reads the desk's link, sees the authority that asks, sends; the desk sees VALID", async () => {
      browser = await launchPhoneBrowser(2);
      const { page } = browser;
      const caseId = await stack.caseWithAnchoredContract();
      const offer = await stack.offer(caseId);
      await page.goto(`${stack.service.url}/wallet/`);
      await page.waitForSelector("body[data-ready]");
      await page.fill("#pickup-input", offer.credentialOfferUri);
      await page.click("#pickup-form button[type=submit]");
      const card = page.locator("li.card");
      await card.waitFor();
      await stack.waitUntilAnchored((await card.getAttribute("data-digest"))!);

      const created = await desk("POST", "/openid4vp/requests", {});
      await page.fill("#request-input", created.body.link);
      await page.click("#request-form button[type=submit]");
      await page.waitForSelector("#send-answer");
      assert.match(
        (await page.textContent("#request-summary")) ?? "",
        /Asked by Ministry of Human Resources \(SA\), the authority of SA on the ledger/,
      );
      for (const claim of ["workerName", "passportNumber", "birthDate", "nationality", "monthlyWage"])
        assert.equal(await page.isChecked(`#claim-${claim}`), false, `${claim} off by default`);
      assert.deepEqual(await axeViolations(page), []);
      await page.click("#send-answer");
      await page.waitForSelector("#answer-sent");

      const polled = await desk("GET", `/openid4vp/requests/${created.body.id}`);
      assert.equal(polled.body.verdict?.outcome, "valid", JSON.stringify(polled.body.verdict, null, 1));
      const disclosed = polled.body.verdict.presentations[0].result.disclosed;
      assert.equal(disclosed.jobTitle, TERMS.jobTitle);
      assert.equal("workerName" in disclosed, false);
    });

    it("a DID the chain does not know is not resolved by the wallet's service", async () => {
      const resolve = homeServiceKeyResolver(stack.apiUrl, fetch);
      assert.equal(await resolve("did:web:border.example.sa#key-1"), undefined);
    });
  },
);
