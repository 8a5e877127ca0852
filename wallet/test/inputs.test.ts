/** What the worker pastes or scans: pickup codes, credential offers, presentation requests. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parsePickupInput, parseOfferUri } from "../src/pickup/offer.ts";
import { manualPresentationRequest, parsePresentationRequest } from "../src/present/request.ts";
import { WalletError } from "../src/lib/errors.ts";

const walletError = (code: string) => (error: unknown) => error instanceof WalletError && error.code === code;
const offerUri = (offer: unknown) =>
  `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`;
const grant = (code: string) => ({
  "urn:ietf:params:oauth:grant-type:pre-authorized_code": { "pre-authorized_code": code },
});

describe("pickup input", () => {
  it("takes a bare code for the issuer that served the page, ignoring spaces", () => {
    assert.deepEqual(parsePickupInput(" AB12C D34EF ", "https://issuer.example"), {
      issuer: "https://issuer.example",
      preAuthorizedCode: "AB12CD34EF",
      credentialConfigurationIds: [],
    });
  });

  it("takes an offer URI and its issuer", () => {
    const offer = parseOfferUri(
      offerUri({
        credential_issuer: "https://issuer.example/",
        credential_configuration_ids: ["x"],
        grants: grant("AB12CD34EF"),
      }),
    );
    assert.deepEqual(offer, {
      issuer: "https://issuer.example",
      preAuthorizedCode: "AB12CD34EF",
      credentialConfigurationIds: ["x"],
    });
  });

  it("rejects offers without an http(s) issuer or without a pre-authorized code, and free text", () => {
    assert.throws(
      () => parseOfferUri(offerUri({ credential_issuer: "javascript:alert(1)", grants: grant("AB12CD34EF") })),
      walletError("ERR_OFFER_INVALID"),
    );
    assert.throws(
      () => parseOfferUri(offerUri({ credential_issuer: "https://issuer.example", grants: {} })),
      walletError("ERR_OFFER_INVALID"),
    );
    assert.throws(
      () => parseOfferUri("openid-credential-offer://?credential_offer=%7Bnot-json"),
      walletError("ERR_OFFER_INVALID"),
    );
    assert.throws(() => parsePickupInput("<script>", "https://issuer.example"), walletError("ERR_CODE_INVALID"));
  });
});

describe("presentation request", () => {
  it("reads the verifier's FairLedgerPresentationRequest", () => {
    const request = parsePresentationRequest(
      JSON.stringify({
        type: "FairLedgerPresentationRequest",
        aud: "did:web:border.example",
        nonce: "n1",
        credentialType: "EmploymentContractCredential",
        claims: ["employerName"],
      }),
    );
    assert.deepEqual(request, {
      aud: "did:web:border.example",
      nonce: "n1",
      credentialType: "EmploymentContractCredential",
      claims: ["employerName"],
    });
  });

  it("rejects other JSON, a missing nonce or audience, and unprintable values", () => {
    assert.throws(
      () => parsePresentationRequest('{"type":"Other","aud":"a","nonce":"n"}'),
      walletError("ERR_REQUEST_INVALID"),
    );
    assert.throws(
      () => parsePresentationRequest('{"type":"FairLedgerPresentationRequest","aud":"a"}'),
      walletError("ERR_REQUEST_INVALID"),
    );
    assert.throws(() => parsePresentationRequest("not json"), walletError("ERR_REQUEST_INVALID"));
    assert.throws(() => manualPresentationRequest("n 1", "aud"), walletError("ERR_REQUEST_INVALID"));
    assert.throws(() => manualPresentationRequest("n1", ""), walletError("ERR_REQUEST_INVALID"));
  });
});
