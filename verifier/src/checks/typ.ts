/** `typ`: each token says what it is (RFC 8725 §3.11), so a KB-JWT cannot pass as a credential or the reverse. */
import { fail, pass, type CheckResult } from "../result.ts";

export function checkTyp(header: Record<string, unknown>, expected: readonly string[], what: string): CheckResult {
  const typ = header.typ;
  if (typeof typ !== "string" || !expected.includes(typ)) {
    return fail("typ", `${what} has typ ${JSON.stringify(typ)}; expected ${expected.join(" or ")}`);
  }
  return pass("typ", `${what} is typ ${typ}`);
}
