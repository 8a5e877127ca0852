/**
 * The verifier's OpenID4VP pieces that need no chain: the signed request (typ, client id prefix, the
 * kid's DID), the default border DCQL query, the 1.0 vp_token parser (draft shapes refused), DCQL
 * satisfaction for both SD-JWT VC typ values, the state store (answerable once, never after expiry),
 * and the refusals that come before any credential check.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, generateKeyPairSync, randomBytes, sign, verify } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { PURPOSE_CLAIMS, VCT, parseOpenid4vpLink } from "@fairledger/common";
import {
  MemoryRequestStore,
  httpAnchorLookup,
  borderDcqlQuery,
  checkDcqlSatisfied,
  createAuthorizationRequest,
  isOpenid4vpError,
  parseVpToken,
  verifyAuthorizationResponse,
  type TrustSource,
} from "../src/index.ts";

const DID = "did:ethr:0x7a69:0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const signer = {
  alg: "EdDSA" as const,
  kid: `${DID}#delegate-1`,
  sign: (input: string) => sign(null, Buffer.from(input), privateKey).toString("base64url"),
};
const query = borderDcqlQuery("EmploymentContractCredential");
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function newRequest(now = 1_800_000_000) {
  return createAuthorizationRequest({
    clientDid: DID,
    signer,
    responseUri: "https://desk.example/openid4vp/responses",
    requestUri: "https://desk.example/openid4vp/requests/1/request-object",
    dcqlQuery: query,
    now,
  });
}

/** An SD-JWT VC presentation's shape (unsigned: DCQL looks at claims, `verify` at signatures). */
function sdJwt(typ: string, claims: readonly string[]): string {
  const disclosures = claims.map((claim) => b64([randomBytes(16).toString("base64url"), claim, `value of ${claim}`]));
  const digests = disclosures.map((disclosure) => createHash("sha256").update(disclosure).digest("base64url"));
  const payload = {
    vct: VCT.EmploymentContractCredential,
    _sd_alg: "sha-256",
    credentialSubject: { _sd: digests, corridor: "PH-SA", contractHash: "0x01" },
  };
  return `${b64({ alg: "EdDSA", typ })}.${b64(payload)}.sig~${disclosures.map((d) => `${d}~`).join("")}kb.jwt.sig`;
}

const selectable = PURPOSE_CLAIMS.EmploymentContractCredential.filter((c) => c !== "corridor" && c !== "contractHash");

describe("OpenID4VP request objects", () => {
  test("a JAR of typ oauth-authz-req+jwt, signed by the client's DID key, behind an openid4vp:// link", async () => {
    const request = await newRequest();
    const [header, payload, signature] = request.requestObject.split(".");
    assert.deepEqual(JSON.parse(Buffer.from(header!, "base64url").toString()), {
      alg: "EdDSA",
      typ: "oauth-authz-req+jwt",
      kid: `${DID}#delegate-1`,
    });
    assert.ok(verify(null, Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature!, "base64url")));
    assert.equal(request.payload.client_id, `decentralized_identifier:${DID}`);
    assert.equal(request.payload.response_mode, "direct_post");
    assert.equal(request.expiresAt, 1_800_000_300);
    assert.notEqual(request.payload.nonce, request.payload.state);
    assert.deepEqual(parseOpenid4vpLink(request.link), {
      clientId: request.payload.client_id,
      requestUri: "https://desk.example/openid4vp/requests/1/request-object",
    });
  });

  test("refuses a signing key whose kid is not a DID URL of the client's DID", async () => {
    await assert.rejects(
      createAuthorizationRequest({
        clientDid: DID,
        signer: { ...signer, kid: "did:ethr:0x7a69:0x0000000000000000000000000000000000000001#delegate-1" },
        responseUri: "https://desk.example/r",
        requestUri: "https://desk.example/q",
        dcqlQuery: query,
      }),
      (error: unknown) => isOpenid4vpError(error, "ERR_VP_REQUEST_INVALID"),
    );
  });

  test("the border query asks for one dc+sd-jwt employment contract, holder-bound, with the purpose claims", () => {
    const [credential] = query.credentials;
    assert.equal(credential?.format, "dc+sd-jwt");
    assert.deepEqual((credential?.meta as { vct_values: string[] }).vct_values, [VCT.EmploymentContractCredential]);
    assert.equal(credential?.require_cryptographic_holder_binding, true);
    assert.deepEqual(
      credential?.claims?.map((claim) => (claim as { path: string[] }).path),
      PURPOSE_CLAIMS.EmploymentContractCredential.map((claim) => ["credentialSubject", claim]),
    );
  });
});

describe("vp_token (OpenID4VP 1.0 §8.1)", () => {
  const refused = (value: unknown) =>
    assert.throws(
      () => parseVpToken(value, query),
      (error: unknown) => isOpenid4vpError(error, "ERR_VP_RESPONSE_MALFORMED"),
    );

  test("reads the 1.0 object, as JSON text (direct_post) or as an object", () => {
    assert.deepEqual(parseVpToken('{"employment_contract":["a~b~c"]}', query), { employment_contract: ["a~b~c"] });
  });
  test("refuses draft shapes: a bare presentation string, a single value instead of an array", () => {
    refused("eyJhbGciOi.x.y~");
    refused({ employment_contract: "a~b~c" });
  });
  test("refuses an id the query did not ask, an empty array, two presentations for a single query", () => {
    refused({ fee_statement: ["a~"] });
    refused({ employment_contract: [] });
    refused({ employment_contract: ["a~", "b~"] });
    refused({});
  });
});

