/**
 * What a fee audit covers, checked before anything is read: an agency (address or did:ethr) and/or a
 * corridor (XX-YY), each known on chain. An agency never licensed, or a corridor with no fee policy in
 * force, is refused as unknown (AuditScopeUnknown): an audit of nothing would read as a clean audit.
 */
import { VerifierError } from "../errors.ts";
import { LicenceStatus, type TrustSource } from "../trust/trust-source.ts";

export interface AuditScope {
  /** Lowercase 0x address. */
  agency?: string;
  /** "PH-SA". */
  corridor?: string;
}

/** The agency or corridor named is not known on chain. */
export class AuditScopeUnknown extends VerifierError {
  readonly unknown: "agency" | "corridor";

  constructor(unknown: "agency" | "corridor", message: string) {
    super("ERR_AUDIT_SCOPE_UNKNOWN", message);
    this.name = "AuditScopeUnknown";
    this.unknown = unknown;
  }
}

const AGENCY = /^(?:did:ethr:(?:[0-9a-zA-Z]+:)?)?(0x[0-9a-fA-F]{40})$/;
const CORRIDOR = /^[A-Z]{2}-[A-Z]{2}$/;

/** The scope as given by a person (CLI option, query parameter); ERR_USAGE when missing or malformed. */
export function parseAuditScope(given: { agency?: string; corridor?: string }): AuditScope {
  const agencyText = given.agency?.trim();
  const corridor = given.corridor?.trim();
  if (!agencyText && !corridor) throw new VerifierError("ERR_USAGE", "an audit needs an agency or a corridor");
  let agency: string | undefined;
  if (agencyText) {
    agency = AGENCY.exec(agencyText)?.[1]?.toLowerCase();
    if (agency === undefined)
      throw new VerifierError("ERR_USAGE", `agency must be an address or did:ethr, got ${agencyText}`);
  }
  if (corridor && !CORRIDOR.test(corridor))
    throw new VerifierError("ERR_USAGE", `corridor must look like PH-SA (origin-destination), got ${corridor}`);
  return { agency, corridor: corridor || undefined };
}

/** Refuses an agency never licensed and a corridor whose fee policy was never in force (openCase needs both). */
export async function requireKnownScope(trust: TrustSource, scope: AuditScope): Promise<void> {
  if (scope.agency) {
    const licence = await trust.licenceOf(scope.agency);
    if (licence.status === LicenceStatus.None)
      throw new AuditScopeUnknown("agency", `unknown agency ${scope.agency}: it was never licensed on this ledger`);
  }
  if (scope.corridor) {
    const policy = await trust.feePolicy(scope.corridor);
    if (policy.activatedAt === 0)
      throw new AuditScopeUnknown(
        "corridor",
        `unknown corridor ${scope.corridor}: no fee policy approved by both countries on this ledger`,
      );
  }
}
