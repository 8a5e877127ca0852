/**
 * `credential-shape`: the credential is one of the FairLedger types, a VCDM credential, and carries the
 * always-visible commitments the ledger checks need (case, corridor, contract hash, jurisdiction), in
 * the form the type's claim schema gives them — the same zod schema the issuer signs with and the
 * published JSON Schema is generated from (@fairledger/common claim-schemas.ts). Claims the ledger
 * checks compare with the chain (case status, amounts) are left to those named checks.
 *
 * `@context` names the VCDM context and FairLedger's, nothing else (credentialContextProblem in
 * common/src/json-ld-contexts.ts): the verifier reads the claims as its bundled definitions say and never
 * loads a context a token names, so a credential that brings another context is refused rather than
 * read differently from how a JSON-LD processor would read it.
 */
import {
  ALWAYS_VISIBLE_CLAIMS,
  credentialContextProblem,
  credentialTypeOfVct,
  disclosedClaimsProblem,
  isCredentialType,
  type CredentialType,
} from "@fairledger/common";
import { fail, pass, type CheckResult } from "../result.ts";

/** The claims whose form the ledger checks rely on, with the words operators already know. */
const REASONS: Record<string, string> = {
  caseCommitment: "caseCommitment is not a 32-byte hex commitment",
  contractHash: "contractHash is not a 32-byte hex commitment",
  receiptsRoot: "receiptsRoot is not a 32-byte hex commitment",
  corridor: "corridor is not of the form PH-SA",
  jurisdiction: "jurisdiction is not a two-letter country code",
};

export function checkClaimFormats(type: CredentialType, subject: Record<string, unknown>): CheckResult | null {
  for (const claim of ALWAYS_VISIBLE_CLAIMS[type]) {
    if (subject[claim] === undefined) return fail("credential-shape", `${type} lacks its ${claim} claim`);
  }
  const problem = disclosedClaimsProblem(type, subject, Object.keys(REASONS));
  if (problem) return fail("credential-shape", REASONS[problem.claim] ?? `${problem.claim}: ${problem.message}`);
  return null;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** VCDM 2.0 SD-JWT VC payload (after disclosures were applied); `now`, unix seconds, dates the legacy context. */
export function checkSdJwtVcShape(
  payload: Record<string, unknown>,
  now: number = nowSeconds(),
): {
  result: CheckResult;
  type: CredentialType | null;
  subject: Record<string, unknown>;
} {
  const none = { type: null, subject: {} };
  const type = typeof payload.vct === "string" ? credentialTypeOfVct(payload.vct) : undefined;
  if (!type)
    return {
      result: fail("credential-shape", `unknown credential type (vct ${JSON.stringify(payload.vct)})`),
      ...none,
    };
  const contextProblem = credentialContextProblem(payload["@context"], 2, now);
  if (contextProblem)
    return { result: fail("credential-shape", `not a VCDM 2.0 FairLedger credential: ${contextProblem}`), ...none };
  const types = payload.type;
  if (!Array.isArray(types) || !types.includes("VerifiableCredential") || !types.includes(type)) {
    return { result: fail("credential-shape", `type does not say VerifiableCredential and ${type}`), ...none };
  }
  const subject = payload.credentialSubject;
  if (typeof subject !== "object" || subject === null || Array.isArray(subject)) {
    return { result: fail("credential-shape", "credentialSubject is missing"), ...none };
  }
  // Worker credentials are bound to the worker's key; an agency licence is held by the agency's DID.
  const cnf = payload.cnf as { jwk?: unknown } | undefined;
  if (type !== "AgencyLicenceCredential" && (typeof cnf?.jwk !== "object" || cnf.jwk === null)) {
    return { result: fail("credential-shape", "no holder key (cnf.jwk)"), ...none };
  }
  const formats = checkClaimFormats(type, subject as Record<string, unknown>);
  if (formats) return { result: formats, ...none };
  return { result: pass("credential-shape", `a ${type}`), type, subject: subject as Record<string, unknown> };
}

/** VCDM 1.1 VC-JWT (`vc` claim). */
export function checkVcJwtShape(
  payload: Record<string, unknown>,
  now: number = nowSeconds(),
): {
  result: CheckResult;
  type: CredentialType | null;
  subject: Record<string, unknown>;
} {
  const none = { type: null, subject: {} };
  const vc = payload.vc as Record<string, unknown> | undefined;
  if (typeof vc !== "object" || vc === null) return { result: fail("credential-shape", "no vc claim"), ...none };
  const types = vc.type;
  const type = Array.isArray(types) ? types.find(isCredentialType) : undefined;
  if (!type || !(types as unknown[]).includes("VerifiableCredential"))
    return { result: fail("credential-shape", "not a FairLedger credential type"), ...none };
  const contextProblem = credentialContextProblem(vc["@context"], 1, now);
  if (contextProblem)
    return { result: fail("credential-shape", `not a VCDM 1.1 FairLedger credential: ${contextProblem}`), ...none };
  const subject = vc.credentialSubject;
  if (typeof subject !== "object" || subject === null || Array.isArray(subject)) {
    return { result: fail("credential-shape", "credentialSubject is missing"), ...none };
  }
  const formats = checkClaimFormats(type, subject as Record<string, unknown>);
  if (formats) return { result: formats, ...none };
  return { result: pass("credential-shape", `a ${type}`), type, subject: subject as Record<string, unknown> };
}
