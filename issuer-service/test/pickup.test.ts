/**
 * Credential pickup (OpenID4VCI 1.0 pre-authorized code flow): a code works once and for its lifetime
 * (the service's 48 h, or the offer's own), in any case and with spaces or hyphens; expired, used and
 * mistyped codes are told apart; a PIN (tx_code) guards an offer when the agency asks for one; an agency
 * renews the code of an expired offer. The credential is issued only against a valid proof of possession
 * of the holder key for this issuer on a live, unspent nonce, in a configuration the offer lists.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { Writable } from "node:stream";
import pino from "pino";
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
const HOUR = 3600_000;

describe("credential pickup", () => {
  let caseId: string;
  let agency: ReturnType<typeof client>;
  const wallet = () => client(demo.service.url);
  // Injected clock: real time plus an offset the tests move forward.
  let offsetMs = 0;
  const logLines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: "info" },
    new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split("\n").filter(Boolean)) logLines.push(JSON.parse(line));
        done();
      },
    }),
  );

  const demo = useDemoService({ options: () => ({ now: () => Date.now() + offsetMs, logger }) });
  before(async () => {
    ({ caseId, api: agency } = await caseWithAnchoredContract(demo.service, demo.ledger));
  });

  async function makeOffer(body: Record<string, unknown> = {}) {
    const response = await agency.post(`/cases/${caseId}/offers`, {
      credentialType: "EmploymentContractCredential",
      ...body,
    });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body;
  }

  async function offer(): Promise<string> {
    return (await makeOffer()).preAuthorizedCode;
  }

  async function token(code: string, txCode?: string) {
    return wallet().post("/token", {
      grant_type: GRANT,
      "pre-authorized_code": code,
      ...(txCode === undefined ? {} : { tx_code: txCode }),
    });
  }

  async function nonce(): Promise<string> {
    const response = await wallet().post("/nonce");
    assert.equal(response.status, 200);
    return response.body.c_nonce;
  }

  /** A 1.0 credential request for the SD-JWT VC configuration (or `configurationId`). */
  async function credential(accessToken: string, jwt: string, configurationId = "EmploymentContractCredential") {
    return wallet().post(
      "/credential",
      { credential_configuration_id: configurationId, proofs: { jwt: [jwt] } },
      { authorization: `Bearer ${accessToken}` },
    );
  }

  async function withClockAt<T>(offset: number, run: () => Promise<T>): Promise<T> {
    offsetMs = offset;
    try {
      return await run();
    } finally {
      offsetMs = 0;
    }
  }

  describe("metadata and discovery", () => {
    it("publishes issuer metadata laid out as OpenID4VCI 1.0, with both formats of each type", async () => {
      const { status, body } = await wallet().get("/.well-known/openid-credential-issuer");
      assert.equal(status, 200);
      assert.equal(body.credential_issuer, demo.service.url);
      assert.equal(body.credential_endpoint, `${demo.service.url}/credential`);
      assert.equal(body.nonce_endpoint, `${demo.service.url}/nonce`);
      assert.equal(body.notification_endpoint, `${demo.service.url}/notification`);
      const sdJwt = body.credential_configurations_supported.EmploymentContractCredential;
      assert.equal(sdJwt.format, "dc+sd-jwt");
      assert.equal(sdJwt.vct, `${demo.service.url}/vct/EmploymentContractCredential`);
      assert.deepEqual(sdJwt.proof_types_supported, { jwt: { proof_signing_alg_values_supported: ["ES256"] } });
      assert.deepEqual(
        sdJwt.credential_metadata.display.map((entry: { locale: string }) => entry.locale),
        ["en", "tl", "hi", "ar"],
      );
      const vcJwt = body.credential_configurations_supported.EmploymentContractCredential_jwt_vc_json;
      assert.equal(vcJwt.format, "jwt_vc_json");
      assert.deepEqual(vcJwt.credential_definition.type, ["VerifiableCredential", "EmploymentContractCredential"]);
      assert.equal(body.credential_configurations_supported.AgencyLicenceCredential, undefined);
    });

    it("publishes RFC 8414 authorization server metadata for the pre-authorized code grant", async () => {
      const { status, body } = await wallet().get("/.well-known/oauth-authorization-server");
      assert.equal(status, 200);
      assert.equal(body.issuer, demo.service.url);
      assert.equal(body.token_endpoint, `${demo.service.url}/token`);
      assert.deepEqual(body.grant_types_supported, [GRANT]);
      assert.equal(body["pre-authorized_grant_anonymous_access_supported"], true);
    });

    it("answers 404, not 401, for a path no route answers, under /.well-known too; a known route still asks for a key", async () => {
      for (const path of ["/no-such-route", "/.well-known/openid-configuration", "/.well-known/x/y", "/cases/x/nope"]) {
        const response = await wallet().get(path);
        assert.equal(response.status, 404, path);
      }
      assert.equal((await wallet().post("/no-such-route", {})).status, 404);
      assert.equal((await wallet().get("/cases/some-case")).status, 401, "an existing route without a key");
      assert.equal((await wallet().post("/cases", {})).status, 401);
    });

    it("hands out single-use nonces at /nonce, not cached", async () => {
      const response = await fetch(`${demo.service.url}/nonce`, { method: "POST" });
      const body = (await response.json()) as Record<string, unknown>;
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("cache-control"), "no-store");
      assert.equal(typeof body.c_nonce, "string");
      assert.notEqual(body.c_nonce, await nonce());
    });
  });

  describe("the code", () => {
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
      assert.equal(response.headers.get("cache-control"), "no-store");
    });

    it("a pre-authorized code works exactly once; the second try says it was used", async () => {
      const code = await offer();
      assert.equal((await token(code)).status, 200);
      const replay = await token(code);
      assert.equal(replay.status, 400);
      assert.equal(replay.headers.get("content-type")?.startsWith("application/json"), true);
      assert.equal(replay.body.error, "invalid_grant");
      assert.equal(replay.body.reason, "used");
      assert.equal(typeof replay.body.error_description, "string");
    });

    it("accepts a code typed in lower case, with spaces and hyphens", async () => {
      const code = await offer();
      const typed = ` ${code.slice(0, 5).toLowerCase()} - ${code.slice(5)} `;
      assert.equal((await token(typed)).status, 200);
    });

    it("a code lives the service's 48 hours by default, then says it expired", async () => {
      const code = await offer();
      const live = await withClockAt(47 * HOUR, () => token(code));
      assert.equal(live.status, 200, JSON.stringify(live.body));
      const late = await makeOffer();
      const expired = await withClockAt(48 * HOUR + 1_000, () => token(late.preAuthorizedCode));
      assert.equal(expired.status, 400);
      assert.equal(expired.body.error, "invalid_grant");
      assert.equal(expired.body.reason, "expired");
    });

    it("an offer's own lifetime counts instead of the default", async () => {
      const made = await makeOffer({ codeLifetimeSeconds: 3600 });
      assert.equal(Date.parse(made.expiresAt) - Date.now() <= HOUR, true);
      const expired = await withClockAt(HOUR + 1_000, () => token(made.preAuthorizedCode));
      assert.equal(expired.body.reason, "expired");
    });

    it("tells a mistyped code apart, and refuses another grant type", async () => {
      const unknown = await token("ABCDEFGHJK");
      assert.equal(unknown.body.error, "invalid_grant");
      assert.equal(unknown.body.reason, "unknown");
      const other = await wallet().post("/token", { grant_type: "client_credentials", "pre-authorized_code": "x" });
      assert.equal(other.body.error, "unsupported_grant_type");
      const missing = await wallet().post("/token", { grant_type: GRANT });
      assert.equal(missing.body.error, "invalid_request");
    });

    it("an agency renews the code of an expired, unredeemed offer; the old code is gone, a redeemed offer is not renewed", async () => {
      const made = await makeOffer({ codeLifetimeSeconds: 600 });
      await withClockAt(HOUR, async () => {
        assert.equal((await token(made.preAuthorizedCode)).body.reason, "expired");
        const renewed = await agency.post(`/cases/${caseId}/offers/${made.offerId}/code`, {});
        assert.equal(renewed.status, 201, JSON.stringify(renewed.body));
        assert.equal(renewed.body.offerId, made.offerId);
        assert.notEqual(renewed.body.preAuthorizedCode, made.preAuthorizedCode);
        assert.equal((await token(made.preAuthorizedCode)).body.reason, "unknown");
        assert.equal((await token(renewed.body.preAuthorizedCode)).status, 200);
        const again = await agency.post(`/cases/${caseId}/offers/${made.offerId}/code`, {});
        assert.equal(again.status, 409);
      });
      const elsewhere = await agency.post(`/cases/${caseId}/offers/00000000-0000-4000-8000-000000000000/code`, {});
      assert.equal(elsewhere.status, 404);
    });
    it("an Idempotency-Key replay of an expired offer does not hand out its dead code again: it names the renewal", async () => {
      const headers = { "idempotency-key": `expired-offer-${Date.now()}` };
      const body = { credentialType: "EmploymentContractCredential", codeLifetimeSeconds: 600 };
      const first = await agency.post(`/cases/${caseId}/offers`, body, headers);
      assert.equal(first.status, 201);
      const replay = await withClockAt(HOUR, () => agency.post(`/cases/${caseId}/offers`, body, headers));
      assert.equal(replay.status, 409, JSON.stringify(replay.body));
      assert.match(replay.body.detail, new RegExp(`/cases/${caseId}/offers/${first.body.offerId}/code`));
      assert.equal(JSON.stringify(replay.body).includes(first.body.preAuthorizedCode), false);
    });
  });

  describe("tx_code (PIN)", () => {
    it("an offer with a PIN returns it apart from the code: not in the offer, its link or its QR", async () => {
      const made = await makeOffer({ txCode: { length: 4 } });
      assert.match(made.txCode, /^[0-9]{4}$/);
      assert.deepEqual(made.credentialOffer.grants[GRANT].tx_code.input_mode, "numeric");
      assert.equal(made.credentialOffer.grants[GRANT].tx_code.length, 4);
      assert.equal(JSON.stringify(made.credentialOffer).includes(`"${made.txCode}"`), false);
      assert.equal(made.credentialOfferUri.includes(made.txCode), false);
      assert.match((await makeOffer({ txCode: true })).txCode, /^[0-9]{6}$/);
      assert.equal((await makeOffer()).txCode, undefined);
    });

    it("/token asks for the PIN, refuses a wrong one, accepts the right one", async () => {
      const made = await makeOffer({ txCode: true });
      const without = await token(made.preAuthorizedCode);
      assert.equal(without.status, 400);
      assert.equal(without.body.error, "invalid_request");
      assert.equal(without.body.reason, "tx_code_required");
      const wrongPin = made.txCode === "000000" ? "111111" : "000000";
      const wrong = await token(made.preAuthorizedCode, wrongPin);
      assert.equal(wrong.body.error, "invalid_grant");
      assert.equal(wrong.body.reason, "tx_code_wrong");
      assert.equal((await token(made.preAuthorizedCode, made.txCode)).status, 200);
    });

    it("after five wrong PINs the code is blocked, even for the right PIN, until the agency renews it with a new PIN", async () => {
      const made = await makeOffer({ txCode: true });
      const wrongPin = made.txCode === "000000" ? "111111" : "000000";
      for (let attempt = 0; attempt < 5; attempt++)
        assert.equal((await token(made.preAuthorizedCode, wrongPin)).body.reason, "tx_code_wrong");
      const blocked = await token(made.preAuthorizedCode, made.txCode);
      assert.equal(blocked.body.error, "invalid_grant");
      assert.equal(blocked.body.reason, "blocked");
      const renewed = await agency.post(`/cases/${caseId}/offers/${made.offerId}/code`, {});
      assert.equal(renewed.status, 201);
      assert.match(renewed.body.txCode, /^[0-9]{6}$/);
      assert.equal((await token(renewed.body.preAuthorizedCode, renewed.body.txCode)).status, 200);
    });
  });

  describe("the credential request", () => {
    it("issues the configuration the wallet chose among those offered: SD-JWT VC or VC-JWT", async () => {
      const made = await makeOffer();
      assert.deepEqual(made.credentialOffer.credential_configuration_ids, [
        "EmploymentContractCredential",
        "EmploymentContractCredential_jwt_vc_json",
      ]);
      const holder = newHolderKey();
      const { access_token } = (await token(made.preAuthorizedCode)).body;
      const answer = await credential(
        access_token,
        proofJwt(holder, { aud: demo.service.url, nonce: await nonce() }),
        "EmploymentContractCredential_jwt_vc_json",
      );
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const vcJwt: string = answer.body.credentials[0].credential;
      assert.equal(vcJwt.includes("~"), false);
      assert.deepEqual(decodeJwtPart(vcJwt, 1).vc.type, ["VerifiableCredential", "EmploymentContractCredential"]);
      assert.equal(answer.body.credential, undefined, "1.0 answers credentials[], not credential");
    });

    it("takes the wallet's notification of the credential's fate: the event is audited, a wrong id refused", async () => {
      const { access_token } = (await token(await offer())).body;
      const answer = await credential(
        access_token,
        proofJwt(newHolderKey(), { aud: demo.service.url, nonce: await nonce() }),
      );
      assert.equal(typeof answer.body.notification_id, "string");
      const notify = (body: Record<string, unknown>) =>
        wallet().post("/notification", body, { authorization: `Bearer ${access_token}` });
      const wrong = await notify({ notification_id: "not-this-one", event: "credential_accepted" });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.error, "invalid_notification_id");
      const malformed = await notify({ notification_id: answer.body.notification_id, event: "credential_lost" });
      assert.equal(malformed.body.error, "invalid_notification_request");
      const accepted = await notify({
        notification_id: answer.body.notification_id,
        event: "credential_failure",
        event_description: "Maria's phone ran out of storage",
      });
      assert.equal(accepted.status, 204);
      const audited = demo.service.context.db
        .prepare("SELECT detail FROM audit_log WHERE action = 'offer.wallet-notified' ORDER BY id DESC LIMIT 1")
        .get() as { detail: string };
      assert.match(audited.detail, /credential_failure/);
      assert.equal(audited.detail.includes("Maria"), false, "the wallet's free text is not kept");
      const unauthenticated = await wallet().post("/notification", {
        notification_id: answer.body.notification_id,
        event: "credential_accepted",
      });
      assert.equal(unauthenticated.status, 401);
    });

    it("an offer for one format lists only that configuration and refuses the other", async () => {
      const made = await makeOffer({ format: "dc+sd-jwt" });
      assert.deepEqual(made.credentialOffer.credential_configuration_ids, ["EmploymentContractCredential"]);
      const { access_token } = (await token(made.preAuthorizedCode)).body;
      const holder = newHolderKey();
      const proof = proofJwt(holder, { aud: demo.service.url, nonce: await nonce() });
      const other = await credential(access_token, proof, "EmploymentContractCredential_jwt_vc_json");
      assert.equal(other.status, 400);
      assert.equal(other.body.error, "unknown_credential_configuration");
      const unknown = await credential(access_token, proof, "PassportCredential");
      assert.equal(unknown.body.error, "unknown_credential_configuration");
      const anotherType = await credential(access_token, proof, "RecruitmentFeeStatement");
      assert.equal(anotherType.body.error, "unknown_credential_configuration");
      // Refusing the configuration spent neither the nonce nor the token.
      const chosen = await credential(access_token, proof);
      assert.equal(chosen.status, 200, JSON.stringify(chosen.body));
      assert.match(chosen.body.credentials[0].credential, /~$/);
    });

    it("refuses a malformed 1.0 request: no proofs, two proofs", async () => {
      const { access_token } = (await token(await offer())).body;
      const holder = newHolderKey();
      const proof = proofJwt(holder, { aud: demo.service.url, nonce: await nonce() });
      for (const body of [
        { credential_configuration_id: "EmploymentContractCredential" },
        { credential_configuration_id: "EmploymentContractCredential", proofs: { jwt: [proof, proof] } },
        { proofs: { jwt: [proof] } },
      ]) {
        const response = await wallet().post("/credential", body, { authorization: `Bearer ${access_token}` });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.error, "invalid_credential_request", JSON.stringify(body));
      }
    });

    it("still answers a Draft 13/14 wallet (format, proof, c_nonce from the token response, credential in the answer), and logs it", async () => {
      const { access_token, c_nonce } = (await token(await offer())).body;
      assert.equal(typeof c_nonce, "string");
      const holder = newHolderKey();
      const response = await wallet().post(
        "/credential",
        {
          format: "vc+sd-jwt",
          proof: { proof_type: "jwt", jwt: proofJwt(holder, { aud: demo.service.url, nonce: c_nonce }) },
        },
        { authorization: `Bearer ${access_token}` },
      );
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.match(response.body.credential, /~$/);
      assert.equal(response.body.format, "vc+sd-jwt");
      const line = logLines.find((entry) => String(entry.msg).startsWith("openid4vci draft-shaped credential request"));
      assert.equal(line?.until, "2027-06-30");
      assert.equal(JSON.stringify(line).includes(access_token), false, "no token in the log");
    });

    it("refuses a Draft 13/14 request after the sunset date", async () => {
      const sunset = Date.parse("2027-07-01T00:00:00Z") - Date.now();
      await withClockAt(sunset, async () => {
        const made = await makeOffer();
        const { access_token, c_nonce } = (await token(made.preAuthorizedCode)).body;
        const response = await wallet().post(
          "/credential",
          {
            format: "vc+sd-jwt",
            proof: {
              proof_type: "jwt",
              jwt: proofJwt(newHolderKey(), {
                aud: demo.service.url,
                nonce: c_nonce,
                iat: Math.floor((Date.now() + sunset) / 1000),
              }),
            },
          },
          { authorization: `Bearer ${access_token}` },
        );
        assert.equal(response.body.error, "invalid_credential_request");
      });
    });
  });

  describe("proof of possession", () => {
    it("refuses a proof on a nonce this issuer never gave, and hands out a fresh c_nonce", async () => {
      const { access_token } = (await token(await offer())).body;
      const holder = newHolderKey();
      const response = await credential(
        access_token,
        proofJwt(holder, { aud: demo.service.url, nonce: "not-a-nonce" }),
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

    it("refuses a replayed proof: its nonce was spent on another offer", async () => {
      const holder = newHolderKey();
      const proof = proofJwt(holder, { aud: demo.service.url, nonce: await nonce() });
      const first = (await token(await offer())).body.access_token;
      assert.equal((await credential(first, proof)).status, 200);
      const second = (await token(await offer())).body.access_token;
      const replayed = await credential(second, proof);
      assert.equal(replayed.status, 400);
      assert.equal(replayed.body.error, "invalid_nonce");
    });

    it("refuses an expired nonce (nonces live 5 minutes)", async () => {
      const stale = await nonce();
      const code = await offer();
      const { access_token } = (await withClockAt(4 * 60_000, () => token(code))).body;
      const response = await withClockAt(6 * 60_000, () =>
        credential(
          access_token,
          proofJwt(newHolderKey(), {
            aud: demo.service.url,
            nonce: stale,
            iat: Math.floor((Date.now() + offsetMs) / 1000),
          }),
        ),
      );
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.equal(response.body.error, "invalid_nonce");
    });

    it("refuses a proof addressed to another issuer", async () => {
      const { access_token } = (await token(await offer())).body;
      const response = await credential(
        access_token,
        proofJwt(newHolderKey(), { aud: "https://evil.example", nonce: await nonce() }),
      );
      assert.equal(response.status, 400);
      assert.equal(response.body.error, "invalid_proof");
    });

    it("refuses a proof whose signature is not by the key in its header", async () => {
      const { access_token } = (await token(await offer())).body;
      const holder = newHolderKey();
      const impostor = newHolderKey();
      const forged = signEs256(
        { typ: "openid4vci-proof+jwt", alg: "ES256", jwk: holder.jwk },
        { aud: demo.service.url, nonce: await nonce(), iat: Math.floor(Date.now() / 1000) },
        impostor.privateKey,
      );
      const response = await credential(access_token, forged);
      assert.equal(response.status, 400);
      assert.equal(response.body.error, "invalid_proof");
    });

    it("refuses a proof with a tampered payload", async () => {
      const { access_token } = (await token(await offer())).body;
      const c_nonce = await nonce();
      const [h, , s] = proofJwt(newHolderKey(), { aud: demo.service.url, nonce: c_nonce }).split(".");
      const payload = Buffer.from(
        JSON.stringify({ aud: demo.service.url, nonce: c_nonce, iat: Math.floor(Date.now() / 1000) + 1 }),
      ).toString("base64url");
      const response = await credential(access_token, `${h}.${payload}.${s}`);
      assert.equal(response.body.error, "invalid_proof");
    });

    it("refuses the wrong typ, alg none, a non-P-256 key, a private key in the header and a stale iat", async () => {
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
        const { access_token } = (await token(await offer())).body;
        const response = await credential(access_token, make(await nonce()));
        assert.equal(response.status, 400, what);
        assert.equal(response.body.error, "invalid_proof", what);
      }
    });

    it("binds the proven key in cnf.jwk, and the access token cannot fetch a second credential", async () => {
      const { access_token } = (await token(await offer())).body;
      const holder = newHolderKey();
      const proof = proofJwt(holder, { aud: demo.service.url, nonce: await nonce() });
      const response = await credential(access_token, proof);
      assert.equal(response.status, 200);
      const issued: string = response.body.credentials[0].credential;
      assert.deepEqual(decodeJwtPart(issued, 1).cnf.jwk, holder.jwk);
      const issuedBefore = (
        demo.service.context.db.prepare("SELECT COUNT(*) AS n FROM credentials").get() as { n: number }
      ).n;

      // A lost answer: the same proof again returns the same credential, nothing new is issued.
      const retry = await credential(access_token, proof);
      assert.equal(retry.status, 200);
      assert.equal(retry.body.credentials[0].credential, issued);
      // Another key, a fresh nonce, or the other configuration gets nothing.
      const otherKey = await credential(
        access_token,
        proofJwt(newHolderKey(), { aud: demo.service.url, nonce: await nonce() }),
      );
      assert.equal(otherKey.status, 401);
      assert.equal(otherKey.body.error, "invalid_token");
      const otherNonce = await credential(
        access_token,
        proofJwt(holder, { aud: demo.service.url, nonce: await nonce() }),
      );
      assert.equal(otherNonce.status, 401);
      const otherFormat = await credential(access_token, proof, "EmploymentContractCredential_jwt_vc_json");
      assert.equal(otherFormat.status, 401);
      assert.equal(
        (demo.service.context.db.prepare("SELECT COUNT(*) AS n FROM credentials").get() as { n: number }).n,
        issuedBefore,
      );
    });

    it("refuses a missing or unknown bearer token", async () => {
      const holder = newHolderKey();
      const missing = await wallet().post("/credential", {
        credential_configuration_id: "EmploymentContractCredential",
        proofs: { jwt: [proofJwt(holder, { aud: demo.service.url, nonce: "x" })] },
      });
      assert.equal(missing.status, 401);
      assert.equal(missing.body.error, "invalid_token");
      const unknown = await credential("A".repeat(43), proofJwt(holder, { aud: demo.service.url, nonce: "x" }));
      assert.equal(unknown.status, 401);
    });

    it("an expired access token is refused", async () => {
      const { access_token } = (await token(await offer())).body;
      const c_nonce = await nonce();
      await withClockAt(6 * 60_000, async () => {
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
      });
    });
  });
});
