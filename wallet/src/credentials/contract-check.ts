/**
 * Is the contract document the wallet holds the one the ledger anchored? The employment credential
 * carries `contractHash` (the salted commitment the chain holds for the case, signed by the agency) and
 * its secret `contractSalt`; the document matches when its commitment under that salt is `contractHash`
 * (common/src/contract-document.ts). Recomputed from what is stored each time the wallet starts, so a
 * document altered on the phone or swapped in transit shows a warning, never a match.
 */
import { base64urlToBytes, documentCommitmentWeb } from "@fairledger/common";
import type { CredentialView } from "./describe.ts";
import type { StoredCredential } from "./stored-credential.ts";

export type ContractCheck =
  /** No document came with this credential. */
  | { kind: "none" }
  /** The document is the anchored one; `text` when it is UTF-8 text (else it can only be kept, not shown). */
  | { kind: "match"; fingerprint: string; text?: string }
  /** The document is NOT the anchored one. */
  | { kind: "mismatch"; fingerprint: string; text?: string }
  /** The credential lacks the commitment or its salt, so nothing can be compared. */
  | { kind: "cannot-check"; text?: string };

function asText(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export async function checkContract(entry: StoredCredential, view: CredentialView): Promise<ContractCheck> {
  if (!entry.contractDocument || view.type !== "EmploymentContractCredential") return { kind: "none" };
  let bytes: Uint8Array;
  try {
    bytes = base64urlToBytes(entry.contractDocument.document);
  } catch {
    return { kind: "cannot-check" };
  }
  const text = asText(bytes);
  const withText = text === undefined ? {} : { text };
  const anchored = view.subject.contractHash;
  const salt = view.subject.contractSalt;
  if (typeof anchored !== "string" || typeof salt !== "string") return { kind: "cannot-check", ...withText };
  const computed = await documentCommitmentWeb(bytes, salt);
  if (computed === undefined) return { kind: "cannot-check", ...withText };
  return { kind: computed === anchored.toLowerCase() ? "match" : "mismatch", fingerprint: computed, ...withText };
}

/** Checks every held contract (at start, after a pickup or a restore). */
export async function checkAllContracts(
  entries: readonly StoredCredential[],
  views: ReadonlyMap<string, CredentialView>,
): Promise<Map<string, ContractCheck>> {
  const checks = new Map<string, ContractCheck>();
  for (const entry of entries) {
    const view = views.get(entry.digest);
    if (view) checks.set(entry.digest, await checkContract(entry, view));
  }
  return checks;
}
