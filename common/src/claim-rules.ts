/**
 * Sane bounds for what FairLedger signs and accepts: text that says something, dates a recruitment
 * record can carry. Each rule names what it refuses, so a problem+json answer or a failed check says
 * which field broke which rule. Used by the claim schemas (claim-schemas.ts) and the issuer's request
 * bodies alike. Browser-safe.
 */
import { z } from "zod";

/** C0 controls (NUL included) and DEL: never part of a name, a number or a title. */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's whole purpose
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Runs a refinement only on a value that passed every check before it: one issue per field, the first that applies. */
export function firstIssue(message: string) {
  return { message, when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };
}

/** Non-blank text of at most `max` characters, without control characters. */
export function text(max: number) {
  return z
    .string()
    .min(1, { abort: true })
    .max(max, { abort: true })
    .refine((value) => value.trim().length > 0, firstIssue("must not be blank"))
    .refine((value) => !CONTROL.test(value), firstIssue("must not contain control characters"));
}

/** An ISO calendar date (YYYY-MM-DD) inside [from, until]. */
export function boundedDate(from: string, until: string) {
  return z.iso
    .date({ abort: true })
    .refine((value) => value >= from && value <= until, firstIssue(`must be between ${from} and ${until}`));
}

/**
 * An ISO date-time between 1970 and 2100: the contracts keep times as unsigned seconds, and a licence or
 * credential window beyond 2100 is a typo, not a plan.
 */
export function boundedDateTime(from = "1970-01-01T00:00:00Z", until = "2100-12-31T23:59:59Z") {
  const [min, max] = [Date.parse(from), Date.parse(until)];
  return z.iso.datetime({ abort: true }).refine(
    (value) => {
      const time = Date.parse(value);
      return Number.isFinite(time) && time >= min && time <= max;
    },
    firstIssue(`must be between ${from} and ${until}`),
  );
}
