/**
 * `contract-document` (contract-substitution check): the document the employer or authority holds is the
 * one the credential's contractHash commits to — `documentCommitment(document, contractSalt)`, with the
 * secret salt the worker disclosed for this check (common/src/commitment.ts) — and that commitment is the
 * latest version on chain. Without the salt nothing can be compared: the chain value alone confirms no
 * guess about the document, by design.
 */
import { isDocumentSalt, matchesDocumentCommitment } from "@fairledger/common/node";
import { fail, pass, type CheckResult } from "../result.ts";
import type { TrustSource } from "../trust/trust-source.ts";

export async function checkContractDocument(
  trust: TrustSource,
  document: Uint8Array,
  subject: Record<string, unknown>,
): Promise<CheckResult> {
  const { contractHash, contractSalt } = subject;
  if (typeof contractHash !== "string")
    return fail("contract-document", "the credential states no contract hash to compare with");
  if (contractSalt === undefined) {
    return fail(
      "contract-document",
      "the worker did not disclose contractSalt: without it the document cannot be compared with the commitment",
    );
  }
  if (!isDocumentSalt(contractSalt))
    return fail("contract-document", "the disclosed contractSalt is not a 32-byte hex salt");
  if (!matchesDocumentCommitment(document, contractSalt, contractHash)) {
    return fail(
      "contract-document",
      "the document is NOT the contract in the credential: its commitment differs (substituted or altered)",
    );
  }
  if (!(await trust.isLatestContract(String(subject.caseCommitment), contractHash.toLowerCase()))) {
    return fail("contract-document", "the document matches, but it is not the latest anchored version");
  }
  return pass("contract-document", "the document is the anchored contract, latest version");
}
