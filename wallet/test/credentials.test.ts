/** Credentials in plain words: the fee statement's "no recruitment fees paid", amounts and countries. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHolderKey } from "../src/lib/holder-key.ts";
import { describeCredential, noFeesPaid } from "../src/credentials/describe.ts";
import { formatAmount, formatClaim } from "../src/ui/format.ts";
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
});
