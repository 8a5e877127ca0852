/**
 * The presentation request, defined once: what the verifier CLI writes (`fairledger request`) is what
 * the wallet reads, and anything else is refused with ERR_REQUEST_INVALID.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  PURPOSE_CLAIMS,
  isFairLedgerError,
  manualPresentationRequest,
  newPresentationRequest,
  parsePresentationRequest,
  presentationRequestJson,
} from "../src/index.ts";

const refused = (error: unknown) => isFairLedgerError(error, "ERR_REQUEST_INVALID");

describe("presentation request", () => {
  it("round-trips: a new request's JSON parses back to the same request, with the type's purpose claims", () => {
    const request = newPresentationRequest("did:web:border.example.sa", "EmploymentContractCredential");
    assert.deepEqual(request.claims, PURPOSE_CLAIMS.EmploymentContractCredential);
    assert.match(request.nonce, /^[A-Za-z0-9_-]{22}$/);
    const wire = presentationRequestJson(request);
    assert.deepEqual(Object.keys(wire), ["type", "aud", "nonce", "credentialType", "claims"]);
    assert.deepEqual(parsePresentationRequest(JSON.stringify(wire)), request);
  });

  it("gives every request a fresh nonce", () => {
    const a = newPresentationRequest("aud", "RecruitmentFeeStatement");
    const b = newPresentationRequest("aud", "RecruitmentFeeStatement");
    assert.notEqual(a.nonce, b.nonce);
  });

  it("reads a request without credentialType or claims (claims default to none)", () => {
    assert.deepEqual(parsePresentationRequest('{"type":"FairLedgerPresentationRequest","aud":"a","nonce":"n"}'), {
      aud: "a",
      nonce: "n",
      claims: [],
    });
  });

  it("refuses other JSON, a missing or unprintable nonce or audience, an unknown type, non-string claims", () => {
    for (const text of [
      "not json",
      '{"type":"Other","aud":"a","nonce":"n"}',
      '{"type":"FairLedgerPresentationRequest","aud":"a"}',
      '{"type":"FairLedgerPresentationRequest","aud":"a b","nonce":"n"}',
      `{"type":"FairLedgerPresentationRequest","aud":"a","nonce":"${"n".repeat(513)}"}`,
      '{"type":"FairLedgerPresentationRequest","aud":"a","nonce":"n","credentialType":"PassportCredential"}',
      '{"type":"FairLedgerPresentationRequest","aud":"a","nonce":"n","claims":[1]}',
      "null",
    ]) {
      assert.throws(() => parsePresentationRequest(text), refused, text.slice(0, 80));
    }
    assert.throws(() => manualPresentationRequest("n 1", "aud"), refused);
    assert.throws(() => manualPresentationRequest("n1", ""), refused);
  });
});
