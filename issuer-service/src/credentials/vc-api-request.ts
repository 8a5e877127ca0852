/**
 * What a VC-API issue request (`POST /credentials/issue`) may ask for, one named rule each. The service
 * signs as the calling principal and in the data model of the requested format; a request that names
 * another issuer, or a @context the credential will not carry, is refused (400) instead of answered
 * with a credential that silently says something else.
 */
import { LEGACY_FAIRLEDGER_CONTEXT, VCDM1_CONTEXT, VCDM2_CONTEXT, isFairLedgerContextUrl } from "@fairledger/common";
import { ServiceError } from "../errors.ts";

const invalid = (pointer: string, message: string, detail: string) =>
  new ServiceError("ERR_INPUT_INVALID", message, { errors: [{ pointer, detail }] });

/**
 * `credential.issuer`, when given (a DID, or an object with its `id`), must be the caller's own DID:
 * the credential is signed with the caller's key and names the caller whatever the request says.
 */
export function requireIssuerIsCaller(issuer: unknown, callerDid: string): void {
  if (issuer === undefined) return;
  const given = typeof issuer === "object" && issuer !== null ? (issuer as { id?: unknown }).id : issuer;
  // did:ethr addresses are hex, case-insensitive (a checksummed address names the same account).
  if (typeof given === "string" && given.toLowerCase() === callerDid.toLowerCase()) return;
  throw invalid(
    "#/credential/issuer",
    `credential.issuer ${JSON.stringify(given ?? issuer)} is not your DID ${callerDid}: the service issues only as the caller`,
    `must be ${callerDid}`,
  );
}

/**
 * `credential.@context`, when given: first the VCDM context of the requested format (2.0 for SD-JWT VC,
 * 1.1 for VC-JWT, as did-jwt-vc requires), then at most FairLedger's (this service's served URL, or
 * the legacy URN, which the credential will carry as the served URL). Any other context would define
 * terms this service does not issue.
 */
export function requireContextWeHonour(context: unknown, format: string, ownContextUrl: string): void {
  if (context === undefined) return;
  const vcdm = format === "vc-jwt" ? VCDM1_CONTEXT : VCDM2_CONTEXT;
  const entries = typeof context === "string" ? [context] : context;
  if (!Array.isArray(entries) || entries[0] !== vcdm) {
    throw invalid(
      "#/credential/@context",
      `a ${format} credential is VCDM ${format === "vc-jwt" ? "1.1" : "2.0"}: @context must begin with ${vcdm}`,
      `first entry must be ${vcdm}`,
    );
  }
  entries.slice(1).forEach((entry: unknown, index) => {
    if (entry === ownContextUrl || entry === LEGACY_FAIRLEDGER_CONTEXT) return;
    const why = isFairLedgerContextUrl(entry)
      ? `another deployment's FairLedger context; this service's is ${ownContextUrl}`
      : `a context this service cannot honour; it issues only ${vcdm} and ${ownContextUrl}`;
    throw invalid(
      `#/credential/@context/${index + 1}`,
      `@context entry ${JSON.stringify(entry)} is ${why}`,
      "context not supported",
    );
  });
}
