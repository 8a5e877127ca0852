/**
 * `jwt-claims-consistent`: the JWT's registered claims and the credential's own fields say the same thing
 * (issuer = iss, validFrom = iat/nbf, validUntil = exp, subject id = sub, holder DID = cnf key). A
 * verifier that reads one and a wallet that shows the other must never disagree.
 */
import { publicJwkOfDidJwk, sameJwk, toPublicJwk } from "@fairledger/common";
import { fail, pass, type CheckResult } from "../result.ts";

function idOf(value: unknown): unknown {
  return typeof value === "object" && value !== null ? (value as { id?: unknown }).id : value;
}

function secondsOf(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

function sameTime(field: string, value: unknown, claim: string, seconds: unknown): string | null {
  if (value === undefined && seconds === undefined) return null;
  if (value === undefined || seconds === undefined) return `${field} and ${claim} must both be present or both absent`;
  return secondsOf(value) === seconds ? null : `${field} ${JSON.stringify(value)} differs from ${claim}`;
}

/** The `cnf` key is a public key, and the holder's did:jwk (when the holder is one) is that key. */
function holderKeyProblems(cnfClaim: unknown, holderDid: unknown, holderField: string): string[] {
  const problems: string[] = [];
  const cnf = (cnfClaim as { jwk?: Record<string, unknown> } | undefined)?.jwk;
  if (cnf && "d" in cnf) problems.push("cnf.jwk contains a private key");
  let holderKey;
  try {
    holderKey = cnf ? toPublicJwk(cnf as never) : undefined;
  } catch {
    problems.push("cnf.jwk is not an Ed25519 or P-256 public key");
  }
  if (holderKey && typeof holderDid === "string" && holderDid.startsWith("did:jwk:")) {
    const didKey = publicJwkOfDidJwk(holderDid);
    if (!didKey || !sameJwk(didKey, holderKey)) problems.push(`the holder DID (${holderField}) is not the cnf key`);
  }
  return problems;
}

export function checkSdJwtVcConsistency(
  payload: Record<string, unknown>,
  subject: Record<string, unknown>,
): CheckResult {
  const problems: string[] = [];
  if (idOf(payload.issuer) !== payload.iss) problems.push("issuer differs from iss");
  const from = sameTime("validFrom", payload.validFrom, "iat", payload.iat);
  if (from) problems.push(from);
  const until = sameTime("validUntil", payload.validUntil, "exp", payload.exp);
  if (until) problems.push(until);
  if (payload.sub !== undefined && subject.id !== undefined && payload.sub !== subject.id)
    problems.push("credentialSubject.id differs from sub");
  problems.push(...holderKeyProblems(payload.cnf, subject.id, "credentialSubject.id"));
  return problems.length
    ? fail("jwt-claims-consistent", problems.join("; "))
    : pass("jwt-claims-consistent", "JWT claims match the credential fields");
}

export function checkVcJwtConsistency(payload: Record<string, unknown>): CheckResult {
  const vc = payload.vc as Record<string, unknown>;
  const subject = vc.credentialSubject as Record<string, unknown>;
  const problems: string[] = [];
  if (vc.issuer !== undefined && idOf(vc.issuer) !== payload.iss) problems.push("vc.issuer differs from iss");
  const issuance = vc.issuanceDate ?? vc.validFrom;
  if (issuance !== undefined && secondsOf(issuance) !== (payload.nbf ?? payload.iat))
    problems.push("vc.issuanceDate differs from nbf");
  const expiration = vc.expirationDate ?? vc.validUntil;
  if (expiration !== undefined || payload.exp !== undefined) {
    if (secondsOf(expiration) !== payload.exp && expiration !== undefined)
      problems.push("vc.expirationDate differs from exp");
  }
  if (vc.id !== undefined && payload.jti !== undefined && vc.id !== payload.jti)
    problems.push("vc.id differs from jti");
  if (subject.id !== undefined && payload.sub !== undefined && subject.id !== payload.sub)
    problems.push("credentialSubject.id differs from sub");
  if (payload.sub === undefined && subject.id === undefined) problems.push("no subject (sub)");
  // The holder key is a JWT claim (RFC 7800) beside vc; credentials issued before December 2026 carry it in vc.
  problems.push(...holderKeyProblems(payload.cnf ?? vc.cnf, payload.sub ?? subject.id, "sub"));
  return problems.length
    ? fail("jwt-claims-consistent", problems.join("; "))
    : pass("jwt-claims-consistent", "JWT claims match the credential fields");
}
