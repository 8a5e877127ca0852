/**
 * `fee-statement-matches-case`: a recruitment fee statement says what the chain says about its case —
 * closed, with the same worker-paid total, receipt count and receipts root, in the corridor currency —
 * and "no fees charged" only when the worker paid zero.
 */
import { feesChargedToWorker } from "@fairledger/common";
import { fail, pass, type CheckResult } from "../result.ts";
import { CASE_STATUS_NAMES, CaseStatus, type TrustSource } from "../trust/trust-source.ts";

export async function checkFeeStatement(
  trust: TrustSource,
  issuer: string,
  subject: Record<string, unknown>,
): Promise<CheckResult> {
  const recruitmentCase = await trust.caseOf(String(subject.caseCommitment));
  const problems: string[] = [];
  if (recruitmentCase.status === CaseStatus.None) return fail("fee-statement-matches-case", "the case is not on chain");
  if (recruitmentCase.agency.toLowerCase() !== issuer.toLowerCase())
    problems.push("the case belongs to another agency");
  if (recruitmentCase.corridor !== subject.corridor) problems.push(`the case is in ${recruitmentCase.corridor}`);
  if (recruitmentCase.status === CaseStatus.Open) problems.push("the case is still open on chain");
  const chainStatus = CASE_STATUS_NAMES[recruitmentCase.status];
  if (subject.caseStatus !== undefined && subject.caseStatus !== chainStatus)
    problems.push(`the case is ${chainStatus} on chain, not ${String(subject.caseStatus)}`);
  if (
    subject.workerPaidTotal !== undefined &&
    String(subject.workerPaidTotal) !== recruitmentCase.workerPaidTotal.toString()
  ) {
    problems.push(
      `the worker paid ${recruitmentCase.workerPaidTotal} on chain, not ${String(subject.workerPaidTotal)}`,
    );
  }
  if (subject.receiptCount !== undefined && Number(subject.receiptCount) !== recruitmentCase.receiptCount) {
    problems.push(`${recruitmentCase.receiptCount} receipts on chain, not ${String(subject.receiptCount)}`);
  }
  if (
    subject.receiptsRoot !== undefined &&
    String(subject.receiptsRoot).toLowerCase() !== recruitmentCase.receiptsRoot
  ) {
    problems.push("the receipts root differs from the one the case was closed with");
  }
  if (
    subject.feesChargedToWorker !== undefined &&
    subject.feesChargedToWorker !== feesChargedToWorker(recruitmentCase.workerPaidTotal)
  ) {
    problems.push(
      `feesChargedToWorker says ${String(subject.feesChargedToWorker)} but the worker paid ${recruitmentCase.workerPaidTotal}`,
    );
  }
  if (subject.currency !== undefined) {
    const policy = await trust.feePolicy(recruitmentCase.corridor);
    if (policy.currency !== subject.currency)
      problems.push(`the corridor currency is ${policy.currency}, not ${String(subject.currency)}`);
  }
  if (problems.length) return fail("fee-statement-matches-case", problems.join("; "));
  return pass(
    "fee-statement-matches-case",
    `case ${chainStatus} on chain; worker paid ${recruitmentCase.workerPaidTotal} in ${recruitmentCase.receiptCount} receipt(s)`,
  );
}
