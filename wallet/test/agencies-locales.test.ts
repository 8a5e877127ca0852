/** The agency check page says everything in every language, with the same placeholders, and every licence reason has words. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { LICENCE_REASONS } from "@fairledger/common";
import { LANGUAGES } from "../src/ui/i18n.ts";

const load = (code: string) =>
  JSON.parse(readFileSync(new URL(`../src/agencies/locales/${code}.json`, import.meta.url), "utf8")) as Record<
    string,
    string
  >;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe("agency check page locales", () => {
  const english = load("en");

  for (const { code } of LANGUAGES) {
    it(`${code} has every message with the same placeholders`, () => {
      const messages = load(code);
      assert.deepEqual(Object.keys(messages).sort(), Object.keys(english).sort());
      for (const [key, text] of Object.entries(english))
        assert.deepEqual(placeholders(messages[key]!), placeholders(text), `${code}:${key}`);
    });
  }

  it("has words for every licence reason of common/src/licence-reasons.ts", () => {
    for (const reason of LICENCE_REASONS) assert.ok(english[`reason.${reason.name}`], reason.name);
  });
});
