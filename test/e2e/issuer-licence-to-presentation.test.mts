// ESM (.mts): the root package is CommonJS for Hardhat, and the issuer service pulls in ESM-only packages (Veramo).
/**
 * End to end through the issuer service's API only: an authority licenses a new agency (licence
 * credential + on-chain licence in one call), that agency runs its first case, the worker picks up the
 * contract credential with a holder key and presents only two claims, and the service's VC-API verify
 * routes (the verifier library against the chain) accept it — and refuse it when another verifier replays it.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
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

describe("issuer service: licence → first case → pickup → selective presentation → verification", () => {
  let ledger: DemoLedger;
  let service: IssuerService;

  before(async () => {
    ledger = await startDemoLedger();
    service = await startService(ledger);
  });
  after(async () => {
    await service?.stop();
    await ledger?.stop();
  });

  test("a newly licensed agency's first credential verifies with only the chosen claims disclosed", async () => {
    const newAgency = service.apiKeys.unlicensedAgency!;
    const refused = await client(service.url, newAgency).post("/cases", {
      corridor: "PH-SA",
      employer: ledger.demo.accounts.employer.address,
      worker: { name: "Jose Rizal", passportNumber: "P7654321B", birthDate: "1990-06-19", nationality: "PH" },
    });
    assert.equal(refused.status, 403, "not licensed yet");

    const now = Date.now();
    const licence = await client(service.url, service.apiKeys.authorityPH).post("/credentials/issue", {
      credential: {
        type: ["VerifiableCredential", "AgencyLicenceCredential"],
        credentialSubject: {
          id: service.principals.unlicensedAgency!.did,
          agencyName: "Unlicensed Recruiters Ltd (now licensed)",
          licenceNumber: "DMW-2026-0099",
        },
        validFrom: new Date(now - 60_000).toISOString(),
        validUntil: new Date(now + 365 * 86_400_000).toISOString(),
      },
    });
    assert.equal(licence.status, 201, JSON.stringify(licence.body));
    const licenceCheck = await client(service.url).post("/credentials/verify", {
      verifiableCredential: licence.body.verifiableCredential,
    });
    assert.ok(
      licenceCheck.body.checks.find((c: { id: string }) => c.id === "issuer-signature")?.passed,
      JSON.stringify(licenceCheck.body.checks),
    );

    const { caseId, api } = await caseWithAnchoredContract(service, ledger, newAgency);
    const holder = newHolderKey();
    const { credential } = await pickUp(service, api, caseId, holder);
    const anchor = await waitFor(async () => {
      const response = await client(service.url).get(`/credentials/${credential.digest}/anchor`);
      return response.body.status === "anchored" ? response.body.anchor : undefined;
    }, "anchoring");

    const request = { aud: "border-post-ruh-1", nonce: "e2e-issuer-nonce-1" };
    const presentation = present(credential.credential, holder, ["employerName", "jobTitle"], request);
    const envelope = { type: "FairLedgerPresentation", version: 1, format: "vc+sd-jwt", presentation, anchor };
    const verified = await client(service.url).post("/presentations/verify", {
      verifiablePresentation: envelope,
      options: { domain: request.aud, challenge: request.nonce, requiredClaims: ["employerName"] },
    });
    assert.equal(verified.body.verified, true, JSON.stringify(verified.body.checks, null, 1));
    assert.ok(verified.body.checks.find((c: { id: string }) => c.id === "issuer-licensed")?.passed);
    const shown = JSON.stringify(verified.body.disclosed);
    assert.ok(shown.includes("Riyadh Care Hospital"));
    for (const secret of ["P1234567A", "1995-04-12", "850000"])
      assert.equal(shown.includes(secret), false, `${secret} stays hidden`);

    const replayed = await client(service.url).post("/presentations/verify", {
      verifiablePresentation: envelope,
      options: { domain: "another-verifier", challenge: request.nonce },
    });
    assert.equal(replayed.body.verified, false, "a presentation addressed to one verifier is refused by another");
  });
});
