/**
 * Rate limits (issue #10, finding 11): separate buckets for pickup, verification, each API principal and
 * the rest of the public surface, none of which can use up another; X-Forwarded-For honoured only from
 * configured proxies; and a limit on wrong proofs per pickup offer.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  caseWithAnchoredContract,
  client,
  newHolderKey,
  proofJwt,
  serviceConfig,
  startDemoLedger,
  startService,
  type ApiResponse,
  type DemoLedger,
} from "./helpers.ts";
import { configFromEnv, parseConfig } from "../src/config.ts";
import type { IssuerService } from "../src/service.ts";

const GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code";
const LIMIT = 3;

function assertLimited(response: ApiResponse, bucket: string) {
  assert.equal(response.status, 429, JSON.stringify(response.body));
  assert.match(response.headers.get("content-type")!, /application\/problem\+json/);
  assert.equal(response.body.code, "ERR_RATE_LIMITED");
  assert.equal(response.body.bucket, bucket);
  assert.match(response.headers.get("retry-after") ?? "", /^[0-9]+$/);
}

describe("rate limits", () => {
  let ledger: DemoLedger;
  before(async () => {
    ledger = await startDemoLedger();
  });
  after(async () => {
    await ledger?.stop();
  });

  /** A service whose every bucket allows LIMIT requests a minute. */
  async function limitedService(overrides: Record<string, unknown> = {}) {
    const limits = {
      ...serviceConfig(ledger, "").limits,
      requestsPerMinute: LIMIT,
      pickupPerMinute: LIMIT,
      verifyPerMinute: LIMIT,
      principalPerMinute: LIMIT,
    };
    return startService(ledger, undefined, {}, { limits, ...overrides });
  }

  const requests = {
    public: (s: IssuerService, headers?: Record<string, string>) => client(s.url).get("/openapi.json", headers),
    pickup: (s: IssuerService, headers?: Record<string, string>) =>
      client(s.url).post("/token", { grant_type: GRANT, "pre-authorized_code": "WRONGCODE2" }, headers),
    verify: (s: IssuerService, headers?: Record<string, string>) =>
      client(s.url).post(
        "/presentations/verify",
        { verifiablePresentation: "not-a-presentation", options: { domain: "v", challenge: "n" } },
        headers,
      ),
    agency: (s: IssuerService) => client(s.url, s.apiKeys.agency).get("/identity"),
    otherAgency: (s: IssuerService) => client(s.url, s.apiKeys.agencyIN).get("/identity"),
  } as const;

  for (const bucket of ["public", "pickup", "verify", "agency"] as const) {
    it(`using up the ${bucket} bucket leaves every other bucket untouched`, async () => {
      const service = await limitedService();
      try {
        for (let i = 0; i < LIMIT; i++)
          assert.notEqual((await requests[bucket](service)).status, 429, `request ${i + 1} of ${LIMIT}`);
        assertLimited(await requests[bucket](service), bucket === "agency" ? "principal" : bucket);
        for (const other of Object.keys(requests) as (keyof typeof requests)[]) {
          if (other === bucket) continue;
          assert.notEqual((await requests[other](service)).status, 429, `${other} is not limited by ${bucket}`);
        }
      } finally {
        await service.stop();
      }
    });
  }

  it("a made-up API key does not escape the public bucket", async () => {
    const service = await limitedService();
    try {
      for (let i = 0; i < LIMIT; i++) await requests.public(service);
      assertLimited(await requests.public(service, { "x-api-key": "made-up" }), "public");
      assertLimited(await client(service.url, "made-up").get("/identity"), "public");
      assert.equal((await requests.agency(service)).status, 200, "a valid key is its principal's, not its address's");
    } finally {
      await service.stop();
    }
  });

  describe("trusted proxy", () => {
    it("off (default): X-Forwarded-For is ignored, every claimed address shares the peer's bucket", async () => {
      const service = await limitedService();
      try {
        for (let i = 0; i < LIMIT; i++)
          assert.equal((await requests.pickup(service, { "x-forwarded-for": `203.0.113.${i + 1}` })).status, 400);
        assertLimited(await requests.pickup(service, { "x-forwarded-for": "203.0.113.99" }), "pickup");
      } finally {
        await service.stop();
      }
    });

    it("on for the loopback proxy: each forwarded client gets its own bucket", async () => {
      const service = await limitedService({ trustProxy: "loopback" });
      try {
        const alice = { "x-forwarded-for": "203.0.113.1" };
        const bob = { "x-forwarded-for": "203.0.113.2" };
        for (let i = 0; i < LIMIT; i++) assert.equal((await requests.pickup(service, alice)).status, 400);
        assertLimited(await requests.pickup(service, alice), "pickup");
        assert.equal(
          (await requests.pickup(service, bob)).status,
          400,
          "another worker behind the same proxy is not limited",
        );
        // A client cannot pick a fresh bucket by prepending addresses: only the hop the trusted proxy added counts.
        assertLimited(await requests.pickup(service, { "x-forwarded-for": "198.51.100.7, 203.0.113.1" }), "pickup");
      } finally {
        await service.stop();
      }
    });

    it("is configured by FAIRLEDGER_TRUST_PROXY: off by default, hop counts and proxy lists accepted, 'true' refused", () => {
      const env = {
        FAIRLEDGER_DATA_DIR: "/tmp/x",
        FAIRLEDGER_RPC_URL: "http://127.0.0.1:8545",
        FAIRLEDGER_MANIFEST: "/tmp/m.json",
        FAIRLEDGER_KMS_SECRET_KEY: "a1".repeat(32),
        FAIRLEDGER_DATA_MASTER_KEY: "b2".repeat(32),
      };
      assert.equal(configFromEnv(env).trustProxy, false);
      assert.equal(configFromEnv({ ...env, FAIRLEDGER_TRUST_PROXY: "1" }).trustProxy, 1);
      assert.equal(
        configFromEnv({ ...env, FAIRLEDGER_TRUST_PROXY: "loopback, 10.0.0.0/8" }).trustProxy,
        "loopback, 10.0.0.0/8",
      );
      assert.throws(() => configFromEnv({ ...env, FAIRLEDGER_TRUST_PROXY: "true" }), /trustProxy/);
      assert.throws(() => parseConfig({ ...serviceConfig(ledger, "/tmp/x"), trustProxy: "$(rm -rf)" }), /trustProxy/);
      assert.equal(configFromEnv({ ...env, FAIRLEDGER_RATE_PICKUP_PER_MINUTE: "7" }).limits.pickupPerMinute, 7);
    });
  });

  describe("attempts per pickup offer", () => {
    let service: IssuerService;
    before(async () => {
      service = await startService(ledger, undefined, {}, { pickup: { maxFailedAttempts: 3 } });
    });
    after(async () => {
      await service?.stop();
    });

    async function offerAndToken() {
      const { caseId, api } = await caseWithAnchoredContract(service, ledger);
      const offer = await api.post(`/cases/${caseId}/offers`, { credentialType: "EmploymentContractCredential" });
      assert.equal(offer.status, 201, JSON.stringify(offer.body));
      const token = await client(service.url).post("/token", {
        grant_type: GRANT,
        "pre-authorized_code": offer.body.preAuthorizedCode,
      });
      assert.equal(token.status, 200, JSON.stringify(token.body));
      return {
        code: offer.body.preAuthorizedCode as string,
        token: token.body as { access_token: string; c_nonce: string },
      };
    }

    const requestCredential = (accessToken: string, jwt: string) =>
      client(service.url).post(
        "/credential",
        { format: "vc+sd-jwt", proof: { proof_type: "jwt", jwt } },
        { authorization: `Bearer ${accessToken}` },
      );

    it("the wrong proof at the limit invalidates the offer: even the right holder's proof is then refused", async () => {
      const { token } = await offerAndToken();
      const thief = newHolderKey();
      for (let i = 0; i < 3; i++) {
        const wrong = await requestCredential(
          token.access_token,
          proofJwt(thief, { aud: "https://not-this-issuer.example", nonce: token.c_nonce }),
        );
        assert.equal(wrong.status, 400, JSON.stringify(wrong.body));
        assert.equal(wrong.body.error, "invalid_proof");
      }
      const holder = newHolderKey();
      const right = await requestCredential(
        token.access_token,
        proofJwt(holder, { aud: service.url, nonce: token.c_nonce }),
      );
      assert.equal(right.status, 401, JSON.stringify(right.body));
      assert.equal(right.body.error, "invalid_token");
      const audit = service.context.db
        .prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'offer.invalidated'")
        .get() as { n: number };
      assert.equal(audit.n, 1);
    });

    it("fewer wrong proofs than the limit leave the offer usable, and other offers are not affected", async () => {
      const first = await offerAndToken();
      const second = await offerAndToken();
      const stranger = newHolderKey();
      for (let i = 0; i < 2; i++)
        assert.equal(
          (
            await requestCredential(
              first.token.access_token,
              proofJwt(stranger, { aud: "https://x.example", nonce: first.token.c_nonce }),
            )
          ).status,
          400,
        );
      for (let i = 0; i < 2; i++)
        assert.equal(
          (
            await requestCredential(
              second.token.access_token,
              proofJwt(stranger, { aud: "https://x.example", nonce: second.token.c_nonce }),
            )
          ).status,
          400,
        );
      const holder = newHolderKey();
      const issued = await requestCredential(
        first.token.access_token,
        proofJwt(holder, { aud: service.url, nonce: first.token.c_nonce }),
      );
      assert.equal(issued.status, 200, JSON.stringify(issued.body));
      const alsoIssued = await requestCredential(
        second.token.access_token,
        proofJwt(holder, { aud: service.url, nonce: second.token.c_nonce }),
      );
      assert.equal(alsoIssued.status, 200, JSON.stringify(alsoIssued.body));
    });
  });
});
