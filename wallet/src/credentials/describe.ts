/**
 * A credential in plain words: its type, the claims it can show (with the issuer's disclosures
 * unpacked by @sd-jwt/core), which of them are personal, and whether it is valid, revoked or expired.
 */
import {
  ALWAYS_VISIBLE_CLAIMS,
  PERSONAL_CLAIMS,
  credentialTypeOfVct,
  feesChargedToWorker,
  parseMinorUnits,
  type CredentialType,
} from "@fairledger/common";
import { WalletError } from "../lib/errors.ts";
import { sdJwtInstance } from "../lib/sd-jwt.ts";
import type { IssuerStatus } from "../pickup/ledger-status.ts";

/** `not-known`: the issuer answered that it has no such credential, so nothing can check it. */
export type DisplayStatus = "valid" | "revoked" | "suspended" | "expired" | "not-known" | "unknown";

export interface CredentialView {
  type: CredentialType;
  /** The credential's own `vct` (the issuer's type URL, or a legacy URN), as a DCQL query matches it. */
  vct: string;
  issuer: string;
  issuedAt?: Date;
  expiresAt?: Date;
  /** credentialSubject with every disclosure the wallet holds applied. */
  subject: Record<string, unknown>;
  /** Claim names the worker may choose to show or withhold (selectively disclosable). */
  disclosable: string[];
  /** Claims always shown (commitments the ledger checks need). */
  alwaysVisible: string[];
}

export async function describeCredential(credential: string): Promise<CredentialView> {
  const instance = sdJwtInstance();
  let claims: Record<string, unknown>;
  let presentable: string[];
  try {
    claims = (await instance.getClaims(credential)) as Record<string, unknown>;
    presentable = await instance.presentableKeys(credential);
  } catch (cause) {
    throw new WalletError("ERR_CREDENTIAL_INVALID", "not a readable SD-JWT", { cause });
  }
  const type = typeof claims.vct === "string" ? credentialTypeOfVct(claims.vct) : undefined;
  if (!type) throw new WalletError("ERR_CREDENTIAL_INVALID", "not a FairLedger credential type");
  const subject = (claims.credentialSubject ?? {}) as Record<string, unknown>;
  const disclosable = presentable
    .filter((key) => key.startsWith("credentialSubject."))
    .map((key) => key.slice("credentialSubject.".length))
    .filter((key) => !key.includes("."));
  return {
    type,
    vct: claims.vct as string,
    issuer: String(claims.iss ?? claims.issuer ?? ""),
    issuedAt: typeof claims.iat === "number" ? new Date(claims.iat * 1000) : undefined,
    expiresAt: typeof claims.exp === "number" ? new Date(claims.exp * 1000) : undefined,
    subject,
    disclosable,
    alwaysVisible: ALWAYS_VISIBLE_CLAIMS[type].filter((claim) => claim in subject && !disclosable.includes(claim)),
  };
}

export function isPersonalClaim(type: CredentialType, claim: string): boolean {
  return PERSONAL_CLAIMS[type].includes(claim);
}

/**
 * Revocation by the issuer wins over expiry; with no answer from the issuer yet, expiry still shows. Only
 * the issuer's "active" makes a paper valid: one the issuer no longer knows is never shown as valid.
 */
export function displayStatus(view: CredentialView, issuerStatus: IssuerStatus | undefined, now: Date): DisplayStatus {
  if (issuerStatus === "revoked") return "revoked";
  if (issuerStatus === "suspended") return "suspended";
  if (issuerStatus === "unknown-to-issuer") return "not-known";
  if (view.expiresAt && view.expiresAt.getTime() <= now.getTime()) return "expired";
  return issuerStatus === "active" ? "valid" : "unknown";
}

/** "No recruitment fees paid": a fee statement whose worker-paid total is zero. */
export function noFeesPaid(view: CredentialView): boolean | undefined {
  if (view.type !== "RecruitmentFeeStatement") return undefined;
  const total = view.subject.workerPaidTotal;
  if (total === undefined) return undefined;
  // A total that is not canonical minor units says nothing: never "no fees" on a malformed claim.
  const paid = parseMinorUnits(total);
  return paid !== undefined && !feesChargedToWorker(paid) && view.subject.feesChargedToWorker !== true;
}

/** What the worker paid in recruitment fees for a case, as the wallet can tell from the papers it holds. */
export type FeeSituation =
  { kind: "none-paid" } | { kind: "paid"; workerPaidTotal: string; currency: string } | { kind: "no-statement" };

/**
 * The fee situation of the case `view` belongs to: from the fee statement the wallet holds for the same
 * case (same `caseCommitment`, a claim always visible in both), or "no statement held". A statement
 * whose total is malformed is not used: the card never says "no fees" on a claim it cannot read.
 */
export function feeSituation(view: CredentialView, held: readonly CredentialView[]): FeeSituation {
  const caseCommitment = view.subject.caseCommitment;
  const statements =
    view.type === "RecruitmentFeeStatement"
      ? [view]
      : held.filter(
          (other) =>
            other.type === "RecruitmentFeeStatement" &&
            caseCommitment !== undefined &&
            other.subject.caseCommitment === caseCommitment,
        );
  for (const statement of statements) {
    const none = noFeesPaid(statement);
    if (none === true) return { kind: "none-paid" };
    if (none === false && parseMinorUnits(statement.subject.workerPaidTotal) !== undefined)
      return {
        kind: "paid",
        workerPaidTotal: String(statement.subject.workerPaidTotal),
        currency: String(statement.subject.currency ?? ""),
      };
  }
  return { kind: "no-statement" };
}
