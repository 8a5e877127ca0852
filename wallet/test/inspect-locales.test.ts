/**
 * The inspector's dashboard says everything in English and Arabic with the same placeholders, knows the
 * audit's classes exactly as the verifier library defines them (the page keeps its own copy: the library is
 * for Node), and has words for each class, each failure and each sign-in refusal.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  BREACH_CLASSES as LIBRARY_BREACHES,
  CASE_CLASSES as LIBRARY_CLASSES,
} from "../../verifier/src/audit/case-class.ts";
import { BREACH_CLASSES, CASE_CLASSES, type InspectFailure } from "../src/inspect/inspect-api.ts";
import { COMPLAINT_CATEGORIES } from "../../issuer-service/src/store/complaints-repository.ts";

const load = (code: string) =>
  JSON.parse(readFileSync(new URL(`../src/inspect/locales/${code}.json`, import.meta.url), "utf8")) as Record<
    string,
    string
  >;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
/** Every failure the page can show (a missing or extra one fails the type check). */
const FAILURES = Object.keys({
  "error.wrongKey": true,
  "error.notInspector": true,
  "error.rateLimited": true,
  "error.unavailable": true,
  "error.unknownAgency": true,
  "error.unknownCorridor": true,
  "error.badScope": true,
  "error.noRole": true,
  "error.noSuchCase": true,
  "error.complaintsOtherCountry": true,
} satisfies Record<InspectFailure, true>);

describe("inspector's dashboard locales", () => {
  const english = load("en");

  it("ar has every message with the same placeholders", () => {
    const arabic = load("ar");
    assert.deepEqual(Object.keys(arabic).sort(), Object.keys(english).sort());
    for (const [key, text] of Object.entries(english))
      assert.deepEqual(placeholders(arabic[key]!), placeholders(text), `ar:${key}`);
  });

  it("the page's classes and breaches are the library's, in its order", () => {
    assert.deepEqual([...CASE_CLASSES], [...LIBRARY_CLASSES]);
    assert.deepEqual(new Set(BREACH_CLASSES), new Set(LIBRARY_BREACHES));
  });

  it("names and explains every class, every failure, and each sign-in refusal", () => {
    for (const name of CASE_CLASSES) {
      assert.ok(english[`class.${name}`], name);
      assert.ok(english[`classMeaning.${name}`], name);
    }
    for (const key of FAILURES) assert.ok(english[key], key);
    for (const key of ["wrongKey", "notInspector", "rateLimited"]) assert.ok(english[`signIn.error.${key}`], key);
  });

  it("an unknown corridor or agency is said to be no clean audit, naming it", () => {
    assert.match(english["error.unknownCorridor"]!, /\{corridor\}.*not a clean audit/);
    assert.match(english["error.unknownAgency"]!, /\{agency\}.*not a clean audit/);
  });

  it("names every complaint category of the service and every status a complaint has, in words", () => {
    for (const category of COMPLAINT_CATEGORIES) assert.ok(english[`complaints.category.${category}`], category);
    for (const status of ["filed", "anchored", "handled"]) assert.ok(english[`complaints.status.${status}`], status);
  });
});
