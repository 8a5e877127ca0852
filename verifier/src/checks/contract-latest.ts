/**
 * `contract-latest`: an employment contract credential names the contract version that is anchored, signed
 * into THIS case, and still the latest (not replaced by an amendment); the case belongs to the issuing
 * agency and to the corridor the credential states.
 */
import { fail, pass, type CheckResult } from "../result.ts";
import { CaseStatus, type TrustSource } from "../trust/trust-source.ts";

export async function checkContractLatest(
  trust: TrustSource,
  issuer: string,
  subject: Record<string, unknown>,
): Promise<CheckResult> {
  const contractHash = String(subject.contractHash).toLowerCase();
  const caseCommitment = String(subject.caseCommitment).toLowerCase();
  const recruitmentCase = await trust.caseOf(caseCommitment);
  if (recruitmentCase.status === CaseStatus.None) return fail("contract-latest", "the case is not on chain");
  if (recruitmentCase.agency.toLowerCase() !== issuer.toLowerCase())
    return fail("contract-latest", "the case belongs to another agency than the issuer");
  if (recruitmentCase.corridor !== subject.corridor) {
    return fail(
      "contract-latest",
      `the case is in corridor ${recruitmentCase.corridor}, the credential says ${String(subject.corridor)}`,
    );
  }
  // Contract versions are kept per case on chain: the same hash anchored in another case does not count.
  const version = await trust.contractVersionOf(caseCommitment, contractHash);
  if (version.version === 0) return fail("contract-latest", "the contract is not anchored on chain in this case");
  if (!(await trust.isLatestContract(caseCommitment, contractHash))) {
    return fail("contract-latest", `contract version ${version.version} was replaced by an amendment`);
  }
  return pass(
    "contract-latest",
    `contract version ${version.version}, signed by agency and employer, is the latest of its case`,
  );
}
