/**
 * `time-valid`: iat/nbf not in the future and exp not past, all NumericDate numbers, with a bounded
 * clock skew (default 60 s). The verification time is injected (`--at`), never read here.
 */
import { fail, pass, type CheckResult } from "../result.ts";

export interface TimeClaims {
  iat?: unknown;
  nbf?: unknown;
  exp?: unknown;
}

const isNumericDate = (value: unknown): value is number =>
  typeof value === "number" && Number.isFinite(value) && value >= 0;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

export function checkTime(
  claims: TimeClaims,
  now: number,
  skewSeconds: number,
  what: string,
  requireExp = false,
): CheckResult {
  if (!isNumericDate(claims.iat)) return fail("time-valid", `${what} has no valid issue time (iat)`);
  for (const name of ["nbf", "exp"] as const) {
    if (claims[name] !== undefined && !isNumericDate(claims[name]))
      return fail("time-valid", `${what} ${name} is not a NumericDate`);
  }
  if (requireExp && claims.exp === undefined) return fail("time-valid", `${what} has no expiry (exp)`);
  if (claims.iat > now + skewSeconds) return fail("time-valid", `${what} is issued in the future (${iso(claims.iat)})`);
  if (isNumericDate(claims.nbf) && claims.nbf > now + skewSeconds)
    return fail("time-valid", `${what} is not valid before ${iso(claims.nbf)}`);
  if (isNumericDate(claims.exp) && claims.exp <= now - skewSeconds)
    return fail("time-valid", `${what} expired at ${iso(claims.exp)}`);
  if (isNumericDate(claims.exp) && claims.exp <= claims.iat)
    return fail("time-valid", `${what} expires before it was issued`);
  const until = isNumericDate(claims.exp) ? `, valid until ${iso(claims.exp)}` : "";
  return pass("time-valid", `${what} issued ${iso(claims.iat)}${until}`);
}
