/**
 * Claim names that only look like a type's own are set apart, never read as the real claim: a fullwidth
 * letter, a Cyrillic or Greek letter, a zero-width space, a digit one for an l. Names of the type and
 * names that imitate nothing are left where they are.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { claimSkeleton, separateLookAlikes } from "../src/index.ts";
import { checkRequiredClaims } from "../src/checks/required-claims.ts";

const CYRILLIC_A = "\u0430";
const FULLWIDTH_E = "\uff45";
const GREEK_OMICRON = "\u03bf";
const ZERO_WIDTH_SPACE = "\u200b";

describe("look-alike claim names", () => {
  test("a forged 'employerName' with a Cyrillic 'а' is shown apart and does not answer a request for it", () => {
    // What a forged presentation discloses: the real job title, and an employer under a name that only looks right.
    const forged = `employerN${CYRILLIC_A}me`;
    assert.equal(forged, forged.normalize("NFKC"), "NFKC alone does not fold a Cyrillic letter");
    const disclosed = { jobTitle: "Registered Nurse", [forged]: "Fake Hospital" };
    const { claims, lookAlikes } = separateLookAlikes("EmploymentContractCredential", disclosed);
    assert.deepEqual(claims, { jobTitle: "Registered Nurse" });
    assert.deepEqual(lookAlikes, [{ name: forged, looksLike: "employerName", value: "Fake Hospital" }]);
    assert.equal(checkRequiredClaims(["employerName"], claims).passed, false, "the look-alike is not the claim");
    assert.equal(claimSkeleton(`j${GREEK_OMICRON}bTitle`), claimSkeleton("jobTitle"), "a Greek omicron too");
  });

  test("a fullwidth letter, a zero-width space and a digit 1 for an l are look-alikes too", () => {
    const names = [`${FULLWIDTH_E}mployerName`, `corri${ZERO_WIDTH_SPACE}dor`, "jobTit1e", "w\u043erksiteCountry"];
    const { claims, lookAlikes } = separateLookAlikes(
      "EmploymentContractCredential",
      Object.fromEntries(names.map((name) => [name, "x"])),
    );
    assert.deepEqual(claims, {});
    assert.deepEqual(
      lookAlikes.map(({ name, looksLike }) => [name, looksLike]),
      [
        [names[0], "employerName"],
        [names[1], "corridor"],
        [names[2], "jobTitle"],
        [names[3], "worksiteCountry"],
      ],
    );
  });

  test("the type's own names and names that imitate none stay in the claims", () => {
    const disclosed = { jobTitle: "Nurse", contractMonths: 24, favouriteColour: "blue", jobtitle: "lower case" };
    const { claims, lookAlikes } = separateLookAlikes("EmploymentContractCredential", disclosed);
    assert.deepEqual(claims, disclosed);
    assert.deepEqual(lookAlikes, []);
  });

  test("a name that is real in one type is judged by the type of the credential it is in", () => {
    const { lookAlikes } = separateLookAlikes("AgencyLicenceCredential", { [`juris${"d"}iction`]: "PH" });
    assert.deepEqual(lookAlikes, []);
    const forged = separateLookAlikes("AgencyLicenceCredential", { [`jur${"\u0456"}sdiction`]: "PH" });
    assert.deepEqual(forged.lookAlikes, [{ name: `jur\u0456sdiction`, looksLike: "jurisdiction", value: "PH" }]);
  });
});
