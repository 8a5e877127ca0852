/** `required-claims`: every claim the verifier asked for (--require) was disclosed. */
import { fail, pass, type CheckResult } from "../result.ts";

export function checkRequiredClaims(required: readonly string[], disclosed: Record<string, unknown>): CheckResult {
  const missing = required.filter((claim) => disclosed[claim] === undefined);
  if (missing.length) return fail("required-claims", `not disclosed: ${missing.join(", ")}`);
  return pass("required-claims", `disclosed: ${required.join(", ")}`);
}
