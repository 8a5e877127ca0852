/**
 * Credential pickup (OpenID4VCI pre-authorized code flow): a code works once and only for ten minutes;
 * the credential is issued only against a valid proof of possession of the holder key for this issuer
 * and the current c_nonce.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import {
  caseWithAnchoredContract,
  client,
  decodeJwtPart,
  newHolderKey,
  proofJwt,
  signEs256,
  useDemoService,
} from "./helpers.ts";

const GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code";

describe("credential pickup", () => {
  let caseId: string;
  let agency: ReturnType<typeof client>;
  const wallet = () => client(demo.service.url);
  // Injected clock: real time plus an offset the tests move forward.
  let offsetMs = 0;

  const demo = useDemoService({ options: () => ({ now: () => Date.now() + offsetMs }) });
  before(async () => {
    ({ caseId, api: agency } = await caseWithAnchoredContract(demo.service, demo.ledger));
  });

  async function offer(): Promise<string> {
    const response = await agency.post(`/cases/${caseId}/offers`, { credentialType: "EmploymentContractCredential" });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body.preAuthorizedCode;
  }

  async function token(code: string) {
    return wallet().post("/token", { grant_type: GRANT, "pre-authorized_code": code });
  }

  async function credential(accessToken: string, jwt: string) {
    return wallet().post(
      "/credential",
      { format: "vc+sd-jwt", proof: { proof_type: "jwt", jwt } },
      { authorization: `Bearer ${accessToken}` },
    );
  }

  it("accepts the token request form-encoded, as OAuth clients send it", async () => {
    const code = await offer();
    const response = await fetch(`${demo.service.url}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: GRANT, "pre-authorized_code": code }).toString(),
    });
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(response.status, 200);
    assert.equal(body.token_type, "Bearer");
    assert.equal(typeof body.c_nonce, "string");
    assert.equal(response.headers.get("cache-control"), "no-store");
  });

  it("a pre-authorized code works exactly once", async () => {
    const code = await offer();
    assert.equal((await token(code)).status, 200);
    const replay = await token(code);
    assert.equal(replay.status, 400);
    assert.equal(replay.body.error, "invalid_grant");
  });

  it("a pre-authorized code expires after ten minutes", async () => {
    const code = await offer();
    offsetMs = 10 * 60_000 + 1_000;
    try {
      const late = await token(code);
      assert.equal(late.status, 400);
      assert.equal(late.body.error, "invalid_grant");
    } finally {
      offsetMs = 0;
    }
  });

  it("refuses an unknown code and another grant type", async () => {
    assert.equal((await token("ABCDEFGHJK")).body.error, "invalid_grant");
    const other = await wallet().post("/token", { grant_type: "client_credentials", "pre-authorized_code": "x" });
    assert.equal(other.body.error, "unsupported_grant_type");
  });

  describe("proof of possession", () => {
    it("refuses a proof with the wrong nonce, and hands out a fresh c_nonce", async () => {
      const { access_token } = (await token(await offer())).body;
      const holder = newHolderKey();
      const response = await credential(
        access_token,
        proofJwt(holder, { aud: demo.service.url, nonce: "not-the-c-nonce" }),
      );
      assert.equal(response.status, 400);
      assert.equal(response.body.error, "invalid_nonce");
      assert.equal(typeof response.body.c_nonce, "string");
      const retry = await credential(
        access_token,
        proofJwt(holder, { aud: demo.service.url, nonce: response.body.c_nonce }),
      );
      assert.equal(retry.status, 200, JSON.stringify(retry.body));
    });

    it("refuses a proof addressed to another issuer", async () => {
      const { access_token, c_nonce } = (await token(await offer())).body;
      const response = await credential(
        access_token,
        proofJwt(newHolderKey(), { aud: "https://evil.example", nonce: c_nonce }),
      );
      assert.equal(response.status, 400);
      assert.equal(response.body.error, "invalid_proof");
    });

    it("refuses a proof whose signature is not by the key in its header", async () => {
      const { access_token, c_nonce } = (await token(await offer())).body;
      const holder = newHolderKey();
      const impostor = newHolderKey();
      const forged = signEs256(
        { typ: "openid4vci-proof+jwt", alg: "ES256", jwk: holder.jwk },
        { aud: demo.service.url, nonce: c_nonce, iat: Math.floor(Date.now() / 1000) },
        impostor.privateKey,
      );
      const response = await credential(access_token, forged);
      assert.equal(response.status, 400);
      assert.equal(response.body.error, "invalid_proof");
    });

    it("refuses a proof with a tampered payload", async () => {
      const { access_token, c_nonce } = (await token(await offer())).body;
      const [h, , s] = proofJwt(newHolderKey(), { aud: demo.service.url, nonce: c_nonce }).split(".");
      const payload = Buffer.from(
        JSON.stringify({ aud: demo.service.url, nonce: c_nonce, iat: Math.floor(Date.now() / 1000) + 1 }),
      ).toString("base64url");
      const response = await credential(access_token, `${h}.${payload}.${s}`);
      assert.equal(response.body.error, "invalid_proof");
    });

    it("refuses the wrong typ, alg none, a non-P-256 key and a private key in the header", async () => {
      const holder = newHolderKey();
      const cases: [string, (nonce: string) => string][] = [
        ["typ", (nonce) => proofJwt(holder, { aud: demo.service.url, nonce }, { typ: "JWT" })],
        [
          "alg none",
          (nonce) =>
            `${Buffer.from(JSON.stringify({ typ: "openid4vci-proof+jwt", alg: "none", jwk: holder.jwk })).toString("base64url")}.${Buffer.from(JSON.stringify({ aud: demo.service.url, nonce, iat: Math.floor(Date.now() / 1000) })).toString("base64url")}.`,
        ],
        [
          "Ed25519 key",
          (nonce) => {
            const ed = generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" });
            return proofJwt(holder, { aud: demo.service.url, nonce }, { jwk: ed });
          },
        ],
        [
          "private key",
          (nonce) =>
            proofJwt(
              holder,
              { aud: demo.service.url, nonce },
              { jwk: { ...holder.jwk, d: holder.privateKey.export({ format: "jwk" }).d } },
            ),
        ],
        [
          "stale iat",
          (nonce) => proofJwt(holder, { aud: demo.service.url, nonce, iat: Math.floor(Date.now() / 1000) - 3600 }),
        ],
      ];
      for (const [what, make] of cases) {
        const { access_token, c_nonce } = (await token(await offer())).body;
        const response = await credential(access_token, make(c_nonce));
        assert.equal(response.status, 400, what);
        assert.equal(response.body.error, "invalid_proof", what);
      }
    });

    it("binds the proven key in cnf.jwk, and the access token cannot fetch a second credential", async () => {
      const { access_token, c_nonce } = (await token(await offer())).body;
      const holder = newHolderKey();
      const proof = proofJwt(holder, { aud: demo.service.url, nonce: c_nonce });
      const response = await credential(access_token, proof);
      assert.equal(response.status, 200);
      assert.deepEqual(decodeJwtPart(response.body.credential, 1).cnf.jwk, holder.jwk);
      const issuedBefore = (
        demo.service.context.db.prepare("SELECT COUNT(*) AS n FROM credentials").get() as { n: number }
      ).n;

      // A lost answer: the same proof again returns the same credential, nothing new is issued.
      const retry = await credential(access_token, proof);
      assert.equal(retry.status, 200);
      assert.equal(retry.body.credential, response.body.credential);
      // Another key, or a fresh nonce, gets nothing.
      const otherKey = await credential(
        access_token,
        proofJwt(newHolderKey(), { aud: demo.service.url, nonce: c_nonce }),
      );
      assert.equal(otherKey.status, 401);
      assert.equal(otherKey.body.error, "invalid_token");
      const otherNonce = await credential(
        access_token,
        proofJwt(holder, { aud: demo.service.url, nonce: "fresh-nonce" }),
      );
      assert.equal(otherNonce.status, 401);
      assert.equal(
        (demo.service.context.db.prepare("SELECT COUNT(*) AS n FROM credentials").get() as { n: number }).n,
        issuedBefore,
      );
    });

    it("refuses a missing or unknown bearer token", async () => {
      const holder = newHolderKey();
      const missing = await wallet().post("/credential", {
        format: "vc+sd-jwt",
        proof: { proof_type: "jwt", jwt: proofJwt(holder, { aud: demo.service.url, nonce: "x" }) },
      });
      assert.equal(missing.status, 401);
      const unknown = await credential("A".repeat(43), proofJwt(holder, { aud: demo.service.url, nonce: "x" }));
      assert.equal(unknown.status, 401);
    });

    it("an expired access token is refused", async () => {
      const { access_token, c_nonce } = (await token(await offer())).body;
      offsetMs = 6 * 60_000;
      try {
        const response = await credential(
          access_token,
          proofJwt(newHolderKey(), {
            aud: demo.service.url,
            nonce: c_nonce,
            iat: Math.floor((Date.now() + offsetMs) / 1000),
          }),
        );
        assert.equal(response.status, 401);
        assert.equal(response.body.error, "invalid_token");
      } finally {
        offsetMs = 0;
      }
    });
  });
});
