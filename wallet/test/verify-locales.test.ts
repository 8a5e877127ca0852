/**
 * The border desk says everything in English and Arabic with the same placeholders, names every check the
 * verifier can list and what its pass or failure means, and has words for every licence reason.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { LICENCE_REASONS } from "@fairledger/common";
import { CHECK_IDS } from "../../verifier/src/result.ts";

const load = (code: string) =>
  JSON.parse(readFileSync(new URL(`../src/verify/locales/${code}.json`, import.meta.url), "utf8")) as Record<
    string,
    string
  >;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe("border desk locales", () => {
  const english = load("en");

  it("ar has every message with the same placeholders", () => {
    const arabic = load("ar");
    assert.deepEqual(Object.keys(arabic).sort(), Object.keys(english).sort());
    for (const [key, text] of Object.entries(english))
      assert.deepEqual(placeholders(arabic[key]!), placeholders(text), `ar:${key}`);
  });

  it("names every check of verifier/src/result.ts", () => {
    for (const id of CHECK_IDS) assert.ok(english[`check.${id}`], id);
  });

  it("says what every check's pass and failure mean, by check id (never by the verifier's English text)", () => {
    for (const id of CHECK_IDS)
      for (const state of ["passed", "failed"]) assert.ok(english[`checkReason.${id}.${state}`], `${id} ${state}`);
    assert.ok(english["checkReason.indeterminate"]);
  });

  it("has words for every licence reason of common/src/licence-reasons.ts", () => {
    for (const reason of LICENCE_REASONS) assert.ok(english[`reason.${reason.name}`], reason.name);
  });
});
