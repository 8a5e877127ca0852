/**
 * Hostile and absurd input at the API edge (issue #10, finding 9): every one is answered 4xx
 * problem+json naming the field — never a 500, never a 503 for what is the caller's mistake, and never
 * with a library's internals in `detail`.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  TERMS,
  WORKER,
  caseWithAnchoredContract,
  client,
  newHolderKey,
  pickUp,
  present,
  serviceConfig,
  startDemoLedger,
  startService,
  waitFor,
  type ApiResponse,
  type DemoLedger,
} from "./helpers.ts";
import type { IssuerService } from "../src/service.ts";

/** The same address with every letter's case flipped: still mixed case, so it claims a checksum, a wrong one. */
function flipCase(address: string): string {
  const flipped = `0x${[...address.slice(2)].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("")}`;
  assert.notEqual(flipped, address);
  assert.match(flipped, /[a-f]/);
  assert.match(flipped, /[A-F]/);
  return flipped;
}

const deepArray = (levels: number) => "[".repeat(levels) + "]".repeat(levels);

function assertNamedProblem(response: ApiResponse, status: number, pointer: string) {
  assert.equal(response.status, status, JSON.stringify(response.body).slice(0, 500));
  assert.match(response.headers.get("content-type")!, /application\/problem\+json/);
  const pointers = (response.body.errors ?? []).map((e: { pointer: string }) => e.pointer);
  assert.ok(pointers.includes(pointer), `expected ${pointer} among ${JSON.stringify(pointers)}`);
}

function assertNoLibraryInternals(body: unknown) {
  const text = JSON.stringify(body);
  for (const leak of ["ethers", "version=", "INVALID_ARGUMENT", "NUMERIC_FAULT", "code=", "at ", "node_modules"])
    assert.ok(!text.includes(leak), `problem leaks "${leak}": ${text}`);
}

