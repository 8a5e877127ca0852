/**
 * Every claim of a credential as label + value in the worker's language: the whole contract the worker
 * holds, so a swapped contract can be spotted on the phone. Labels come from the credential type
 * metadata (common/src/type-metadata.ts, the same words the issuer serves at the `vct` URL); values go
 * through format.ts (amounts in currency units, countries and dates by name).
 */
import { PERSONAL_CLAIMS, claimLabel, subjectClaimPaths, type DisplayLocale } from "@fairledger/common";
import type { CredentialView } from "../credentials/describe.ts";
import { formatClaim } from "./format.ts";
import type { Translator } from "./i18n.ts";

export interface ClaimRow {
  claim: string;
  label: string;
  value: string;
  /** About the worker as a person: shown here, off by default when presenting. */
  personal: boolean;
  /** A code for the ledger check (DIDs, hashes, salts), not words: folded away on the card. */
  technical: boolean;
}

const TECHNICAL_CLAIMS = new Set([
  "id",
  "caseCommitment",
  "contractHash",
  "contractSalt",
  "employerId",
  "receiptsRoot",
]);

/**
 * Claims whose metadata label names the raw form ("in the currency's smallest unit") while the card
 * shows them converted to currency units: the wallet's own words fit what it shows.
 */
const WALLET_LABELS = new Set(["workerPaidTotal"]);

/** The label of `claim` of `view`'s type in the worker's language: type metadata first, the wallet's words else. */
export function claimLabelFor(view: CredentialView, claim: string, i18n: Translator): string {
  const fromMetadata = WALLET_LABELS.has(claim)
    ? undefined
    : claimLabel(view.type, [claim], i18n.lang as DisplayLocale);
  if (fromMetadata) return fromMetadata;
  const key = `claim.${claim}`;
  const own = i18n.t(key);
  return own === key ? claim : own;
}

/** All claims the wallet holds of `view`, in the order of the type's schema, then any the schema does not name. */
export function claimRows(view: CredentialView, i18n: Translator): ClaimRow[] {
  const schemaOrder = subjectClaimPaths(view.type)
    .filter((path) => path.length === 1)
    .map((path) => path[0] as string);
  const extra = Object.keys(view.subject).filter((claim) => !schemaOrder.includes(claim));
  return [...schemaOrder, ...extra]
    .filter((claim) => view.subject[claim] !== undefined)
    .map((claim) => ({
      claim,
      label: claimLabelFor(view, claim, i18n),
      value: formatClaim(view, claim, i18n),
      personal: PERSONAL_CLAIMS[view.type].includes(claim),
      technical: TECHNICAL_CLAIMS.has(claim),
    }));
}
