/**
 * The SD-JWT VC `typ` transition (draft-ietf-oauth-sd-jwt-vc -06 renamed `vc+sd-jwt` to `dc+sd-jwt`):
 * `dc+sd-jwt` always, `vc+sd-jwt` until LEGACY_SD_JWT_VC_TYP_UNTIL (2027-06-30T00:00:00Z) and not from then
 * on, and never a typ that names another kind of token.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { LEGACY_SD_JWT_VC_TYP_UNTIL } from "@fairledger/common";
import { checkSdJwtVcTyp } from "../src/checks/typ.ts";

const lastSecond = LEGACY_SD_JWT_VC_TYP_UNTIL - 1;
const check = (typ: unknown, now: number) => checkSdJwtVcTyp({ alg: "EdDSA", typ }, now, "credential");

describe("SD-JWT VC typ", () => {
  test("the transition ends at 2027-06-30T00:00:00Z", () => {
    assert.equal(new Date(LEGACY_SD_JWT_VC_TYP_UNTIL * 1000).toISOString(), "2027-06-30T00:00:00.000Z");
  });

  test("dc+sd-jwt is accepted before and after the end of the transition", () => {
    assert.equal(check("dc+sd-jwt", lastSecond).passed, true);
    assert.equal(check("dc+sd-jwt", LEGACY_SD_JWT_VC_TYP_UNTIL).passed, true);
  });

  test("vc+sd-jwt is accepted in the last second of the transition, and says it is the former name", () => {
    const result = check("vc+sd-jwt", lastSecond);
    assert.equal(result.passed, true);
    assert.match(result.reason, /former name of dc\+sd-jwt, accepted until 2027-06-30/);
  });

  test("vc+sd-jwt is rejected from the first second after the transition", () => {
    const result = check("vc+sd-jwt", LEGACY_SD_JWT_VC_TYP_UNTIL);
    assert.equal(result.passed, false);
    assert.match(result.reason, /no longer accepted/);
  });

  for (const typ of ["JWT", "kb+jwt", "statuslist+jwt", "DC+SD-JWT", undefined, ["dc+sd-jwt"]]) {
    test(`a credential with typ ${JSON.stringify(typ)} is rejected during the transition`, () => {
      assert.equal(check(typ, lastSecond).passed, false);
    });
  }
});
