/**
 * `contract-document` (contract-substitution check): the document the employer or authority holds hashes
 * (SHA-256) to the contractHash the credential states, and that hash is the latest version on chain.
 */
import { documentHash } from "@fairledger/common";
import { fail, pass, type CheckResult } from "../result.ts";
import type { TrustSource } from "../trust/trust-source.ts";

export async function checkContractDocument(trust: TrustSource, document: Uint8Array, subject: Record<string, unknown>): Promise<CheckResult> {
  const hash = documentHash(document);
  if (typeof subject.contractHash !== "string") return fail("contract-document", "the credential states no contract hash to compare with");
  if (hash !== subject.contractHash.toLowerCase()) {
    return fail("contract-document", "the document is NOT the contract in the credential: its SHA-256 differs (substituted or altered)");
  }
  if (!(await trust.isLatestContract(String(subject.caseCommitment), hash))) return fail("contract-document", "the document matches, but it is not the latest anchored version");
  return pass("contract-document", "the document is the anchored contract, latest version");
}
