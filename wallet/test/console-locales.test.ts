/**
 * The authority console says everything in English and Arabic with the same placeholders, has words for
 * every licence reason and every licence event the API lists, and names the actions an authority records.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { LICENCE_REASONS } from "@fairledger/common";
import { COMPLAINT_CATEGORIES } from "../../issuer-service/src/store/complaints-repository.ts";

const load = (code: string) =>
  JSON.parse(readFileSync(new URL(`../src/console/locales/${code}.json`, import.meta.url), "utf8")) as Record<
    string,
    string
  >;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe("authority console locales", () => {
  const english = load("en");

  it("ar has every message with the same placeholders", () => {
    const arabic = load("ar");
    assert.deepEqual(Object.keys(arabic).sort(), Object.keys(english).sort());
    for (const [key, text] of Object.entries(english))
      assert.deepEqual(placeholders(arabic[key]!), placeholders(text), `ar:${key}`);
  });

  it("has words for every licence reason of common/src/licence-reasons.ts", () => {
    for (const reason of LICENCE_REASONS) assert.ok(english[`reason.${reason.name}`], reason.name);
  });

  it("has words for every licence event and state the API answers, and every authority action it records", () => {
    for (const event of ["issued", "renewed", "suspended", "reinstated", "revoked"])
      assert.ok(english[`event.${event}`], event);
    for (const state of ["active", "suspended", "revoked"]) assert.ok(english[`state.${state}`], state);
    const recorded = [
      "licence.issued",
      "licence.renewed",
      "licence.suspended",
      "licence.reinstated",
      "licence.revoked",
      "employer.registered",
      "employer.deregistered",
      "insurer.registered",
      "insurer.deregistered",
      "corridor.proposed",
      "corridor.approved",
      "principal.provisioned",
      "api-key.created",
      "api-key.revoked",
    ];
    for (const action of recorded) assert.ok(english[`action.${action}`], action);
  });

  it("names every complaint category of the service and every status a complaint has, in words", () => {
    for (const category of COMPLAINT_CATEGORIES) assert.ok(english[`complaints.category.${category}`], category);
    for (const status of ["filed", "anchored", "handled"]) assert.ok(english[`complaints.status.${status}`], status);
  });
});