describe("hostile input at the API edge", () => {
  let ledger: DemoLedger;
  let service: IssuerService;
  let openCase: Record<string, unknown>;

  before(async () => {
    ledger = await startDemoLedger();
    // Room for 40,000 levels of brackets: the depth check, not the size limit, must be what refuses them.
    const limits = { ...serviceConfig(ledger, "").limits, bodyBytes: 256 * 1024 };
    service = await startService(ledger, undefined, {}, { limits });
    openCase = { corridor: "PH-SA", employer: ledger.demo.accounts.employer.address, worker: WORKER };
  });
  after(async () => {
    await service?.stop();
    await ledger?.stop();
  });

  describe("nesting depth", () => {
    it("refuses 5,000 levels of nesting on the public POST /presentations/verify with 400 naming the member", async () => {
      const body = `{"verifiablePresentation":${'{"a":'.repeat(5000)}1${"}".repeat(5000)},"options":{"domain":"x","challenge":"y"}}`;
      const response = await client(service.url).post("/presentations/verify", body, {
        "content-type": "application/json",
      });
      assertNamedProblem(response, 400, "#/verifiablePresentation");
      assert.equal(response.body.code, "ERR_INPUT_INVALID");
    });

    it("refuses 40,000 levels of nesting on an authenticated write with 400 naming the member", async () => {
      const body = `{"corridor":"PH-SA","worker":${deepArray(40_000)}}`;
      const response = await client(service.url, service.apiKeys.agency).post("/cases", body, {
        "content-type": "application/json",
      });
      assertNamedProblem(response, 400, "#/worker");
    });

    it("refuses a deep top-level array (no member to name: the body itself)", async () => {
      const response = await client(service.url, service.apiKeys.agency).post("/cases", deepArray(1000), {
        "content-type": "application/json",
      });
      assertNamedProblem(response, 400, "#");
    });

    it("counts brackets inside strings as text, not nesting", async () => {
      const response = await client(service.url, service.apiKeys.agency).post("/cases", {
        ...openCase,
        worker: { ...WORKER, name: "[".repeat(150) },
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
    });
  });

  describe("percent-encoding in paths", () => {
    for (const path of ["/schemas/%ZZ", "/credentials/%ZZ/anchor", "/credentials/%E0%A4%A/status"]) {
      it(`answers ${path} with 400 naming the path`, async () => {
        assertNamedProblem(await client(service.url).get(path), 400, "path");
      });
    }
    it("a malformed encoding on an authenticated route is 400 as well", async () => {
      assertNamedProblem(await client(service.url, service.apiKeys.agency).get("/cases/%ZZ"), 400, "path");
    });
  });

  describe("addresses", () => {
    it("refuses an employer address whose mixed-case checksum is wrong (EIP-55), naming #/employer", async () => {
      const flipped = flipCase(ledger.demo.accounts.employer.address);
      const response = await client(service.url, service.apiKeys.agency).post("/cases", {
        ...openCase,
        employer: flipped,
      });
      assertNamedProblem(response, 400, "#/employer");
      assertNoLibraryInternals(response.body);
    });

    it("accepts an all-lowercase employer address (no checksum claimed) and stores it checksummed", async () => {
      const good = ledger.demo.accounts.employer.address;
      const response = await client(service.url, service.apiKeys.agency).post("/cases", {
        ...openCase,
        employer: good.toLowerCase(),
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      assert.equal(response.body.employer, good);
    });

    it("refuses the zero address as employer", async () => {
      const response = await client(service.url, service.apiKeys.agency).post("/cases", {
        ...openCase,
        employer: "0x0000000000000000000000000000000000000000",
      });
      assertNamedProblem(response, 400, "#/employer");
    });
  });

  describe("licences", () => {
    const licence = (overrides: Record<string, unknown>) => ({
      agency: "0x00000000000000000000000000000000000000a1",
      agencyName: "Probe Agency",
      licenceNumber: "PROBE-1",
      validFrom: new Date().toISOString(),
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
      ...overrides,
    });

    it("refuses a bad-checksum agency with 400 naming #/agency, not 503 with library internals", async () => {
      const badChecksum = flipCase(ledger.demo.accounts.agency.address);
      const response = await client(service.url, service.apiKeys.authorityPH).post(
        "/licences",
        licence({ agency: badChecksum }),
      );
      assertNamedProblem(response, 400, "#/agency");
      assertNoLibraryInternals(response.body);
      const did = await client(service.url, service.apiKeys.authorityPH).post(
        "/licences",
        licence({ agency: `did:ethr:0x7a69:${badChecksum}` }),
      );
      assertNamedProblem(did, 400, "#/agency");
    });

    it("refuses a year-0 validFrom and a year-9999 validUntil, naming each", async () => {
      const api = client(service.url, service.apiKeys.authorityPH);
      const year0 = await api.post("/licences", licence({ validFrom: "0000-01-01T00:00:00Z" }));
      assertNamedProblem(year0, 400, "#/validFrom");
      assertNoLibraryInternals(year0.body);
      assertNamedProblem(
        await api.post("/licences", licence({ validUntil: "9999-12-31T23:59:59Z" })),
        400,
        "#/validUntil",
      );
    });
  });

  describe("absurd values", () => {
    const api = () => client(service.url, service.apiKeys.agency);

    for (const birthDate of ["0000-01-01", "9999-12-31"]) {
      it(`refuses birth date ${birthDate}`, async () => {
        assertNamedProblem(
          await api().post("/cases", { ...openCase, worker: { ...WORKER, birthDate } }),
          400,
          "#/worker/birthDate",
        );
      });
    }

    it("refuses a birth date in the future", async () => {
      const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
      assertNamedProblem(
        await api().post("/cases", { ...openCase, worker: { ...WORKER, birthDate: tomorrow } }),
        400,
        "#/worker/birthDate",
      );
    });

    for (const [what, name] of [
      ["blank", "   "],
      ["NUL-only", "\u0000\u0000"],
      ["control characters", "Maria\u0000Santos"],
    ] as const) {
      it(`refuses a ${what} worker name`, async () => {
        assertNamedProblem(
          await api().post("/cases", { ...openCase, worker: { ...WORKER, name } }),
          400,
          "#/worker/name",
        );
      });
    }

    it("refuses a blank passport number", async () => {
      assertNamedProblem(
        await api().post("/cases", { ...openCase, worker: { ...WORKER, passportNumber: " " } }),
        400,
        "#/worker/passportNumber",
      );
    });

    it("refuses an empty contract document and a year-9999 contract start", async () => {
      const id = "00000000-0000-4000-8000-000000000000";
      for (const document of ["=", "A", "===="])
        assertNamedProblem(await api().put(`/cases/${id}/contract`, { document, terms: TERMS }), 400, "#/document");
      assertNamedProblem(
        await api().put(`/cases/${id}/contract`, {
          document: "aGVsbG8=",
          terms: { ...TERMS, contractStart: "9999-01-01" },
        }),
        400,
        "#/terms/contractStart",
      );
    });

    it("refuses an empty receipt document and a blank employer name", async () => {
      const id = "00000000-0000-4000-8000-000000000000";
      assertNamedProblem(
        await api().post(`/cases/${id}/receipts`, {
          document: "=",
          payer: "worker",
          amount: "100",
          currency: "PHP",
          category: 1,
        }),
        400,
        "#/document",
      );
      assertNamedProblem(
        await api().put(`/cases/${id}/contract`, { document: "aGVsbG8=", terms: { ...TERMS, employerName: "\t" } }),
        400,
        "#/terms/employerName",
      );
    });
  });

  describe("verification routes", () => {
    const AUD = "border-post-7";
    const NONCE = "nonce-hostile-0001";
    let sdJwt: string;
    let holder: ReturnType<typeof newHolderKey>;
    let anchor: unknown;
    const envelope = (presentation: string) => ({
      type: "FairLedgerPresentation",
      version: 1,
      format: "vc+sd-jwt",
      presentation,
      anchor,
    });

    before(async () => {
      const { caseId, api } = await caseWithAnchoredContract(service, ledger);
      holder = newHolderKey();
      const picked = await pickUp(service, api, caseId, holder);
      sdJwt = picked.credential.credential;
      anchor = await waitFor(async () => {
        const answer = (await client(service.url).get(`/credentials/${picked.credential.digest}/anchor`)).body;
        return answer.status === "anchored" ? answer.anchor : undefined;
      }, "the credential anchored");
    });

    for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      it(`requiring a claim named "${name}" that was not disclosed is not verified (both routes)`, async () => {
        // A nonce is good for one successful verification: each request gets its own presentation.
        const presentationFor = (nonce: string) =>
          envelope(present(sdJwt, holder, ["employerName"], { aud: AUD, nonce }));
        const genuineNonce = `${NONCE}-${name}-genuine`;
        const genuine = await client(service.url).post("/presentations/verify", {
          verifiablePresentation: presentationFor(genuineNonce),
          options: { domain: AUD, challenge: genuineNonce },
        });
        assert.equal(genuine.body.verified, true, JSON.stringify(genuine.body.checks));
        const requiredNonce = `${NONCE}-${name}-required`;
        const required = await client(service.url).post("/presentations/verify", {
          verifiablePresentation: presentationFor(requiredNonce),
          options: { domain: AUD, challenge: requiredNonce, requiredClaims: [name] },
        });
        assert.equal(required.status, 200);
        assert.equal(required.body.verified, false);
        assert.equal(required.body.checks.find((c: { passed: boolean }) => !c.passed)?.id, "required-claims");
        const credential = await client(service.url).post("/credentials/verify", {
          verifiableCredential: JSON.stringify({ credential: sdJwt, anchor }),
          options: { requiredClaims: [name] },
        });
        assert.equal(credential.status, 200);
        assert.equal(credential.body.verified, false);
        assert.equal(credential.body.checks.find((c: { passed: boolean }) => !c.passed)?.id, "required-claims");
      });
    }

    it("a presentation string nesting 50,000 levels deep is an invalid input, not a 500", async () => {
      const deep = `{"type":"FairLedgerPresentation","version":1,"format":"vc+sd-jwt","presentation":"x","anchor":${deepArray(50_000)}}`;
      const response = await client(service.url).post("/presentations/verify", {
        verifiablePresentation: deep,
        options: { domain: AUD, challenge: NONCE },
      });
      assert.equal(response.status, 200, JSON.stringify(response.body).slice(0, 300));
      assert.equal(response.body.verified, false);
      assert.equal(response.body.checks[0].id, "input-format");
    });
  });
});
