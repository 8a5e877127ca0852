/**
 * Online at the border, end to end with the real parts: a local chain with the demo consortium, the
 * issuer service (the Saudi authority's desk), and the wallet's own modules on Node's WebCrypto. The desk
 * makes an OpenID4VP request; the wallet reads the link, has its own service resolve the desk's did:ethr
 * from the chain (key and authority registration), checks the signature, matches the DCQL query, and
 * answers by direct_post; the desk's verdict is VALID, with only the purpose claims disclosed.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
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
import { startWalletStack, type WalletStack } from "./support/stack.ts";

describe(
  "online border check: the FairLedger wallet answers the service's OpenID4VP request",
  { timeout: 300_000 },
  () => {
    let stack: WalletStack;
    let holder: HolderKey;
    let credential: string;

    before(async () => {
      stack = await startWalletStack(fileURLToPath(new URL("../dist", import.meta.url)));
      holder = await createHolderKey();
      const caseId = await stack.caseWithAnchoredContract();
      const offer = await stack.offer(caseId);
      credential = await pickUpCredential(fetch, parsePickupInput(offer.credentialOfferUri, stack.apiUrl), holder);
      await stack.waitUntilAnchored(credentialDigest(credential.split("~")[0]!));
    });
    after(() => stack?.stop());

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

    it("a DID the chain does not know is not resolved by the wallet's service", async () => {
      const resolve = homeServiceKeyResolver(stack.apiUrl, fetch);
      assert.equal(await resolve("did:web:border.example.sa#key-1"), undefined);
    });
  },
);
