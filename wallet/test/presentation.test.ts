/**
 * The presentation the wallet builds (README protocol step 6), checked independently with node:crypto:
 * only the chosen disclosures, a KB-JWT by the holder key with the verifier's nonce and aud, and an
 * sd_hash over exactly what is presented. Runs the wallet's own modules on Node's WebCrypto.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { PERSONAL_CLAIMS } from "@fairledger/common";
import { createHolderKey, type HolderKey } from "../src/lib/holder-key.ts";
import { buildPresentation, presentationEnvelope } from "../src/present/build-presentation.ts";
import { defaultDisclosures } from "../src/present/disclosure-choice.ts";
import { describeCredential, displayStatus } from "../src/credentials/describe.ts";
import { manualPresentationRequest } from "../src/present/request.ts";
import { createTestIssuer, employmentSubject, type TestIssuer } from "./support/issue-credential.ts";
import { checkPresentation } from "./support/check-presentation.ts";

const request = manualPresentationRequest("n-4f1c9a2e", "did:web:border.example.sa");

describe("presenting an employment contract credential", () => {
  let issuer: TestIssuer;
  let holder: HolderKey;
  let credential: string;

  before(async () => {
    issuer = createTestIssuer();
    holder = await createHolderKey();
    credential = await issuer.issue("EmploymentContractCredential", employmentSubject(holder.did), holder.publicJwk);
  });

  it("keeps the holder's private key non-extractable and names the holder as did:jwk", async () => {
    assert.equal(holder.privateKey.extractable, false);
    await assert.rejects(crypto.subtle.exportKey("jwk", holder.privateKey));
    const decoded = JSON.parse(Buffer.from(holder.did.slice("did:jwk:".length), "base64url").toString("utf8"));
    assert.deepEqual(decoded, { crv: "P-256", kty: "EC", x: holder.publicJwk.x, y: holder.publicJwk.y });
  });

  it("describes the credential and offers purpose claims on, personal claims off", async () => {
    const view = await describeCredential(credential);
    assert.equal(view.type, "EmploymentContractCredential");
    assert.equal(view.subject.jobTitle, "Staff nurse");
    assert.deepEqual(view.alwaysVisible.sort(), ["caseCommitment", "contractHash", "corridor"]);
    const chosen = defaultDisclosures(view.type, view.disclosable);
    for (const claim of PERSONAL_CLAIMS.EmploymentContractCredential) assert.equal(chosen.has(claim), false, claim);
    for (const claim of [
      "employerName",
      "employerId",
      "jobTitle",
      "worksiteCountry",
      "contractStart",
      "contractMonths",
    ]) {
      assert.equal(chosen.has(claim), true, claim);
    }
  });

  it("discloses only the chosen claims, bound to the verifier's nonce and audience", async () => {
    const view = await describeCredential(credential);
    const chosen = defaultDisclosures(view.type, view.disclosable);
    chosen.add("nationality");
    const presentation = await buildPresentation(credential, chosen, request, holder.privateKey, new Date());
    const seen = await checkPresentation(presentation, {
      issuerKey: issuer.publicJwk,
      nonce: request.nonce,
      aud: request.aud,
    });
    assert.equal(seen.subject.employerName, "Al Noor Hospital");
    assert.equal(seen.subject.nationality, "PH");
    assert.equal(seen.subject.corridor, "PH-SA");
    // The disclosures travel base64url-encoded: decode each one and look for the withheld names and values.
    const disclosed = presentation
      .split("~")
      .slice(1, -1)
      .map((part) => Buffer.from(part, "base64url").toString("utf8"));
    for (const claim of ["workerName", "passportNumber", "birthDate", "monthlyWage"]) {
      assert.equal(claim in seen.subject, false, `${claim} must not be disclosed`);
      const value = JSON.stringify(employmentSubject(holder.did)[claim]);
      assert.equal(
        disclosed.some((disclosure) => disclosure.includes(`"${claim}"`) || disclosure.includes(value)),
        false,
        `${claim} or its value leaked in a disclosure`,
      );
    }
  });

  it("is rejected when replayed to another verifier or with another nonce", async () => {
    const presentation = await buildPresentation(
      credential,
      new Set(["jobTitle"]),
      request,
      holder.privateKey,
      new Date(),
    );
    await assert.rejects(
      checkPresentation(presentation, { issuerKey: issuer.publicJwk, nonce: "other", aud: request.aud }),
      /nonce/,
    );
    await assert.rejects(
      checkPresentation(presentation, { issuerKey: issuer.publicJwk, nonce: request.nonce, aud: "did:web:x" }),
      /aud/,
    );
  });

  it("cannot have a disclosure added after key binding (sd_hash covers the presented set)", async () => {
    const full = credential.split("~").filter(Boolean);
    const presentation = await buildPresentation(
      credential,
      new Set(["jobTitle"]),
      request,
      holder.privateKey,
      new Date(),
    );
    const cut = presentation.lastIndexOf("~");
    const extra = full.slice(1).find((disclosure) => !presentation.includes(disclosure))!;
    const forged = `${presentation.slice(0, cut + 1)}${extra}~${presentation.slice(cut + 1)}`;
    await assert.rejects(
      checkPresentation(forged, { issuerKey: issuer.publicJwk, nonce: request.nonce, aud: request.aud }),
      /sd_hash/,
    );
  });

  it("is rejected when the key binding is signed by a key other than the credential's holder key", async () => {
    const thief = await createHolderKey();
    const presentation = await buildPresentation(
      credential,
      new Set(["jobTitle"]),
      request,
      thief.privateKey,
      new Date(),
    );
    await assert.rejects(
      checkPresentation(presentation, { issuerKey: issuer.publicJwk, nonce: request.nonce, aud: request.aud }),
      /holder key/,
    );
  });

  it("wraps the presentation in the FairLedgerPresentation envelope with its anchor proof", () => {
    const anchor = { chainId: 31337, ledger: `0x${"5".repeat(40)}`, root: `0x${"1".repeat(64)}`, proof: [] };
    assert.deepEqual(presentationEnvelope("a~b~kb", anchor), {
      type: "FairLedgerPresentation",
      version: 1,
      format: "vc+sd-jwt",
      presentation: "a~b~kb",
      anchor,
    });
  });

  it("shows revoked over expired over valid, and expired without an answer from the issuer", async () => {
    const expired = await issuer.issue(
      "EmploymentContractCredential",
      employmentSubject(holder.did),
      holder.publicJwk,
      {
        from: new Date("2024-01-01T00:00:00Z"),
        until: new Date("2025-01-01T00:00:00Z"),
      },
    );
    const now = new Date("2026-06-01T00:00:00Z");
    const view = await describeCredential(expired);
    assert.equal(displayStatus(view, "active", now), "expired");
    assert.equal(displayStatus(view, undefined, now), "expired");
    assert.equal(displayStatus(view, "revoked", now), "revoked");
    assert.equal(displayStatus(await describeCredential(credential), "active", now), "valid");
    assert.equal(displayStatus(await describeCredential(credential), undefined, now), "unknown");
    assert.equal(
      displayStatus(await describeCredential(credential), "unknown-to-issuer", now),
      "not-known",
      "a paper the issuer no longer knows is never valid",
    );
  });
});
