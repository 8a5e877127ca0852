/** Credentials in plain words: the fee statement's "no recruitment fees paid", amounts and countries. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHolderKey } from "../src/lib/holder-key.ts";
import { describeCredential, feeSituation, noFeesPaid } from "../src/credentials/describe.ts";
import { formatAmount, formatClaim } from "../src/ui/format.ts";
import { claimRows } from "../src/ui/claim-rows.ts";
import type { LanguageCode } from "../src/ui/i18n.ts";
import { defaultDisclosures } from "../src/present/disclosure-choice.ts";
import { createTestIssuer, employmentSubject } from "./support/issue-credential.ts";

const feeSubject = (holderDid: string, workerPaidTotal: string) => ({
  id: holderDid,
  caseCommitment: `0x${"ab".repeat(32)}`,
  corridor: "PH-SA",
  workerPaidTotal,
  currency: "SAR",
  feesChargedToWorker: workerPaidTotal !== "0",
  receiptsRoot: `0x${"ef".repeat(32)}`,
  receiptCount: 2,
  caseStatus: workerPaidTotal === "0" ? "Closed" : "ClosedInBreach",
  workerName: "Maria Santos",
  passportNumber: "P1234567A",
});

describe("credentials in plain words", () => {
  it("says 'no recruitment fees paid' only for a fee statement with nothing paid by the worker", async () => {
    const issuer = createTestIssuer();
    const holder = await createHolderKey();
    const clean = await describeCredential(
      await issuer.issue("RecruitmentFeeStatement", feeSubject(holder.did, "0"), holder.publicJwk),
    );
    const charged = await describeCredential(
      await issuer.issue("RecruitmentFeeStatement", feeSubject(holder.did, "150000"), holder.publicJwk),
    );
    const contract = await describeCredential(
      await issuer.issue("EmploymentContractCredential", employmentSubject(holder.did), holder.publicJwk),
    );
    assert.equal(noFeesPaid(clean), true);
    assert.equal(noFeesPaid(charged), false);
    assert.equal(noFeesPaid(contract), undefined);
    assert.deepEqual([...defaultDisclosures(clean.type, clean.disclosable)].includes("workerName"), false);
  });

  it("formats minor units with the currency's decimals, and countries by name", async () => {
    const spaces = (text: string) => text.replace(/\u00a0/g, " ");
    assert.equal(spaces(formatAmount("150000", "SAR", "en")), "SAR 1,500.00");
    assert.equal(formatAmount("5000", "JPY", "en"), "¥5,000");
    const holder = await createHolderKey();
    const view = await describeCredential(
      await createTestIssuer().issue("EmploymentContractCredential", employmentSubject(holder.did), holder.publicJwk),
    );
    const i18n = { lang: "en" as const, t: (key: string) => key };
    assert.equal(formatClaim(view, "worksiteCountry", i18n), "Saudi Arabia");
    assert.equal(formatClaim(view, "corridor", i18n), "Philippines → Saudi Arabia");
    view.subject.monthlyWage = { amount: "850000", currency: "SAR" };
    assert.equal(spaces(formatClaim(view, "monthlyWage", i18n)), "SAR 8,500.00");
  });

  it("formats amounts in currency units with ISO 4217 decimals, exactly, in the worker's language", () => {
    const spaces = (text: string) => text.replace(/[\u00a0\u200f\u061c]/g, " ").trim();
    // KWD has 3 decimals in ISO 4217: 1234567 minor units are KWD 1,234.567, not 12,345.67.
    assert.equal(spaces(formatAmount("1234567", "KWD", "en")), "KWD 1,234.567");
    // A wage beyond a double's 15-16 digits stays exact to the last digit (no float on the way).
    assert.equal(spaces(formatAmount("123456789012345678901", "PHP", "en")), "₱1,234,567,890,123,456,789.01");
    // IQD: ISO 4217 says 3 decimals where Intl's CLDR data says 0.
    assert.equal(spaces(formatAmount("1500", "IQD", "en")), "IQD 1.500");
    // Arabic: the riyal in Arabic letters; the digits as the platform's Arabic locale writes them.
    assert.match(formatAmount("450000", "SAR", "ar"), /^(?=.*ر\.س)(?=.*(4,500\.00|٤٬٥٠٠٫٠٠))/);
    assert.match(formatAmount("450000", "SAR", "hi"), /4,500\.00/);
    // Not an amount (a sign, a fraction, leading zeros): shown as it is, never converted.
    assert.equal(formatAmount("-5", "SAR", "en"), "-5 SAR");
    assert.equal(formatAmount("012", "SAR", "en"), "012 SAR");
  });

  for (const [lang, wageLabel, nameLabel] of [
    ["en", "Monthly wage", "Worker's name"],
    ["tl", "Buwanang sahod", "Pangalan ng manggagawa"],
    ["hi", "मासिक वेतन", "कामगार का नाम"],
    ["ar", "الأجر الشهري", "اسم العامل"],
  ] as const) {
    it(`lists every claim of the contract with its type-metadata label in ${lang}, the wage in currency units`, async () => {
      const holder = await createHolderKey();
      const view = await describeCredential(
        await createTestIssuer().issue("EmploymentContractCredential", employmentSubject(holder.did), holder.publicJwk),
      );
      const i18n = { lang: lang as LanguageCode, t: (key: string) => key };
      const rows = claimRows(view, i18n);
      assert.deepEqual(
        rows.map((row) => row.claim).sort(),
        Object.keys(view.subject).sort(),
        "every claim the wallet holds is a row",
      );
      const wage = rows.find((row) => row.claim === "monthlyWage")!;
      assert.equal(wage.label, wageLabel);
      assert.equal(wage.personal, true);
      assert.equal(wage.value, formatAmount("450000", "SAR", lang));
      assert.ok(!wage.value.includes("450000"), "not in minor units");
      const name = rows.find((row) => row.claim === "workerName")!;
      assert.deepEqual([name.label, name.value], [nameLabel, "Maria Santos"]);
      assert.equal(rows.find((row) => row.claim === "contractHash")?.technical, true);
    });
  }

  it("finds the fee situation of a contract's case from the fee statement the wallet holds, or says none is held", async () => {
    const issuer = createTestIssuer();
    const holder = await createHolderKey();
    const contract = await describeCredential(
      await issuer.issue("EmploymentContractCredential", employmentSubject(holder.did), holder.publicJwk),
    );
    const clean = await describeCredential(
      await issuer.issue("RecruitmentFeeStatement", feeSubject(holder.did, "0"), holder.publicJwk),
    );
    const charged = await describeCredential(
      await issuer.issue("RecruitmentFeeStatement", feeSubject(holder.did, "150000"), holder.publicJwk),
    );
    const otherCase = await describeCredential(
      await issuer.issue(
        "RecruitmentFeeStatement",
        { ...feeSubject(holder.did, "0"), caseCommitment: `0x${"99".repeat(32)}` },
        holder.publicJwk,
      ),
    );
    const t = (key: string) => `<${key}>`;
    assert.equal(formatClaim(charged, "caseStatus", { lang: "en", t }), "<caseStatus.ClosedInBreach>", "in words");
    assert.deepEqual(feeSituation(contract, [contract]), { kind: "no-statement" });
    assert.deepEqual(feeSituation(contract, [contract, otherCase]), { kind: "no-statement" }, "another case's");
    assert.deepEqual(feeSituation(contract, [contract, clean]), { kind: "none-paid" });
    assert.deepEqual(feeSituation(contract, [charged]), { kind: "paid", workerPaidTotal: "150000", currency: "SAR" });
    assert.deepEqual(feeSituation(charged, []), { kind: "paid", workerPaidTotal: "150000", currency: "SAR" });
    charged.subject.workerPaidTotal = "1e5";
    assert.deepEqual(feeSituation(contract, [charged]), { kind: "no-statement" }, "a malformed total says nothing");
  });
});
