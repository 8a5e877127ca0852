/**
 * Why an authority suspended or revoked an agency's licence: one table of reason codes (the `uint8
 * reasonCode` of `suspendLicence`/`revokeLicence` and of the `LicenceSuspended`/`LicenceRevoked` events),
 * each with a stable name for programs and words for people. Defined once here; the contract's NatSpec
 * mirrors it, and the issuer service accepts a reason by name or code and answers with both.
 *
 * Codes are append-only: a code once published keeps its meaning for good, because the chain keeps the
 * number forever and verifiers read old events with today's table.
 */
export const LICENCE_REASONS = [
  { code: 0, name: "unspecified", words: "no reason given" },
  { code: 1, name: "fraud", words: "fraud or misrepresentation (a licence obtained or used by deceit)" },
  { code: 2, name: "fees-charged-to-workers", words: "recruitment fees charged to workers beyond the corridor's cap" },
  { code: 3, name: "contract-substitution", words: "the worker's employment contract was substituted by a worse one" },
  { code: 4, name: "expired-documents", words: "licence documents (bond, insurance, registration) expired or missing" },
  { code: 5, name: "document-retention", words: "workers' passports or identity documents withheld" },
  { code: 6, name: "worker-abuse", words: "abuse, coercion or deception of workers" },
  {
    code: 7,
    name: "unlicensed-activity",
    words: "recruitment outside the licence's scope or through unlicensed sub-agents",
  },
  { code: 8, name: "inspection-obstructed", words: "an inspection was refused or obstructed" },
  { code: 9, name: "court-order", words: "ordered by a court or tribunal" },
  { code: 10, name: "voluntary-surrender", words: "the agency surrendered its licence" },
  { code: 255, name: "other", words: "another reason, recorded in the authority's own files" },
] as const;

export type LicenceReasonName = (typeof LICENCE_REASONS)[number]["name"];
export interface LicenceReason {
  code: number;
  name: string;
  words: string;
}

export const LICENCE_REASON_NAMES = LICENCE_REASONS.map((reason) => reason.name) as unknown as readonly [
  LicenceReasonName,
  ...LicenceReasonName[],
];

/** The reason for a code read from the chain; a code outside the table (set by another tool) is named, not refused. */
export function licenceReasonOf(code: number): LicenceReason {
  const known = LICENCE_REASONS.find((reason) => reason.code === code);
  return known
    ? { ...known }
    : { code, name: `code-${code}`, words: `reason code ${code} (not in FairLedger's table)` };
}

/** A reason given by name ("fraud") or code (1, "1"); undefined when it is neither a known name nor a known code. */
export function parseLicenceReason(value: string | number): LicenceReason | undefined {
  const text = String(value).trim();
  const byCode = /^[0-9]{1,3}$/.test(text) ? LICENCE_REASONS.find((reason) => reason.code === Number(text)) : undefined;
  const byName = LICENCE_REASONS.find((reason) => reason.name === text.toLowerCase());
  const found = byCode ?? byName;
  return found ? { ...found } : undefined;
}
