/**
 * OpenID4VP 1.0 + DCQL at a border post, answered by an independent holder: `@openid4vc/openid4vp`'s
 * Openid4vpClient parses the `openid4vp://` link, fetches the request object, checks its signature
 * against the authority's did:ethr key on the chain (`decentralized_identifier:` client id), and posts
 * the response (direct_post) with a vp_token built by @sd-jwt from a credential this service issued.
 * FairLedger verifies it with every one of its checks. Then the attack catalogue: wrong nonce, wrong
 * audience, a second answer, an expired request, a missing claim the DCQL query requires.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, createPublicKey, sign, verify } from "node:crypto";
import { Openid4vpClient, type ResolvedOpenid4vpAuthorizationRequest } from "@openid4vc/openid4vp";
import type { CallbackContext, Jwk } from "@openid4vc/oauth2";
import { setGlobalConfig } from "@openid4vc/utils";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import { PURPOSE_CLAIMS, parseOpenid4vpLink } from "@fairledger/common";
import { createDidResolver } from "@fairledger/common/node";
import { devWallet, DEMO_ROLES } from "../../scripts/lib/seed.mts";
import {
  caseWithAnchoredContract,
  client,
  newHolderKey,
  pickUp,
  useDemoService,
  waitFor,
  type HolderKey,
} from "./helpers.ts";

// The service runs on http://127.0.0.1 in tests; the library refuses plain http unless told.
setGlobalConfig({ allowInsecureUrls: true });

let clockOffsetMs = 0;
const fixture = useDemoService({ options: () => ({ now: () => Date.now() + clockOffsetMs }) });

/** The wallet's callbacks: did:ethr resolved on the test chain, signatures checked with node:crypto. */
function holderCallbacks(): Omit<CallbackContext, "generateRandom" | "clientAuthentication"> {
  const resolver = createDidResolver(fixture.service.context.ledger.manifest, fixture.ledger.chain.rpcUrl);
  const unused = () => {
    throw new Error("not used by this holder");
  };
  return {
    fetch,
    hash: (data, alg) => createHash(alg.replace("-", "").toLowerCase()).update(data).digest(),
    signJwt: unused,
    encryptJwe: unused,
    decryptJwe: unused,
    verifyJwt: async (signer, jwt) => {
      if (signer.method !== "did") return { verified: false };
      const [did] = signer.didUrl.split("#");
      const { didDocument } = await resolver.resolve(did!);
      const method = didDocument?.verificationMethod?.find((vm) => vm.id === signer.didUrl);
      const base64 = (method as { publicKeyBase64?: string } | undefined)?.publicKeyBase64;
      if (!base64 || jwt.header.alg !== "EdDSA") return { verified: false };
      const signerJwk = { kty: "OKP", crv: "Ed25519", x: Buffer.from(base64, "base64").toString("base64url") } as Jwk;
      const [header, payload, signature] = jwt.compact.split(".");
      const key = createPublicKey({ key: signerJwk, format: "jwk" });
      const verified = verify(null, Buffer.from(`${header}.${payload}`), key, Buffer.from(signature!, "base64url"));
      return verified ? { verified: true, signerJwk } : { verified: false, signerJwk };
    },
  };
}

