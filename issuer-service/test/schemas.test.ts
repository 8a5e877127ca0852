/** The published JSON Schemas (common/schemas) are exactly what the claim schemas generate. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { CREDENTIAL_TYPES } from "@fairledger/common";
import { SCHEMA_FILE, SUBJECT_SCHEMAS, credentialJsonSchema } from "../src/credentials/claims.ts";

describe("credential JSON Schemas", () => {
  for (const type of CREDENTIAL_TYPES) {
    it(`common/schemas/${SCHEMA_FILE[type]} is up to date (regenerate: tsx issuer-service/src/credentials/schemas-cli.ts)`, () => {
      const published = JSON.parse(readFileSync(new URL(`../../common/schemas/${SCHEMA_FILE[type]}`, import.meta.url), "utf8"));
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
      ].sort(),
    );
  });
});
