/** Every language says everything English says, with the same placeholders, and every claim has a label. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ALWAYS_VISIBLE_CLAIMS, CREDENTIAL_TYPES, PERSONAL_CLAIMS, PURPOSE_CLAIMS } from "@fairledger/common";
import { LANGUAGES } from "../src/ui/i18n.ts";

const load = (code: string) =>
  JSON.parse(readFileSync(new URL(`../src/locales/${code}.json`, import.meta.url), "utf8")) as Record<string, string>;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe("locales", () => {
  const english = load("en");

  for (const { code } of LANGUAGES) {
    it(`${code} has every message with the same placeholders`, () => {
      const messages = load(code);
      assert.deepEqual(Object.keys(messages).sort(), Object.keys(english).sort());
      for (const [key, text] of Object.entries(english))
        assert.deepEqual(placeholders(messages[key]!), placeholders(text), `${code}:${key}`);
    });
  }

  it("labels every claim and credential type in English", () => {
    for (const type of CREDENTIAL_TYPES) {
      assert.ok(english[`type.${type}`], type);
      for (const claim of [...PERSONAL_CLAIMS[type], ...PURPOSE_CLAIMS[type], ...ALWAYS_VISIBLE_CLAIMS[type]]) {
        if (claim === "documentHash") continue; // a licence's on-chain hash, never shown to the worker
        assert.ok(english[`claim.${claim}`], `claim.${claim}`);
      }
    }
  });
});
