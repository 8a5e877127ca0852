/**
 * The wallet's online answer (OpenID4VP 1.0 + DCQL) to an independent verifier: `@openid4vc/openid4vp`'s
 * Openid4vpVerifier makes a signed request (decentralized_identifier: client id, direct_post, a DCQL
 * query), the wallet's own modules (on Node's WebCrypto) read it, check its signature, match the query,
 * build the KB-JWT and post the vp_token; the library parses the response and @sd-jwt/sd-jwt-vc checks
 * the presentation. Then the requests a wallet must refuse: a tampered signature, a key the DID does not
 * publish, a client_id that is not the link's, an expired request.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHash, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { Openid4vpVerifier } from "@openid4vc/openid4vp";
import type { CallbackContext, Jwk } from "@openid4vc/oauth2";
import { setGlobalConfig } from "@openid4vc/utils";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import { DcqlPresentationResult } from "dcql";
import { VCT, openid4vpLink } from "@fairledger/common";
import { createHolderKey, type HolderKey } from "../src/lib/holder-key.ts";
import { WalletError } from "../src/lib/errors.ts";
import { describeCredential } from "../src/credentials/describe.ts";
import { buildPresentation } from "../src/present/build-presentation.ts";
import { readOnlineRequest, type OnlineRequest } from "../src/present/online/online-request.ts";
import { matchOnlineRequest } from "../src/present/online/dcql-match.ts";
import { sendOnlineAnswer, vpTokenOf } from "../src/present/online/send-answer.ts";
import { jwkOfMethod, type ClientKeyResolver } from "../src/present/online/client-key.ts";
import { createTestIssuer, employmentSubject, nodeSha256, type TestIssuer } from "./support/issue-credential.ts";

setGlobalConfig({ allowInsecureUrls: true });

const VERIFIER_DID = "did:ethr:0x7a69:0x2222222222222222222222222222222222222222";
const VERIFIER_KID = `${VERIFIER_DID}#delegate-1`;
const CLIENT_ID = `decentralized_identifier:${VERIFIER_DID}`;
const PURPOSE = ["employerName", "jobTitle", "worksiteCountry", "corridor"];
const DCQL_QUERY = {
  credentials: [
    {
      id: "employment_contract",
      format: "dc+sd-jwt",
      meta: { vct_values: [VCT.EmploymentContractCredential] },
      claims: PURPOSE.map((claim) => ({ path: ["credentialSubject", claim] })),
    },
  ],
};

const publicJwkOf = (key: KeyObject) => key.export({ format: "jwk" }) as Jwk;

/** A verifier built on Openid4vpVerifier, serving its request object and receiving answers on loopback. */
class IndependentVerifier {
  readonly #key = generateKeyPairSync("ed25519");
  readonly verifier = new Openid4vpVerifier({ callbacks: this.#callbacks() });
  readonly answers: Record<string, string>[] = [];
  /** What GET /request serves: the signed request object, or a test's forgery of it. */
  requestObject = "";
  server!: Server;
  base = "";

  get publicJwk(): Jwk {
    return publicJwkOf(this.#key.publicKey);
  }

  #callbacks(): ConstructorParameters<typeof Openid4vpVerifier>[0]["callbacks"] {
    const unused = () => {
      throw new Error("not used by this verifier");
    };
    return {
      hash: (data, alg) => createHash(alg.replace("-", "").toLowerCase()).update(data).digest(),
      signJwt: async (_signer, { header, payload }) => {
        const input = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
        const signature = sign(null, Buffer.from(input), this.#key.privateKey).toString("base64url");
        return { jwt: `${input}.${signature}`, signerJwk: this.publicJwk };
      },
      verifyJwt: unused,
      encryptJwe: unused,
      decryptJwe: unused,
      fetch,
    } satisfies Partial<CallbackContext>;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      if (req.method === "GET" && req.url === "/request") {
        res.setHeader("content-type", "application/oauth-authz-req+jwt");
        res.end(this.requestObject);
        return;
      }
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        this.answers.push(Object.fromEntries(new URLSearchParams(body)));
        res.setHeader("content-type", "application/json");
        res.end("{}");
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async newRequest(options: { expiresInSeconds?: number } = {}) {
    const created = await this.verifier.createOpenId4vpAuthorizationRequest({
      authorizationRequestPayload: {
        response_type: "vp_token",
        client_id: CLIENT_ID,
        response_mode: "direct_post",
        response_uri: `${this.base}/response`,
        nonce: `n-${Math.random().toString(36).slice(2)}`,
        state: `s-${Math.random().toString(36).slice(2)}`,
        dcql_query: DCQL_QUERY,
      },
      jar: {
        jwtSigner: { method: "did", didUrl: VERIFIER_KID, alg: "EdDSA" },
        requestUri: `${this.base}/request`,
        expiresInSeconds: options.expiresInSeconds ?? 300,
      },
    });
    this.requestObject = created.jar!.authorizationRequestJwt;
    return created;
  }
}

describe("OpenID4VP 1.0: the wallet answers Openid4vpVerifier (OWF) as the verifier", () => {
  const verifier = new IndependentVerifier();
  let issuer: TestIssuer;
  let holder: HolderKey;
  let credential: string;
  /** The chain's answer for the verifier's DID, as the wallet's service would give it. */
  const resolveClientKey: ClientKeyResolver = async (didUrl) =>
    didUrl === VERIFIER_KID ? { jwk: verifier.publicJwk as never, authorityJurisdiction: "SA" } : undefined;
  const deps = () => ({ fetch, resolveClientKey, now: new Date() });

  before(async () => {
    await verifier.start();
    issuer = createTestIssuer();
    holder = await createHolderKey();
    credential = await issuer.issue("EmploymentContractCredential", employmentSubject(holder.did), holder.publicJwk);
  });
  after(() => new Promise<void>((resolve) => verifier.server.close(() => resolve())));

  async function answerWithWallet(request: OnlineRequest) {
    const view = await describeCredential(credential);
    const match = matchOnlineRequest(request.dcqlQuery, [{ digest: "0xabc", view, vct: VCT[view.type] }]);
    assert.deepEqual(match.digests, ["0xabc"]);
    const presentation = await buildPresentation(
      credential,
      new Set(match.claims.filter((claim) => view.disclosable.includes(claim))),
      { aud: request.clientId, nonce: request.nonce, claims: match.claims },
      holder.privateKey,
      new Date(),
    );
    await sendOnlineAnswer(fetch, request, vpTokenOf(match.queryId, presentation));
    return presentation;
  }

  it("reads the signed request, answers it, and the library accepts the response; @sd-jwt verifies the presentation", async () => {
    const created = await verifier.newRequest();
    const request = await readOnlineRequest(created.authorizationRequest, deps());
    assert.equal(request.clientId, CLIENT_ID);
    assert.equal(request.clientDid, VERIFIER_DID);
    assert.equal(request.clientAuthority, "SA");
    const sent = await answerWithWallet(request);

    const posted = verifier.answers.at(-1)!;
    const parsed = await verifier.verifier.parseOpenid4vpAuthorizationResponse({
      authorizationResponse: posted,
      authorizationRequestPayload: created.authorizationRequestPayload,
      callbacks: { verifyJwt: () => ({ verified: false }), decryptJwe: () => ({ decrypted: false }) } as never,
    });
    assert.equal(parsed.type, "dcql");
    assert.equal(parsed.authorizationResponsePayload.state, created.authorizationRequestPayload.state);
    const presentations = (parsed as { dcql: { presentations: Record<string, string[]> } }).dcql.presentations;
    assert.deepEqual(Object.keys(presentations), ["employment_contract"]);
    assert.equal(presentations.employment_contract![0], sent);

    const sdJwt = new SDJwtVcInstance({
      hasher: nodeSha256,
      hashAlg: "sha-256",
      verifier: async (data: string, signature: string) =>
        verify(
          null,
          Buffer.from(data),
          createPublicKey({ key: issuer.publicJwk as never, format: "jwk" }),
          Buffer.from(signature, "base64url"),
        ),
      kbVerifier: async (data: string, signature: string) =>
        verify(
          "sha256",
          Buffer.from(data),
          { key: createPublicKey({ key: holder.publicJwk as never, format: "jwk" }), dsaEncoding: "ieee-p1363" },
          Buffer.from(signature, "base64url"),
        ),
    });
    const verified = await sdJwt.verify(sent, { keyBindingNonce: created.authorizationRequestPayload.nonce });
    const kb = verified.kb?.payload as { aud?: string; nonce?: string } | undefined;
    assert.equal(kb?.aud, CLIENT_ID, "the KB-JWT is addressed to the request's client_id");
    assert.equal(kb?.nonce, created.authorizationRequestPayload.nonce);
    const claims = verified.payload as { vct: string; credentialSubject: Record<string, unknown> };
    const satisfied = DcqlPresentationResult.fromDcqlPresentation(
      {
        employment_contract: [
          {
            credential_format: "dc+sd-jwt",
            vct: claims.vct,
            claims: claims as never,
            cryptographic_holder_binding: true,
          },
        ],
      },
      { dcqlQuery: request.dcqlQuery },
    );
    assert.equal(satisfied.can_be_satisfied, true);
    assert.equal("workerName" in claims.credentialSubject, false, "only what was asked is disclosed");
  });

  it("refuses a request object whose signature was tampered with", async () => {
    const created = await verifier.newRequest();
    const [header, payload, signature] = verifier.requestObject.split(".");
    const changed = {
      ...JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")),
      response_uri: "http://127.0.0.1:1/steal",
    };
    verifier.requestObject = `${header}.${Buffer.from(JSON.stringify(changed)).toString("base64url")}.${signature}`;
    await assert.rejects(readOnlineRequest(created.authorizationRequest, deps()), (error: unknown) => {
      assert.ok(error instanceof WalletError);
      assert.equal(error.code, "ERR_REQUEST_UNTRUSTED");
      assert.match(error.message, /signature/);
      return true;
    });
  });

  it("refuses a request signed with a key the verifier's DID does not publish", async () => {
    const created = await verifier.newRequest();
    const other: ClientKeyResolver = async () => ({
      jwk: publicJwkOf(generateKeyPairSync("ed25519").publicKey) as never,
    });
    await assert.rejects(readOnlineRequest(created.authorizationRequest, { ...deps(), resolveClientKey: other }), {
      code: "ERR_REQUEST_UNTRUSTED",
    });
  });

  it("refuses a link whose client_id is not the one the request object is signed for", async () => {
    await verifier.newRequest();
    const link = openid4vpLink({
      clientId: "decentralized_identifier:did:ethr:0x7a69:0x3333333333333333333333333333333333333333",
      requestUri: `${verifier.base}/request`,
    });
    await assert.rejects(readOnlineRequest(link, deps()), { code: "ERR_REQUEST_UNTRUSTED" });
  });

  it("refuses an expired request", async () => {
    const created = await verifier.newRequest({ expiresInSeconds: 60 });
    const later = { ...deps(), now: new Date(Date.now() + 120_000) };
    await assert.rejects(readOnlineRequest(created.authorizationRequest, later), { code: "ERR_REQUEST_EXPIRED" });
  });

  it("reads a did:ethr document's Ed25519 key in base64 as a JWK", () => {
    const raw = Buffer.alloc(32, 7);
    assert.deepEqual(
      jwkOfMethod({ id: VERIFIER_KID, type: "Ed25519VerificationKey2018", publicKeyBase64: raw.toString("base64") }),
      { kty: "OKP", crv: "Ed25519", x: raw.toString("base64url") },
    );
  });
});
