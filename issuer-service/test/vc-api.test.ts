/**
 * VC-API as the W3C VC-API specifies it: `POST /credentials/issue` signs only as the caller and only in
 * the data model it can honour (a wrong `issuer` or `@context` is a 400 naming it, not a 201 that says
 * something else), and `POST /credentials/verify` verifies a bare credential — the compact token or a
 * VCDM 2.0 EnvelopedVerifiableCredential — fetching the anchor proof from the service's own store.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  FAIRLEDGER_CONTEXT_PATH,
  LEGACY_FAIRLEDGER_CONTEXT,
  VCDM1_CONTEXT,
  VCDM2_CONTEXT,
  credentialDigest,
} from "@fairledger/common/node";
import {
  caseWithAnchoredContract,
  client,
  decodeJwtPart,
  newHolderKey,
  present,
  useDemoService,
  waitFor,
  type HolderKey,
} from "./helpers.ts";

describe("VC-API", () => {
  const fixture = useDemoService();
  const ours = () => `${fixture.service.url}${FAIRLEDGER_CONTEXT_PATH}`;

  async function issue(
    credential: Record<string, unknown>,
    format: "vc+sd-jwt" | "vc-jwt" = "vc+sd-jwt",
    holder: HolderKey = newHolderKey(),
  ) {
    const { caseId, api } = await caseWithAnchoredContract(fixture.service, fixture.ledger);
    return api.post("/credentials/issue", {
      credential: { type: ["VerifiableCredential", "EmploymentContractCredential"], ...credential },
      options: { caseId, holderJwk: holder.jwk, format },
    });
  }

  async function anchored(digest: string): Promise<void> {
    await waitFor(async () => {
      const answer = await client(fixture.service.url).get(`/credentials/${digest}/anchor`);
      return answer.body.status === "anchored" ? true : undefined;
    }, `anchor of ${digest}`);
  }

  describe("POST /credentials/issue", () => {
    it("forged: an issuer that is not the caller's DID is refused with 400 naming it", async () => {
      const other = `did:ethr:0x7a69:${fixture.ledger.demo.accounts.employer.address.toLowerCase()}`;
      for (const issuer of [other, { id: other, name: "Someone else" }]) {
        const answer = await issue({ issuer });
        assert.equal(answer.status, 400, JSON.stringify(answer.body));
        assert.match(answer.body.detail, new RegExp(`credential.issuer "${other}" is not your DID`));
        assert.equal(answer.body.errors[0].pointer, "#/credential/issuer");
      }
    });

    it("the caller's own DID as issuer (string or object, any letter case) issues as before", async () => {
      const own = fixture.service.principals.agency!.did;
      for (const issuer of [own, { id: own.toUpperCase().replace("DID:ETHR:", "did:ethr:") }]) {
        const answer = await issue({ issuer });
        assert.equal(answer.status, 201, JSON.stringify(answer.body));
        assert.equal(decodeJwtPart(answer.body.credential, 1).iss, own);
      }
    });

    for (const [forgery, context, format] of [
      ["no VCDM context first", ["https://evil.example/ctx", VCDM2_CONTEXT], "vc+sd-jwt"],
      ["VCDM 1.1 for an SD-JWT VC (VCDM 2.0)", [VCDM1_CONTEXT], "vc+sd-jwt"],
      ["VCDM 2.0 for a VC-JWT (VCDM 1.1)", [VCDM2_CONTEXT], "vc-jwt"],
      ["a context the service cannot honour", [VCDM2_CONTEXT, "https://schema.org/"], "vc+sd-jwt"],
      ["an inline context", [VCDM2_CONTEXT, { workerName: "https://evil.example/name" }], "vc+sd-jwt"],
      [
        "another deployment's FairLedger context",
        [VCDM2_CONTEXT, `https://elsewhere.example${FAIRLEDGER_CONTEXT_PATH}`],
        "vc+sd-jwt",
      ],
    ] as const) {
      it(`forged: @context with ${forgery} is refused with 400`, async () => {
        const answer = await issue({ "@context": context }, format);
        assert.equal(answer.status, 400, JSON.stringify(answer.body));
        assert.match(answer.body.errors[0].pointer, /^#\/credential\/@context/);
      });
    }

    it("the VCDM context of the format, with or without FairLedger's (served URL or legacy URN), issues with the served URL", async () => {
      for (const [context, format, vcdm] of [
        [[VCDM2_CONTEXT], "vc+sd-jwt", VCDM2_CONTEXT],
        [[VCDM2_CONTEXT, ours()], "vc+sd-jwt", VCDM2_CONTEXT],
        [[VCDM2_CONTEXT, LEGACY_FAIRLEDGER_CONTEXT], "vc+sd-jwt", VCDM2_CONTEXT],
        [[VCDM1_CONTEXT, ours()], "vc-jwt", VCDM1_CONTEXT],
      ] as const) {
        const answer = await issue({ "@context": context }, format);
        assert.equal(answer.status, 201, JSON.stringify(answer.body));
        const payload = decodeJwtPart(answer.body.credential, 1);
        assert.deepEqual((format === "vc-jwt" ? payload.vc : payload)["@context"], [vcdm, ours()]);
      }
    });
  });

  describe("POST /credentials/verify", () => {
    for (const format of ["vc+sd-jwt", "vc-jwt"] as const) {
      it(`a bare ${format} credential verifies, the anchor proof taken from the service's store`, async () => {
        const issued = await issue({}, format);
        assert.equal(issued.status, 201, JSON.stringify(issued.body));
        const credential = issued.body.credential as string;
        await anchored(credentialDigest(credential));
        const verified = await client(fixture.service.url).post("/credentials/verify", {
          verifiableCredential: credential,
        });
        assert.equal(verified.status, 200);
        const anchoredCheck = verified.body.checks.find((c: { id: string }) => c.id === "anchored");
        assert.equal(anchoredCheck?.passed, true, JSON.stringify(verified.body.checks));
        assert.equal(verified.body.verified, true, JSON.stringify(verified.body.checks));
      });
    }

    it("a VCDM 2.0 EnvelopedVerifiableCredential (data: URL) verifies the same way", async () => {
      const issued = await issue({});
      const credential = issued.body.credential as string;
      await anchored(credentialDigest(credential));
      const verified = await client(fixture.service.url).post("/credentials/verify", {
        verifiableCredential: {
          "@context": [VCDM2_CONTEXT],
          type: "EnvelopedVerifiableCredential",
          id: `data:application/vc+sd-jwt,${credential}`,
        },
      });
      assert.equal(verified.status, 200, JSON.stringify(verified.body));
      assert.equal(verified.body.verified, true, JSON.stringify(verified.body.checks));
    });

    it("forged: an enveloped credential of another media type, or base64-encoded, is a 400", async () => {
      for (const id of ["data:text/plain,hello", "data:application/vc+sd-jwt;base64,ZXlK"]) {
        const answer = await client(fixture.service.url).post("/credentials/verify", {
          verifiableCredential: { type: "EnvelopedVerifiableCredential", id },
        });
        assert.equal(answer.status, 400, id);
      }
    });

    it("POST /presentations/verify: a bare SD-JWT VC presentation (key binding, no envelope) verifies with the stored anchor", async () => {
      const holder = newHolderKey();
      const issued = await issue({}, "vc+sd-jwt", holder);
      const credential = issued.body.credential as string;
      await anchored(credentialDigest(credential));
      const request = { aud: "https://border.example/verifier", nonce: "n-0123456789" };
      const presentation = present(credential, holder, ["corridor", "employerName"], request);
      const verified = await client(fixture.service.url).post("/presentations/verify", {
        verifiablePresentation: presentation,
        options: { domain: request.aud, challenge: request.nonce },
      });
      assert.equal(verified.body.verified, true, JSON.stringify(verified.body.checks));
    });

    it("forged: a credential this service never anchored gets no proof from its store and does not verify", async () => {
      const issued = await issue({});
      const credential = issued.body.credential as string;
      // Same issuer-signed part, so the same digest: tamper the signature instead, and the digest changes.
      const [jwt, ...disclosures] = credential.split("~");
      const [header, payload, signature] = jwt!.split(".");
      const forged = [`${header}.${payload}.${signature!.slice(0, -4)}AAAA`, ...disclosures].join("~");
      const verified = await client(fixture.service.url).post("/credentials/verify", { verifiableCredential: forged });
      assert.equal(verified.body.verified, false);
    });
  });
});