describe("DCQL satisfaction", () => {
  test("a presentation with every asked claim satisfies it, with typ dc+sd-jwt or (transition) vc+sd-jwt", () => {
    for (const typ of ["dc+sd-jwt", "vc+sd-jwt"])
      assert.doesNotThrow(() => checkDcqlSatisfied({ employment_contract: [sdJwt(typ, selectable)] }, query), typ);
  });
  test("a missing claim the query requires is refused, naming the query", () => {
    const withoutJobTitle = selectable.filter((claim) => claim !== "jobTitle");
    assert.throws(
      () => checkDcqlSatisfied({ employment_contract: [sdJwt("dc+sd-jwt", withoutJobTitle)] }, query),
      (error: unknown) =>
        isOpenid4vpError(error, "ERR_VP_DCQL_UNSATISFIED") && /employment_contract/.test(error.message),
    );
  });
  test("a presentation without key binding does not satisfy a holder-bound query", () => {
    const unbound = sdJwt("dc+sd-jwt", selectable).replace(/kb\.jwt\.sig$/, "");
    assert.throws(
      () => checkDcqlSatisfied({ employment_contract: [unbound] }, query),
      (error: unknown) => isOpenid4vpError(error, "ERR_VP_DCQL_UNSATISFIED"),
    );
  });
  test("a credential of another typ is refused as malformed", () => {
    assert.throws(
      () => checkDcqlSatisfied({ employment_contract: [sdJwt("JWT", selectable)] }, query),
      (error: unknown) => isOpenid4vpError(error, "ERR_VP_RESPONSE_MALFORMED"),
    );
  });
});

describe("the state store: each request answerable once", () => {
  const stored = (state: string, expiresAt: number) => ({
    id: state,
    state,
    requestObject: "x.y.z",
    expiresAt,
    answeredAt: null,
    verdict: null,
  });

  test("the first claim wins; a second is refused ERR_VP_ALREADY_ANSWERED", () => {
    const store = new MemoryRequestStore();
    store.save(stored("s1", 200));
    assert.equal(store.claim("s1", 100).answeredAt, 100);
    assert.throws(
      () => store.claim("s1", 101),
      (error: unknown) => isOpenid4vpError(error, "ERR_VP_ALREADY_ANSWERED"),
    );
  });
  test("an expired request is refused, at its expiry second exactly", () => {
    const store = new MemoryRequestStore();
    store.save(stored("s2", 200));
    assert.throws(
      () => store.claim("s2", 200),
      (error: unknown) => isOpenid4vpError(error, "ERR_VP_REQUEST_EXPIRED"),
    );
  });
  test("an unknown state is refused", () => {
    assert.throws(
      () => new MemoryRequestStore().claim("nope", 1),
      (error: unknown) => isOpenid4vpError(error, "ERR_VP_UNKNOWN_STATE"),
    );
  });
});

describe("refusals before any credential check", () => {
  // Never asked: every refusal below comes before the ledger.
  const trust = new Proxy({}, { get: () => assert.fail("the ledger was asked") }) as unknown as TrustSource;

  test("another request's state, an expired request, a DCQL miss: refused, with the reason, nothing verified", async () => {
    const request = (await newRequest()).payload;
    const token = { employment_contract: [sdJwt("dc+sd-jwt", selectable.slice(1))] };
    const cases = [
      [{ vp_token: token, state: "another" }, 1_800_000_001, "ERR_VP_UNKNOWN_STATE"],
      [{ vp_token: token, state: request.state }, 1_800_000_300, "ERR_VP_REQUEST_EXPIRED"],
      [{ vp_token: token, state: request.state }, 1_800_000_001, "ERR_VP_DCQL_UNSATISFIED"],
    ] as const;
    for (const [response, now, code] of cases) {
      const verdict = await verifyAuthorizationResponse(request, response, { trust, now });
      assert.equal(verdict.outcome, "invalid");
      assert.equal(verdict.refused?.code, code);
      assert.deepEqual(verdict.presentations, []);
    }
  });
});

describe("anchor proofs looked up by digest (not part of the vp_token)", () => {
  test("an issuer service's anchored proof is used; pending, unknown, malformed or unreachable give none", async () => {
    const digest = `0x${"ab".repeat(32)}`;
    const anchor = { chainId: 31337, ledger: `0x${"11".repeat(20)}`, root: `0x${"cd".repeat(32)}`, proof: [] };
    const answers: Record<string, unknown> = {
      [`/credentials/${digest}/anchor`]: { status: "anchored", anchor },
      [`/credentials/0x${"01".repeat(32)}/anchor`]: { status: "pending" },
      [`/credentials/0x${"02".repeat(32)}/anchor`]: { status: "anchored", anchor: { root: "not hex" } },
    };
    const server = createServer((req, res) => {
      const body = answers[req.url ?? ""];
      res.statusCode = body ? 200 : 404;
      res.end(JSON.stringify(body ?? {}));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const lookup = httpAnchorLookup(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const found = await lookup(digest);
      assert.equal(found?.root, anchor.root);
      for (const other of ["01", "02", "03"]) assert.equal(await lookup(`0x${other.repeat(32)}`), undefined, other);
      assert.equal(await httpAnchorLookup("http://127.0.0.1:1")(digest), undefined);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
