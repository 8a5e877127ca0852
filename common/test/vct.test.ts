/**
 * `vct` values: the metadata URL new credentials carry (any deployment's base), the pre-#13 URNs still
 * recognised, and nothing else; and `claimLabel`, the labels FairLedger's wallet can show.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { CREDENTIAL_TYPES, LEGACY_VCT, claimLabel, credentialTypeOfVct, vctUrl } from "../src/index.ts";

describe("vct", () => {
  for (const type of CREDENTIAL_TYPES) {
    test(`${type}: recognised from its URL on any deployment's base and from its pre-#13 URN`, () => {
      assert.equal(credentialTypeOfVct(vctUrl("https://issuer.dmw.gov.ph/", type)), type);
      assert.equal(credentialTypeOfVct(vctUrl("http://127.0.0.1:8080/api", type)), type);
      assert.equal(credentialTypeOfVct(LEGACY_VCT[type]), type);
    });
  }

  for (const forged of [
    "https://issuer.example/vct/PassportCredential",
    "https://issuer.example/vct/EmploymentContractCredential?x=1",
    "https://issuer.example/vct/EmploymentContractCredential/",
    "ftp://issuer.example/vct/EmploymentContractCredential",
    "https://issuer.example/other/EmploymentContractCredential",
    "EmploymentContractCredential",
    "urn:fairledger:vct:employment-contract:2",
  ]) {
    test(`${forged} names no FairLedger type`, () => {
      assert.equal(credentialTypeOfVct(forged), undefined);
    });
  }

  test("vctUrl puts the type under /vct/ of the base, with or without a trailing slash", () => {
    assert.equal(
      vctUrl("https://a.example/", "RecruitmentFeeStatement"),
      "https://a.example/vct/RecruitmentFeeStatement",
    );
    assert.equal(
      vctUrl("https://a.example", "RecruitmentFeeStatement"),
      "https://a.example/vct/RecruitmentFeeStatement",
    );
  });

  test("claimLabel: shared labels, a type's own where it means something else, nested claims", () => {
    assert.equal(claimLabel("EmploymentContractCredential", ["passportNumber"], "tl"), "Numero ng pasaporte");
    assert.equal(claimLabel("EmploymentContractCredential", ["id"], "en"), "Holder");
    assert.equal(claimLabel("AgencyLicenceCredential", ["id"], "en"), "Licensed agency");
    assert.equal(claimLabel("EmploymentContractCredential", ["monthlyWage", "currency"], "ar"), "العملة");
    assert.equal(claimLabel("EmploymentContractCredential", ["noSuchClaim"], "en"), undefined);
  });
});
