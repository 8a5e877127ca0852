/** `required-claims`: every claim the verifier asked for (--require) was disclosed. */
import { fail, pass, type CheckResult } from "../result.ts";

export function checkRequiredClaims(required: readonly string[], disclosed: Record<string, unknown>): CheckResult {
  // Own properties only: "constructor", "toString" or "__proto__" are on every object's prototype chain,
  // and asking for them must not count as their having been disclosed.
  const missing = required.filter((claim) => !Object.hasOwn(disclosed, claim) || disclosed[claim] === undefined);
  if (missing.length) return fail("required-claims", `not disclosed: ${missing.join(", ")}`);
  return pass("required-claims", `disclosed: ${required.join(", ")}`);
}