describe("OpenID4VP 1.0: Openid4vpClient (OWF) as the holder answers a border post's request", () => {
  let holder: HolderKey;
  let credential: string;
  let wallet: Openid4vpClient;
  let caseCommitment: string;

  before(async () => {
    const { service, ledger } = fixture;
    holder = newHolderKey();
    const { caseId, api, opened } = await caseWithAnchoredContract(service, ledger);
    caseCommitment = opened.caseCommitment as string;
    const picked = await pickUp(service, api, caseId, holder);
    credential = picked.credential.credential;
    const digest = picked.credential.digest as string;
    await waitFor(async () => {
      const anchor = await client(service.url).get(`/credentials/${digest}/anchor`);
      return anchor.body.status === "anchored" ? true : undefined;
    }, "the credential's batch anchored");
    wallet = new Openid4vpClient({ callbacks: holderCallbacks() });
  });

  const desk = () => client(fixture.service.url, fixture.service.apiKeys.authoritySA);

  async function newRequest(body: Record<string, unknown> = {}) {
    const created = await desk().post("/openid4vp/requests", body);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body as { id: string; link: string; qrPng: string; clientId: string; requestUri: string };
  }

  async function resolve(link: string): Promise<ResolvedOpenid4vpAuthorizationRequest> {
    const parsed = wallet.parseOpenid4vpAuthorizationRequest({ authorizationRequest: link });
    return wallet.resolveOpenId4vpAuthorizationRequest({ authorizationRequestPayload: parsed.params });
  }

  /** The holder's presentation, made with @sd-jwt: the chosen claims disclosed, a KB-JWT with aud and nonce. */
  async function presentation(claims: readonly string[], kb: { aud: string; nonce: string }): Promise<string> {
    const sdJwt = new SDJwtVcInstance({
      hasher: (data: string | ArrayBuffer) =>
        createHash("sha256")
          .update(typeof data === "string" ? data : Buffer.from(data))
          .digest(),
      hashAlg: "sha-256",
      kbSignAlg: "ES256",
      kbSigner: (input: string) =>
        sign("sha256", Buffer.from(input), { key: holder.privateKey, dsaEncoding: "ieee-p1363" }).toString("base64url"),
    });
    const frame = { credentialSubject: Object.fromEntries(claims.map((claim) => [claim, true])) };
    return sdJwt.present(credential, frame, {
      kb: { payload: { iat: Math.floor(Date.now() / 1000), aud: kb.aud, nonce: kb.nonce } },
    });
  }

  /** Creates the response with the library and posts it (direct_post); answers the response endpoint's reply. */
  async function answer(resolved: ResolvedOpenid4vpAuthorizationRequest, vpToken: Record<string, string[]>) {
    const request = resolved.authorizationRequestPayload;
    const response = await wallet.createOpenid4vpAuthorizationResponse({
      authorizationRequestPayload: request,
      authorizationResponsePayload: { vp_token: vpToken },
    });
    const submitted = await wallet.submitOpenid4vpAuthorizationResponse({
      authorizationRequestPayload: request as { response_uri: string },
      authorizationResponsePayload: response.authorizationResponsePayload,
    });
    return { status: submitted.response.status, body: await submitted.response.json() };
  }

  const purpose = PURPOSE_CLAIMS.EmploymentContractCredential;

  test("the request resolves: signed by the authority's did:ethr key, 1.0, direct_post, a DCQL query for the purpose claims", async () => {
    const created = await newRequest();
    assert.match(created.qrPng, /^data:image\/png;base64,/);
    assert.deepEqual(parseOpenid4vpLink(created.link), { clientId: created.clientId, requestUri: created.requestUri });
    const resolved = await resolve(created.link);
    assert.equal(resolved.version, 100, "OpenID4VP 1.0 final");
    assert.equal(resolved.client.prefix, "decentralized_identifier");
    assert.equal(created.clientId, `decentralized_identifier:${fixture.service.principals.authoritySA!.did}`);
    assert.equal(resolved.jar?.signer.method, "did");
    const request = resolved.authorizationRequestPayload as Record<string, unknown>;
    assert.equal(request.response_mode, "direct_post");
    assert.equal(request.response_type, "vp_token");
    const query = resolved.dcql?.query as { credentials: { format: string; claims: { path: string[] }[] }[] };
    assert.equal(query.credentials[0]!.format, "dc+sd-jwt");
    assert.deepEqual(
      query.credentials[0]!.claims.map((claim) => claim.path[1]),
      [...purpose],
    );
  });

  test("a vp_token of the issued credential is VALID, with every check, and the desk sees the disclosed claims", async () => {
    const created = await newRequest();
    const resolved = await resolve(created.link);
    const request = resolved.authorizationRequestPayload;
    const vp = await presentation(purpose, { aud: request.client_id!, nonce: request.nonce });
    const reply = await answer(resolved, { employment_contract: [vp] });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const polled = await desk().get(`/openid4vp/requests/${created.id}`);
    assert.equal(polled.body.status, "answered");
    const verdict = polled.body.verdict;
    assert.equal(verdict.outcome, "valid", JSON.stringify(verdict, null, 1));
    const [only] = verdict.presentations;
    assert.equal(only.queryId, "employment_contract");
    const checks = only.result.checks.map((check: { id: string }) => check.id);
    for (const id of [
      "issuer-signature",
      "key-binding",
      "required-claims",
      "issuer-licensed",
      "anchored",
      "not-revoked",
      "not-replayed",
    ])
      assert.ok(checks.includes(id), `${id} ran`);
    assert.equal(only.result.disclosed.jobTitle, "Registered Nurse");
    assert.equal("workerName" in only.result.disclosed, false, "nothing personal was asked or disclosed");
  });

  test("a second answer to the same request is refused (answerable once)", async () => {
    const created = await newRequest();
    const resolved = await resolve(created.link);
    const request = resolved.authorizationRequestPayload;
    const vp = await presentation(purpose, { aud: request.client_id!, nonce: request.nonce });
    assert.equal((await answer(resolved, { employment_contract: [vp] })).status, 200);
    const again = await answer(resolved, { employment_contract: [vp] });
    assert.equal(again.status, 400);
    assert.equal(again.body.error, "invalid_request");
    assert.match(again.body.error_description, /already answered/);
    const polled = await desk().get(`/openid4vp/requests/${created.id}`);
    assert.equal(polled.body.verdict.outcome, "valid", "the first answer's verdict stands");
  });

  test("a KB-JWT bound to another nonce is NOT VALID (key-binding)", async () => {
    const created = await newRequest();
    const resolved = await resolve(created.link);
    const vp = await presentation(purpose, {
      aud: resolved.authorizationRequestPayload.client_id!,
      nonce: "another-nonce",
    });
    assert.equal((await answer(resolved, { employment_contract: [vp] })).status, 200);
    const verdict = (await desk().get(`/openid4vp/requests/${created.id}`)).body.verdict;
    assert.equal(verdict.outcome, "invalid");
    const failed = verdict.presentations[0].result.checks.find((check: { passed: boolean }) => !check.passed);
    assert.equal(failed.id, "key-binding");
    assert.match(failed.reason, /nonce/);
  });

  test("a KB-JWT addressed to another client_id is NOT VALID (key-binding)", async () => {
    const created = await newRequest();
    const resolved = await resolve(created.link);
    const vp = await presentation(purpose, {
      aud: "decentralized_identifier:did:ethr:0x7a69:0x0000000000000000000000000000000000000001",
      nonce: resolved.authorizationRequestPayload.nonce,
    });
    assert.equal((await answer(resolved, { employment_contract: [vp] })).status, 200);
    const verdict = (await desk().get(`/openid4vp/requests/${created.id}`)).body.verdict;
    assert.equal(verdict.outcome, "invalid");
    const failed = verdict.presentations[0].result.checks.find((check: { passed: boolean }) => !check.passed);
    assert.equal(failed.id, "key-binding");
    assert.match(failed.reason, /presented to .*, not to decentralized_identifier:/);
  });

  test("a response missing a claim the DCQL query requires is refused (access_denied) and the desk sees why", async () => {
    const created = await newRequest();
    const resolved = await resolve(created.link);
    const request = resolved.authorizationRequestPayload;
    const vp = await presentation(
      purpose.filter((claim) => claim !== "jobTitle"),
      { aud: request.client_id!, nonce: request.nonce },
    );
    const reply = await answer(resolved, { employment_contract: [vp] });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.error, "access_denied");
    const verdict = (await desk().get(`/openid4vp/requests/${created.id}`)).body.verdict;
    assert.equal(verdict.outcome, "invalid");
    assert.equal(verdict.refused.code, "ERR_VP_DCQL_UNSATISFIED");
  });

  test("a wallet's error response (the worker declined) spends the request, and the desk sees the wallet's words", async () => {
    const created = await newRequest();
    const resolved = await resolve(created.link);
    const decline = () =>
      fetch(resolved.authorizationRequestPayload.response_uri as string, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          error: "access_denied",
          error_description: "the worker declined",
          state: resolved.authorizationRequestPayload.state!,
        }),
      });
    assert.equal((await decline()).status, 200);
    const verdict = (await desk().get(`/openid4vp/requests/${created.id}`)).body.verdict;
    assert.equal(verdict.refused.code, "ERR_VP_DECLINED");
    assert.match(verdict.refused.reason, /access_denied: the worker declined/);
    assert.equal((await decline()).status, 400, "answered once, even by a refusal");
  });

  test("an expired request is refused: no request object, no answer", async () => {
    const created = await newRequest();
    const resolved = await resolve(created.link);
    const request = resolved.authorizationRequestPayload;
    const vp = await presentation(purpose, { aud: request.client_id!, nonce: request.nonce });
    clockOffsetMs = 301_000;
    try {
      const reply = await answer(resolved, { employment_contract: [vp] });
      assert.equal(reply.status, 400);
      assert.match(reply.body.error_description, /expired/);
      const object = await client(fixture.service.url).get(new URL(created.requestUri).pathname);
      assert.equal(object.status, 404);
      assert.equal(object.body.error, "invalid_request_uri");
      const polled = await desk().get(`/openid4vp/requests/${created.id}`);
      assert.equal(polled.body.status, "expired");
      assert.equal(polled.body.verdict, null);
    } finally {
      clockOffsetMs = 0;
    }
  });

  test("the desk asks for the name: the verdict says what was asked, the holder's name, and an inspector's flag on the case", async () => {
    // Before the flag: the case has none, and the verdict says so (an empty list, not "not read").
    const before = await newRequest();
    const first = await resolve(before.link);
    const firstVp = await presentation(purpose, {
      aud: first.authorizationRequestPayload.client_id!,
      nonce: first.authorizationRequestPayload.nonce,
    });
    assert.equal((await answer(first, { employment_contract: [firstVp] })).status, 200);
    const unflagged = (await desk().get(`/openid4vp/requests/${before.id}`)).body;
    assert.deepEqual(unflagged.asked, { employment_contract: [...purpose] }, "the name was not asked");
    assert.deepEqual(unflagged.verdict.presentations[0].result.caseFlags, []);
    assert.deepEqual(unflagged.verdict.presentations[0].result.lookAlikes, []);

    // An inspector flags the case on chain (POST /audits/cases/{c}/flags).
    const onboarded = await client(fixture.service.url, fixture.service.apiKeys.authorityPH).post("/principals", {
      kind: "inspector",
      name: "PH labour inspectorate",
      privateKey: devWallet(DEMO_ROLES.inspector).privateKey,
    });
    assert.equal(onboarded.status, 201, JSON.stringify(onboarded.body));
    const findingHash = `0x${"f1".repeat(32)}`;
    const flagged = await client(fixture.service.url, onboarded.body.key.apiKey).post(
      `/audits/cases/${caseCommitment}/flags`,
      { findingHash },
    );
    assert.equal(flagged.status, 201, JSON.stringify(flagged.body));

    const created = await newRequest({ askHolderName: true });
    const resolved = await resolve(created.link);
    const query = resolved.dcql?.query as { credentials: { claims: { path: string[] }[] }[] };
    assert.deepEqual(
      query.credentials[0]!.claims.map((claim) => claim.path[1]),
      [...purpose, "workerName"],
      "the wallet is asked for the name",
    );
    const request = resolved.authorizationRequestPayload;
    const vp = await presentation([...purpose, "workerName"], { aud: request.client_id!, nonce: request.nonce });
    assert.equal((await answer(resolved, { employment_contract: [vp] })).status, 200);
    const polled = (await desk().get(`/openid4vp/requests/${created.id}`)).body;
    assert.deepEqual(polled.asked, { employment_contract: [...purpose, "workerName"] });
    const { result } = polled.verdict.presentations[0];
    assert.equal(result.outcome, "valid", "a flag is shown, it does not change the verdict");
    assert.equal(result.disclosed.workerName, "Maria Santos");
    assert.deepEqual(result.caseFlags, [
      {
        inspector: devWallet(DEMO_ROLES.inspector).address.toLowerCase(),
        findingHash,
        blockNumber: flagged.body.blockNumber,
        flaggedAt: result.caseFlags[0].flaggedAt,
      },
    ]);
    assert.equal(typeof result.caseFlags[0].flaggedAt, "number");
  });

  test("askHolderName must be a boolean: a string is refused with the field named", async () => {
    const refused = await desk().post("/openid4vp/requests", { askHolderName: "yes" });
    assert.equal(refused.status, 400);
    assert.match(JSON.stringify(refused.body), /askHolderName/);
  });

  test("only authorities create requests, and a desk reads only its own", async () => {
    const asAgency = await client(fixture.service.url, fixture.service.apiKeys.agency).post("/openid4vp/requests", {});
    assert.equal(asAgency.status, 403);
    const created = await newRequest();
    const otherDesk = client(fixture.service.url, fixture.service.apiKeys.authorityPH);
    assert.equal((await otherDesk.get(`/openid4vp/requests/${created.id}`)).status, 404);
  });

  test("OpenAPI documents each route: the wallet's endpoints public (security: []), with their OAuth errors", async () => {
    const paths = (await client(fixture.service.url).get("/openapi.json")).body.paths;
    assert.equal(paths["/openid4vp/requests"].post.operationId, "createPresentationRequest");
    assert.deepEqual(paths["/openid4vp/requests/{id}/request-object"].get.security, []);
    assert.deepEqual(paths["/openid4vp/responses"].post.security, []);
    assert.ok(paths["/openid4vp/responses"].post.responses["400"]);
    assert.deepEqual(paths["/dids/{did}"].get.security, []);
  });
});
