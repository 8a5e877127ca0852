/** Amounts in currency units (common/src/currency-units.ts): the chain's minor units, read as people read money. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { currencyUnits, formatAmount, minorUnitExponent } from "../src/currency-units.ts";

describe("currency units", () => {
  it("reads minor units by the currency's ISO 4217 exponent: PHP 2, JPY 0, KWD 3", () => {
    assert.equal(currencyUnits(1_500_000n, "PHP"), "15000.00");
    assert.equal(currencyUnits(5n, "INR"), "0.05");
    assert.equal(currencyUnits(0n, "SAR"), "0.00");
    assert.equal(currencyUnits(1_500_000n, "JPY"), "1500000");
    assert.equal(currencyUnits(1_500_000n, "KWD"), "1500.000");
    assert.equal(currencyUnits(7n, "KWD"), "0.007");
    assert.equal(
      currencyUnits(340282366920938463463374607431768211455n, "PHP"),
      "3402823669209384634633746074317682114.55",
    );
  });

  it("formats for people with the currency and grouped thousands", () => {
    assert.equal(formatAmount(1_500_000n, "PHP"), "PHP 15,000.00");
    assert.equal(formatAmount(99n, "AED"), "AED 0.99");
    assert.equal(formatAmount(123_456_789n, "JPY"), "JPY 123,456,789");
    assert.equal(formatAmount(1_000_000n, "BHD"), "BHD 1,000.000");
  });

  it("refuses what is not a currency code or a non-negative amount rather than guessing", () => {
    for (const code of ["php", "PH", "PESO", ""]) assert.throws(() => minorUnitExponent(code), RangeError, code);
    assert.throws(() => currencyUnits(-1n, "PHP"), RangeError);
  });
});
