/**
 * Sane bounds shared by the request-body schemas: text that says something, dates a recruitment record
 * can carry, documents that are documents. Each rule names what it refuses, so the problem+json answer
 * says which field broke which rule. The rules claims share live in @fairledger/common (claim-rules.ts).
 */
import { z } from "zod";
import { firstIssue } from "@fairledger/common";

export { boundedDate, boundedDateTime, firstIssue, text } from "@fairledger/common";

/**
 * A check that a YYYY-MM-DD date is not after today (UTC) on `now`, the service's clock: "today" is the
 * clock's, so the rule is tested exactly with a fixed one.
 */
export function notInFuture(now: () => number): (date: string) => boolean {
  return (date) => date <= new Date(now()).toISOString().slice(0, 10);
}

/** A non-empty document as base64 (standard or url-safe alphabet). */
export const document = z
  .string()
  .regex(/^[A-Za-z0-9+/=_-]+$/, { message: "base64", abort: true })
  .refine((value) => Buffer.from(value, "base64").length > 0, firstIssue("the document is empty"));
