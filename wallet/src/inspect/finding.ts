/**
 * A finding as the inspector writes it: a small JSON document (the case, the reason in the inspector's
 * words, when) whose SHA-256 is the `findingHash` recorded on chain by POST /audits/cases/{c}/flags. The
 * words stay with the inspector (nothing personal goes on chain); the hash proves later which finding it was.
 */
export const MIN_REASON_LENGTH = 10;
export const MAX_REASON_LENGTH = 2000;

export interface FindingDocument {
  type: "FairLedgerInspectorFinding";
  caseCommitment: string;
  reason: string;
  recordedAt: string;
}

export function findingDocument(caseCommitment: string, reason: string, recordedAt: Date): FindingDocument {
  return {
    type: "FairLedgerInspectorFinding",
    caseCommitment: caseCommitment.toLowerCase(),
    reason: reason.trim(),
    recordedAt: recordedAt.toISOString(),
  };
}

/** "0x" + the SHA-256 of the document's JSON (keys in the order above), as the chain stores it. */
export async function findingHash(document: FindingDocument): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(document));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return `0x${Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

/** Why a reason cannot be sent, as a message key; null when it can. */
export function reasonProblem(reason: string): string | null {
  const length = reason.trim().length;
  if (length < MIN_REASON_LENGTH) return "flag.error.reasonShort";
  if (length > MAX_REASON_LENGTH) return "flag.error.reasonLong";
  return null;
}
