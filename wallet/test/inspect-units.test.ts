/**
 * The dashboard's pure parts, without a browser: amounts from the audit's currency units for people (the
 * ISO 4217 decimals, the code not a symbol, grouped, exact to the last digit), and the finding document whose
 * hash goes on chain (a reason too short or too long is refused before anything is sent).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { formatSums, formatUnits } from "../src/inspect/money.ts";
import { findingDocument, findingHash, reasonProblem, MAX_REASON_LENGTH } from "../src/inspect/finding.ts";

const NBSP = "\u00a0";

describe("amounts in currency units, for people", () => {
  it("PHP 15,000.00: the code, grouped, two decimals", () => {
    assert.equal(formatUnits("15000.00", "PHP", "en"), `PHP${NBSP}15,000.00`);
  });

  it("ISO 4217's decimals: none for JPY, three for KWD", () => {
    assert.equal(formatUnits("150000", "JPY", "en"), `JPY${NBSP}150,000`);
    assert.equal(formatUnits("1.234", "KWD", "en"), `KWD${NBSP}1.234`);
  });

  it("exact beyond a float's digits: a 20-digit amount keeps its last digit", () => {
    assert.equal(formatUnits("12345678901234567890.01", "PHP", "en"), `PHP${NBSP}12,345,678,901,234,567,890.01`);
  });

  it("no cap yet (an open case) is a dash; a value that is not an amount is shown as it is, never reformatted", () => {
    assert.equal(formatUnits(null, "PHP", "en"), "—");
    assert.equal(formatUnits("1e5", "PHP", "en"), "PHP 1e5");
    assert.equal(formatUnits("15000.00", "php", "en"), "php 15000.00");
  });

  it("sums per currency on one line, never added across currencies", () => {
    assert.equal(formatSums({ INR: "30000.00", PHP: "15000.00" }, "en"), `INR${NBSP}30,000.00 · PHP${NBSP}15,000.00`);
    assert.equal(formatSums({}, "en"), "—");
  });
});

describe("the finding whose hash is recorded on chain", () => {
  const at = new Date("2026-12-01T05:00:00Z");
  const commitment = `0x${"AB".repeat(32)}`;

  it("is the case (lower case), the reason trimmed and the time; its hash is the SHA-256 of that JSON", async () => {
    const document = findingDocument(commitment, "  Worker paid a placement fee.  ", at);
    assert.deepEqual(document, {
      type: "FairLedgerInspectorFinding",
      caseCommitment: commitment.toLowerCase(),
      reason: "Worker paid a placement fee.",
      recordedAt: "2026-12-01T05:00:00.000Z",
    });
    const hash = await findingHash(document);
    const expected = Buffer.from(
      await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(document))),
    ).toString("hex");
    assert.equal(hash, `0x${expected}`);
  });

  it("another reason or another case is another hash", async () => {
    const base = await findingHash(findingDocument(commitment, "Worker paid a placement fee.", at));
    assert.notEqual(await findingHash(findingDocument(commitment, "Worker paid a placement fee!", at)), base);
    assert.notEqual(
      await findingHash(findingDocument(`0x${"cd".repeat(32)}`, "Worker paid a placement fee.", at)),
      base,
    );
  });

  it("refuses a reason of fewer than 10 characters (spaces do not count) or more than 2000", () => {
    assert.equal(reasonProblem("   short   "), "flag.error.reasonShort");
    assert.equal(reasonProblem("x".repeat(MAX_REASON_LENGTH + 1)), "flag.error.reasonLong");
    assert.equal(reasonProblem("Worker paid a placement fee."), null);
  });
});
