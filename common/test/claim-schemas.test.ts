/** The claim schemas are the single source: the published JSON Schemas (common/schemas) are exactly what they generate. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  CREDENTIAL_TYPES,
  SCHEMA_FILE,
  SUBJECT_SCHEMAS,
  credentialJsonSchema,
  disclosedClaimsProblem,
} from "../src/index.ts";

describe("credential JSON Schemas", () => {
  for (const type of CREDENTIAL_TYPES) {
    it(`common/schemas/${SCHEMA_FILE[type]} is up to date (regenerate: tsx common/scripts/write-schemas.ts)`, () => {
      const published = JSON.parse(readFileSync(new URL(`../schemas/${SCHEMA_FILE[type]}`, import.meta.url), "utf8"));
      assert.deepEqual(published, credentialJsonSchema(type));
    });
  }

  it("every personal claim of the README's table is in its schema", () => {
    assert.deepEqual(
      Object.keys(SUBJECT_SCHEMAS.EmploymentContractCredential.shape).sort(),
      [
        "id",
        "caseCommitment",
        "corridor",
        "contractHash",
        "contractSalt",
        "employerName",
        "employerId",
        "jobTitle",
        "worksiteCountry",
        "contractStart",
        "contractMonths",
        "workerName",
        "passportNumber",
        "birthDate",
        "nationality",
        "monthlyWage",
        "agencyName",
        "licenceNumber",
      ].sort(),
    );
  });

  it("a verifier reads disclosed claims by the same schema: withheld claims are fine, a malformed one is named", () => {
    assert.equal(
      disclosedClaimsProblem("EmploymentContractCredential", {
        caseCommitment: `0x${"ab".repeat(32)}`,
        corridor: "PH-SA",
      }),
      null,
    );
    assert.equal(disclosedClaimsProblem("EmploymentContractCredential", { corridor: "PHSA" })?.claim, "corridor");
    assert.equal(disclosedClaimsProblem("RecruitmentFeeStatement", { receiptCount: -1 })?.claim, "receiptCount");
    assert.equal(
      disclosedClaimsProblem("EmploymentContractCredential", { monthlyWage: { amount: "12", currency: "php" } })?.claim,
      "monthlyWage.currency",
    );
    assert.equal(
      disclosedClaimsProblem("EmploymentContractCredential", { monthlyWage: "12 PHP", corridor: "PH-SA" }, [
        "corridor",
        "receiptsRoot",
      ]),
      null,
    );
    assert.equal(
      disclosedClaimsProblem("AgencyLicenceCredential", { jurisdiction: "ph" }, ["corridor", "jurisdiction"])?.claim,
      "jurisdiction",
    );
  });
});
