/** A corridor's fee policy in words: zero cap means "workers pay no fees"; a cap is said in the currency's own units, exactly. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { currencyMinorDigits, feePolicyWords, minorUnitsAsDecimal } from "../src/index.ts";

describe("feePolicyWords", () => {
  it("a cap of zero: workers pay no recruitment fees (ILO Employer Pays)", () => {
    const policy = feePolicyWords("0", "PHP");
    assert.equal(policy.workersPayNoFees, true);
    assert.equal(policy.words, "in this corridor workers pay no recruitment fees");
    assert.equal(policy.maxWorkerPaidFeeDecimal, "0.00");
  });

  it("a cap in paise is said in rupees, grouped, with the currency code", () => {
    const policy = feePolicyWords(3_000_000n, "INR");
    assert.deepEqual(policy, {
      workersPayNoFees: false,
      maxWorkerPaidFee: "3000000",
      currency: "INR",
      maxWorkerPaidFeeDecimal: "30000.00",
      words: "in this corridor a worker may be charged at most INR 30,000.00 in recruitment fees",
    });
  });

  it("follows the currency's minor digits (yen has none) and stays exact beyond floating point", () => {
    assert.equal(currencyMinorDigits("JPY"), 0);
    assert.equal(
      feePolicyWords("150000", "JPY").words,
      "in this corridor a worker may be charged at most JPY 150,000 in recruitment fees",
    );
    assert.equal(minorUnitsAsDecimal(123456789012345678901n, 2), "1234567890123456789.01");
    assert.equal(minorUnitsAsDecimal(5n, 2), "0.05");
  });

  it("refuses an amount that is not minor units", () => {
    assert.throws(() => feePolicyWords("-1", "INR"), RangeError);
    assert.throws(() => feePolicyWords("1.5", "INR"), RangeError);
  });
});
