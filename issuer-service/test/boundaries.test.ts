/**
 * Every refusal at the API edge: authentication, roles, case ownership, licences on chain, idempotency,
 * malformed and oversized bodies — each answered as RFC 9457 problem+json naming what was wrong.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  TERMS,
  WORKER,
  caseWithAnchoredContract,
  client,
  newHolderKey,
  startService,
  useDemoService,
} from "./helpers.ts";

const PROBLEM = "application/problem+json";

describe("API boundaries", () => {
  const demo = useDemoService();
  let openCase: Record<string, unknown>;
  before(async () => {
    openCase = { corridor: "PH-SA", employer: demo.ledger.demo.accounts.employer.address, worker: WORKER };
  });

  describe("authentication and roles", () => {
    it("refuses a missing or unknown API key with 401", async () => {
      const missing = await client(demo.service.url).post("/cases", openCase, { "idempotency-key": "key-00000001" });
      assert.equal(missing.status, 401);
      assert.match(missing.headers.get("content-type")!, /application\/problem\+json/);
      assert.equal(missing.body.type, "urn:fairledger:problem:ERR_UNAUTHENTICATED");
      const forged = await client(demo.service.url, `${demo.service.apiKeys.agency}x`).post("/cases", openCase);
      assert.equal(forged.status, 401);
    });

    it("an authority cannot run cases and an agency cannot issue licences (403)", async () => {
      const authority = await client(demo.service.url, demo.service.apiKeys.authorityPH).post("/cases", openCase);
      assert.equal(authority.status, 403);
      assert.equal(authority.body.code, "ERR_FORBIDDEN");
      const agency = await client(demo.service.url, demo.service.apiKeys.agency).post("/licences", {
        agency: demo.ledger.demo.accounts.agency.address,
        agencyName: "Self-licensed",
        licenceNumber: "X-1",
        validFrom: new Date().toISOString(),
        validUntil: new Date(Date.now() + 86400_000).toISOString(),
      });
      assert.equal(agency.status, 403);
    });

    it("an agency never sees or acts on another agency's case (404, as for an unknown case)", async () => {
      const { caseId } = await caseWithAnchoredContract(demo.service, demo.ledger);
      const other = client(demo.service.url, demo.service.apiKeys.agencyIN);
      assert.equal((await other.get(`/cases/${caseId}`)).status, 404);
      assert.equal(
        (await other.post(`/cases/${caseId}/offers`, { credentialType: "EmploymentContractCredential" })).status,
        404,
      );
      assert.equal((await other.post(`/cases/${caseId}/erasure`, { reason: "probe" })).status, 404);
      const issue = await other.post("/credentials/issue", {
        credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
        options: { caseId, holderJwk: newHolderKey().jwk },
      });
      assert.equal(issue.status, 404);
      assert.equal((await client(demo.service.url, demo.service.apiKeys.agency).get(`/cases/${caseId}`)).status, 200);
    });
  });

  describe("licences on chain", () => {
    it("refuses an agency without a licence valid now", async () => {
      const response = await client(demo.service.url, demo.service.apiKeys.unlicensedAgency).post("/cases", openCase);
      assert.equal(response.status, 403);
      assert.equal(response.body.code, "ERR_AGENCY_NOT_LICENSED");
    });
  });

  describe("ledger refusals", () => {
    it("a case the contract refuses is reported with its custom error and leaves nothing behind", async () => {
      const before = (demo.service.context.db.prepare("SELECT COUNT(*) AS n FROM case_keys").get() as { n: number }).n;
      const response = await client(demo.service.url, demo.service.apiKeys.agency).post("/cases", {
        ...openCase,
        corridor: "IN-AE",
      });
      assert.equal(response.status, 422, JSON.stringify(response.body));
      assert.equal(response.body.code, "ERR_CHAIN_REJECTED");
      assert.equal(response.body.chainError, "CasesAgencyNotInOrigin");
      assert.equal(
        (demo.service.context.db.prepare("SELECT COUNT(*) AS n FROM case_keys").get() as { n: number }).n,
        before,
      );
      assert.equal(
        (
          demo.service.context.db.prepare("SELECT COUNT(*) AS n FROM cases WHERE status = 'opening'").get() as {
            n: number;
          }
        ).n,
        0,
      );
    });
  });

  describe("idempotency", () => {
    it("replays the stored response for the same key and request, once", async () => {
      const api = client(demo.service.url, demo.service.apiKeys.agency);
      const headers = { "idempotency-key": "open-case-replay-1" };
      const first = await api.post("/cases", openCase, headers);
      const second = await api.post("/cases", openCase, headers);
      assert.equal(first.status, 201);
      assert.equal(second.status, 201);
      assert.deepEqual(second.body, first.body);
      assert.equal(second.headers.get("idempotent-replayed"), "true");
      const count = demo.service.context.db
        .prepare("SELECT COUNT(*) AS n FROM cases WHERE case_commitment = ?")
        .get(first.body.caseCommitment) as { n: number };
      assert.equal(count.n, 1);
    });

    it("refuses the same key with a different request (422) and a write without a key (428)", async () => {
      const api = client(demo.service.url, demo.service.apiKeys.agency);
      await api.post("/cases", openCase, { "idempotency-key": "open-case-mismatch" });
      const mismatch = await api.post(
        "/cases",
        { ...openCase, corridor: "PH-AE" },
        { "idempotency-key": "open-case-mismatch" },
      );
      assert.equal(mismatch.status, 422);
      assert.equal(mismatch.body.code, "ERR_IDEMPOTENCY_MISMATCH");
      const response = await fetch(`${demo.service.url}/cases`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": demo.service.apiKeys.agency! },
        body: JSON.stringify(openCase),
      });
      assert.equal(response.status, 428);
    });

    it("an issuance's answer is stored with the credential: its replay returns the same credential, issued once", async () => {
      const api = client(demo.service.url, demo.service.apiKeys.agency);
      const { caseId } = await caseWithAnchoredContract(demo.service, demo.ledger);
      const request = {
        credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
        options: { caseId, holderJwk: newHolderKey().jwk },
      };
      const headers = { "idempotency-key": "issue-replay-0001" };
      const count = () =>
        (
          demo.service.context.db.prepare("SELECT COUNT(*) AS n FROM credentials WHERE case_id = ?").get(caseId) as {
            n: number;
          }
        ).n;
      const first = await api.post("/credentials/issue", request, headers);
      assert.equal(first.status, 201, JSON.stringify(first.body));
      const second = await api.post("/credentials/issue", request, headers);
      assert.equal(second.status, 201);
      assert.equal(second.headers.get("idempotent-replayed"), "true");
      assert.equal(second.headers.get("content-type"), first.headers.get("content-type"));
      assert.deepEqual(second.body, first.body);
      assert.equal(count(), 1, "one credential for the key");
      const mismatch = await api.post(
        "/credentials/issue",
        { ...request, options: { ...request.options, format: "vc-jwt" } },
        headers,
      );
      assert.equal(mismatch.status, 422);
      assert.equal(mismatch.body.code, "ERR_IDEMPOTENCY_MISMATCH");
    });

    it("the same key sent twice at once issues one credential (the second is refused as in progress, or replayed)", async () => {
      const api = client(demo.service.url, demo.service.apiKeys.agency);
      const { caseId } = await caseWithAnchoredContract(demo.service, demo.ledger);
      const request = {
        credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
        options: { caseId, holderJwk: newHolderKey().jwk },
      };
      const headers = { "idempotency-key": "issue-concurrent-0001" };
      const answers = await Promise.all([
        api.post("/credentials/issue", request, headers),
        api.post("/credentials/issue", request, headers),
      ]);
      const [issued, other] =
        answers[0]!.headers.get("idempotent-replayed") || answers[0]!.status === 409
          ? [answers[1]!, answers[0]!]
          : answers;
      assert.equal(issued!.status, 201, JSON.stringify(issued!.body));
      if (other!.status === 201) {
        assert.equal(other!.headers.get("idempotent-replayed"), "true");
        assert.deepEqual(other!.body, issued!.body);
      } else {
        assert.equal(other!.status, 409, JSON.stringify(other!.body));
        assert.equal(other!.body.code, "ERR_CONFLICT");
      }
      const count = demo.service.context.db
        .prepare("SELECT COUNT(*) AS n FROM credentials WHERE case_id = ?")
        .get(caseId) as { n: number };
      assert.equal(count.n, 1);
    });

    it("keys are per principal: another agency's identical key does not replay", async () => {
      const headers = { "idempotency-key": "shared-key-0001" };
      const mine = await client(demo.service.url, demo.service.apiKeys.agency).post("/cases", openCase, headers);
      const theirs = await client(demo.service.url, demo.service.apiKeys.agencyIN).post(
        "/cases",
        { ...openCase, corridor: "IN-AE", employer: demo.ledger.demo.accounts.employerAE.address },
        headers,
      );
      assert.equal(mine.status, 201);
      assert.equal(theirs.status, 201);
      assert.notEqual(theirs.body.id, mine.body.id);
    });
  });

  describe("malformed input", () => {
    it("names every invalid field with a JSON pointer", async () => {
      const api = client(demo.service.url, demo.service.apiKeys.agency);
      const response = await api.post("/cases", {
        corridor: "PHSA",
        employer: "0x123",
        worker: { ...WORKER, birthDate: "12/04/1995" },
      });
      assert.equal(response.status, 400);
      assert.match(response.headers.get("content-type")!, /application\/problem\+json/);
      const pointers = response.body.errors.map((e: { pointer: string }) => e.pointer).sort();
      assert.deepEqual(pointers, ["#/corridor", "#/employer", "#/worker/birthDate"]);
    });

    it("refuses unknown members (no silent extra data)", async () => {
      const response = await client(demo.service.url, demo.service.apiKeys.agency).post("/cases", {
        ...openCase,
        favouriteColour: "blue",
      });
      assert.equal(response.status, 400);
      assert.ok(JSON.stringify(response.body.errors).includes("favouriteColour"));
    });

    it("refuses a body that is not JSON", async () => {
      const response = await client(demo.service.url, demo.service.apiKeys.agency).post("/cases", "{not json", {
        "content-type": "application/json",
      });
      assert.equal(response.status, 400);
      assert.equal(response.body.code, "ERR_INPUT_INVALID");
    });

    it("refuses an oversized body with 413 before parsing it", async () => {
      const document = Buffer.alloc(100 * 1024, 1).toString("base64");
      const response = await client(demo.service.url, demo.service.apiKeys.agency).put(
        `/cases/00000000-0000-4000-8000-000000000000/contract`,
        {
          document,
          terms: TERMS,
        },
      );
      assert.equal(response.status, 413);
      assert.equal(response.body.code, "ERR_PAYLOAD_TOO_LARGE");
    });

    it("answers unknown routes and digests with problem+json", async () => {
      const unknown = await client(demo.service.url, demo.service.apiKeys.agency).get("/nope");
      assert.equal(unknown.status, 404);
      // 404 with or without a key (#13): the routes are public in /openapi.json anyway, and a 401 for an
      // unknown path stops standard clients' discovery (OpenID4VCI, RFC 8414) before their next URL.
      assert.equal((await client(demo.service.url).get("/nope")).status, 404);
      assert.equal((await client(demo.service.url).get("/.well-known/nope")).status, 404);
      assert.match(unknown.headers.get("content-type")!, new RegExp(PROBLEM.replace("+", "\\+")));
      const badDigest = await client(demo.service.url).get("/credentials/0x1234/anchor");
      assert.equal(badDigest.status, 400);
      const missing = await client(demo.service.url).get(`/credentials/0x${"ab".repeat(32)}/status`);
      assert.equal(missing.status, 404);
    });
  });

  describe("rate limiting", () => {
    it("answers 429 problem+json beyond the configured rate", async () => {
      const limited = await startService(
        demo.ledger,
        undefined,
        { provision: [] },
        { limits: { bodyBytes: 4096, requestsPerMinute: 3 } },
      );
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) statuses.push((await client(limited.url).get("/openapi.json")).status);
        assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
        const response = await client(limited.url).get("/openapi.json");
        assert.match(response.headers.get("content-type")!, /application\/problem\+json/);
      } finally {
        await limited.stop();
      }
    });
  });

  describe("suspended licence", () => {
    it("an authority suspends an agency through the API; it can then neither issue nor make offers", async () => {
      const { caseId, api } = await caseWithAnchoredContract(demo.service, demo.ledger);
      const authority = client(demo.service.url, demo.service.apiKeys.authorityPH);
      const agencyDid = demo.service.principals.agency!.did;
      const foreign = await client(demo.service.url, demo.service.apiKeys.authoritySA).post(
        `/licences/${agencyDid}/status`,
        { status: "suspended" },
      );
      assert.equal(foreign.status, 422, "another country's authority cannot act on it");
      assert.equal(foreign.body.chainError, "LicensingForeignAgency");
      assert.equal(
        (await api.post(`/licences/${agencyDid}/status`, { status: "suspended" })).status,
        403,
        "agencies cannot",
      );
      const suspended = await authority.post(`/licences/${agencyDid}/status`, { status: "suspended", reasonCode: 2 });
      assert.equal(suspended.status, 200, JSON.stringify(suspended.body));
      try {
        const issue = await api.post("/credentials/issue", {
          credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
          options: { caseId, holderJwk: newHolderKey().jwk },
        });
        assert.equal(issue.status, 403);
        assert.equal(issue.body.code, "ERR_AGENCY_NOT_LICENSED");
        const offer = await api.post(`/cases/${caseId}/offers`, { credentialType: "EmploymentContractCredential" });
        assert.equal(offer.status, 403);
      } finally {
        const reinstated = await authority.post(`/licences/${agencyDid}/status`, { status: "active" });
        assert.equal(reinstated.status, 200, JSON.stringify(reinstated.body));
      }
      const after = await api.post("/credentials/issue", {
        credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
        options: { caseId, holderJwk: newHolderKey().jwk },
      });
      assert.equal(after.status, 201);
    });
  });
});
