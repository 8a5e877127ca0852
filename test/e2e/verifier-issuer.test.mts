// ESM (.mts): the root package is CommonJS for Hardhat, and the issuer service pulls in ESM-only packages (Veramo).
/**
 * End to end: credentials from the real issuer service (Veramo-managed did:ethr, node:crypto signing,
 * outbox anchoring in Merkle batches) verified by the `fairledger` CLI as a subprocess against the same
 * local chain — valid, tampered, replayed, revoked, substituted contract, VC-JWT.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { credentialDigest } from "@fairledger/common/node";
import {
  caseWithAnchoredContract,
  client,
  newHolderKey,
  pickUp,
  present,
  startDemoLedger,
  startService,
  waitFor,
  type DemoLedger,
} from "../../issuer-service/test/helpers.ts";
import type { IssuerService } from "../../issuer-service/src/service.ts";
import { failedCheck, runCli } from "../../verifier-cli/test/support/run-cli.ts";

const REQUEST = { aud: "border-post-naia-3", nonce: "e2e-nonce-7Yq2" };

let ledger: DemoLedger;
let service: IssuerService;
let dir: string;
let caseId: string;
let agencyApi: ReturnType<typeof client>;
let sdJwt: string;
let digest: string;
let holder: ReturnType<typeof newHolderKey>;
let anchor: unknown;

const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const chain = () => ["--rpc", ledger.chain.rpcUrl, "--deployment", ledger.manifestPath];
const envelope = (presentation: string) =>
  JSON.stringify({ type: "FairLedgerPresentation", version: 1, format: "vc+sd-jwt", presentation, anchor });
const anchorOf = (credentialDigestHex: string) =>
  waitFor(async () => {
    const response = await client(service.url).get(`/credentials/${credentialDigestHex}/anchor`);
    return response.body.status === "anchored" ? response.body.anchor : undefined;
  }, "anchoring");

before(async () => {
  ledger = await startDemoLedger();
  try {
    service = await startService(ledger);
    dir = mkdtempSync(join(tmpdir(), "fairledger-e2e-verify-"));
    const flow = await caseWithAnchoredContract(service, ledger);
    caseId = flow.caseId;
    agencyApi = flow.api;
    holder = newHolderKey();
    const { credential } = await pickUp(service, agencyApi, caseId, holder);
    sdJwt = credential.credential;
    digest = credential.digest;
    anchor = await anchorOf(digest);
  } catch (error) {
    await service?.stop();
    await ledger.stop();
    throw error;
  }
});

after(async () => {
  await service?.stop();
  await ledger?.stop();
});

describe("fairledger verify on credentials from the issuer service", () => {
  test("a worker's presentation with only employer and job passes, and the contract document is the anchored one", async () => {
    // The contract check needs the worker's contractSalt: the chain's salted commitment alone confirms nothing.
    const presentation = present(sdJwt, holder, ["employerName", "jobTitle", "contractSalt"], REQUEST);
    const run = await runCli([
      "verify",
      file("valid.json", envelope(presentation)),
      "--aud",
      REQUEST.aud,
      "--nonce",
      REQUEST.nonce,
      "--require",
      "employerName,jobTitle",
      "--contract",
      file("contract.txt", `contract of ${caseId}`),
      "--json",
      ...chain(),
    ]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const result = run.json<{ verified: boolean; disclosed: Record<string, unknown>; checks: { id: string }[] }>();
    assert.equal(result.verified, true);
    assert.equal(result.disclosed.jobTitle, "Registered Nurse");
    assert.equal(result.disclosed.passportNumber, undefined);
    assert.ok(result.checks.some((check) => check.id === "contract-document"));
  });

  test("a tampered disclosure fails sd-disclosures (exit 1)", async () => {
    const presentation = present(sdJwt, holder, ["employerName", "jobTitle"], REQUEST);
    const [jwt, ...rest] = presentation.split("~");
    const tampered = rest.map((part) => {
      if (part.includes(".") || !part) return part;
      const [salt, name, value] = JSON.parse(Buffer.from(part, "base64url").toString()) as [string, string, unknown];
      return Buffer.from(JSON.stringify([salt, name, name === "jobTitle" ? "Site Manager" : value])).toString(
        "base64url",
      );
    });
    const run = await runCli([
      "verify",
      file("tampered.json", envelope([jwt, ...tampered].join("~"))),
      "--aud",
      REQUEST.aud,
      "--nonce",
      REQUEST.nonce,
      "--json",
      ...chain(),
    ]);
    assert.equal(run.code, 1);
    assert.equal(failedCheck(run), "sd-disclosures");
  });

  test("a presentation replayed to another request fails key-binding (exit 1)", async () => {
    const presentation = present(sdJwt, holder, ["employerName"], REQUEST);
    const run = await runCli([
      "verify",
      file("replay.json", envelope(presentation)),
      "--aud",
      REQUEST.aud,
      "--nonce",
      "the-next-request",
      "--json",
      ...chain(),
    ]);
    assert.equal(run.code, 1);
    assert.equal(failedCheck(run), "key-binding");
  });

  test("a substituted contract document fails contract-document (exit 1)", async () => {
    const presentation = present(sdJwt, holder, ["employerName", "contractSalt"], REQUEST);
    const run = await runCli([
      "verify",
      file("sub.json", envelope(presentation)),
      "--aud",
      REQUEST.aud,
      "--nonce",
      REQUEST.nonce,
      "--contract",
      file("other.txt", "a different contract"),
      "--json",
      ...chain(),
    ]);
    assert.equal(run.code, 1);
    assert.equal(failedCheck(run), "contract-document");
    assert.match(run.json<{ checks: { id: string; reason: string }[] }>().checks.at(-1)!.reason, /NOT the contract/);
  });

  test("a VC-JWT issued on request verifies with its anchor proof", async () => {
    const issued = await agencyApi.post("/credentials/issue", {
      credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
      options: { caseId, holderJwk: holder.jwk, format: "vc-jwt" },
    });
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    const jwt: string = issued.body.verifiableCredential;
    const vcAnchor = await anchorOf(credentialDigest(jwt));
    const run = await runCli([
      "verify",
      file("vc.json", JSON.stringify({ credential: jwt, anchor: vcAnchor })),
      "--json",
      ...chain(),
    ]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
  });

  test("an agency licence credential from an authority verifies: authority of the jurisdiction, the on-chain licence document, active", async () => {
    const authority = client(service.url, service.apiKeys.authorityPH);
    const now = Date.now();
    const issued = await authority.post("/licences", {
      agency: ledger.demo.accounts.unlicensedAgency.address,
      agencyName: "Newly Licensed Agency",
      licenceNumber: "DMW-2026-0042",
      validFrom: new Date(now - 3600_000).toISOString(),
      validUntil: new Date(now + 365 * 24 * 3600_000).toISOString(),
    });
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    const run = await runCli(["verify", file("licence.txt", issued.body.credential), "--json", ...chain()]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const result = run.json<{ credentialType: string; checks: { id: string; passed: boolean }[] }>();
    assert.equal(result.credentialType, "AgencyLicenceCredential");
    for (const id of ["issuer-licensed", "anchored", "not-revoked"])
      assert.ok(
        result.checks.some((check) => check.id === id && check.passed),
        id,
      );
  });

  test("after the agency revokes the credential, it fails not-revoked (exit 1)", async () => {
    const revoked = await agencyApi.post(`/credentials/${digest}/status`, { status: "revoked", reasonCode: 1 });
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    const presentation = present(sdJwt, holder, ["employerName"], REQUEST);
    const run = await runCli([
      "verify",
      file("revoked.json", envelope(presentation)),
      "--aud",
      REQUEST.aud,
      "--nonce",
      REQUEST.nonce,
      "--json",
      ...chain(),
    ]);
    assert.equal(run.code, 1, run.stdout);
    assert.equal(failedCheck(run), "not-revoked");
  });
});
