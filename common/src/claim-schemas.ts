/**
 * The `credentialSubject` of each FairLedger credential type as a zod schema — the single definition:
 * the issuer validates what it signs with it, the published JSON Schemas (common/schemas/*.json) are
 * generated from it (`tsx common/scripts/write-schemas.ts`; claim-schemas.test.ts fails on drift), and
 * the verifier's `credential-shape` check parses disclosed claims with it.
 */
import { z } from "zod";
import type { CredentialType } from "./credential-types.ts";
import { boundedDate, boundedDateTime, text } from "./claim-rules.ts";

const bytes32 = z.string().regex(/^0x[0-9a-f]{64}$/, "0x-prefixed lowercase 32-byte hex");
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "0x-prefixed 20-byte hex address");
const country = z.string().regex(/^[A-Z]{2}$/, "ISO 3166-1 alpha-2 code");
const currency = z.string().regex(/^[A-Z]{3}$/, "ISO 4217 code");
const corridor = z.string().regex(/^[A-Z]{2}-[A-Z]{2}$/, "origin-destination, e.g. PH-SA");
// Sane bounds (as on the request bodies): what the issuer signs must not carry year 0 or 9999, blank names or control characters.
const birthDate = boundedDate("1900-01-01", "2100-12-31");
const contractStart = boundedDate("2000-01-01", "2100-12-31");
const minorUnits = z.string().regex(/^(0|[1-9][0-9]{0,38})$/, "non-negative integer in minor units, as a string");
const holderDid = z.string().regex(/^did:[a-z0-9]+:/, "a DID");

export const employmentContractSubject = z.object({
  id: holderDid,
  caseCommitment: bytes32,
  corridor,
  contractHash: bytes32,
  /** Secret salt of the contract commitment: with the contract document it proves the document is the one anchored. */
  contractSalt: bytes32,
  employerName: text(200),
  employerId: address,
  jobTitle: text(200),
  worksiteCountry: country,
  contractStart,
  contractMonths: z.number().int().min(1).max(120),
  workerName: text(200),
  passportNumber: text(40),
  birthDate,
  nationality: country,
  monthlyWage: z.object({ amount: minorUnits, currency }),
  /**
   * The recruitment agency as its licence register names it, and its licence number: whom the worker
   * holds to account. Optional: credentials issued before #15 have neither, and an agency whose licence
   * was signed outside this service has no licence number here.
   */
  agencyName: text(200).optional(),
  licenceNumber: text(100).optional(),
});

export const recruitmentFeeStatementSubject = z.object({
  id: holderDid,
  caseCommitment: bytes32,
  corridor,
  workerPaidTotal: minorUnits,
  currency,
  feesChargedToWorker: z.boolean(),
  receiptsRoot: bytes32,
  receiptCount: z.number().int().min(0),
  caseStatus: z.enum(["Closed", "ClosedInBreach"]),
  workerName: text(200),
  passportNumber: text(40),
});

export const agencyLicenceSubject = z.object({
  id: z.string().regex(/^did:ethr:/, "the agency's did:ethr"),
  jurisdiction: country,
  agencyName: text(200),
  licenceNumber: text(100),
  validFrom: boundedDateTime(),
  validUntil: boundedDateTime(),
});

export const SUBJECT_SCHEMAS: Record<CredentialType, z.ZodObject> = {
  EmploymentContractCredential: employmentContractSubject,
  RecruitmentFeeStatement: recruitmentFeeStatementSubject,
  AgencyLicenceCredential: agencyLicenceSubject,
};

export const SCHEMA_FILE: Record<CredentialType, string> = {
  EmploymentContractCredential: "employment-contract-credential.json",
  RecruitmentFeeStatement: "recruitment-fee-statement.json",
  AgencyLicenceCredential: "agency-licence-credential.json",
};

/** JSON Schema (2020-12) of a whole SD-JWT VC payload of `type`, as published. */
export function credentialJsonSchema(type: CredentialType): Record<string, unknown> {
  const subject = z.toJSONSchema(SUBJECT_SCHEMAS[type], { target: "draft-2020-12" });
  delete (subject as { $schema?: string }).$schema;
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `urn:fairledger:schema:${SCHEMA_FILE[type].replace(/\.json$/, "")}:1`,
    title: type,
    description: `FairLedger ${type}: the disclosed VCDM 2.0 payload (selectively disclosable claims appear once disclosed).`,
    type: "object",
    required: ["@context", "type", "issuer", "validFrom", "credentialSubject"],
    properties: {
      "@context": { type: "array", items: { type: "string" } },
      type: { type: "array", contains: { const: type } },
      id: { type: "string" },
      issuer: { type: "string", pattern: "^did:ethr:" },
      validFrom: { type: "string", format: "date-time" },
      validUntil: { type: "string", format: "date-time" },
      vct: { type: "string" },
      credentialSubject: subject,
    },
  };
}

// Built schemas by type and claim list: zod compiles a schema on its first parse, which costs more than
// the parse itself, and a verifier asks with the same few claim lists for every presentation.
const disclosedSchemas = new Map<string, z.ZodType>();
const MAX_DISCLOSED_SCHEMAS = 64;

/** The schema of `type` limited to `claims` (those it defines), every claim optional; built once. */
function disclosedClaimsSchema(type: CredentialType, claims?: readonly string[]): z.ZodType {
  const schema = SUBJECT_SCHEMAS[type];
  const picked = claims?.filter((claim) => claim in schema.shape);
  const key = `${type}:${picked?.join(",") ?? "*"}`;
  let built = disclosedSchemas.get(key);
  if (!built) {
    const mask = picked && (Object.fromEntries(picked.map((claim) => [claim, true])) as Record<string, true>);
    built = (mask ? schema.pick(mask as never) : schema).partial();
    if (disclosedSchemas.size >= MAX_DISCLOSED_SCHEMAS) disclosedSchemas.clear();
    disclosedSchemas.set(key, built);
  }
  return built;
}

/**
 * What is wrong with the claims a holder disclosed, by the same schema the issuer signs with: each
 * disclosed claim must have its schema's form (withheld claims are simply absent), or null when all do.
 * `claims` limits the check to those claims (a verifier checks the ones its ledger checks read).
 * Returns the first problem, naming the claim.
 */
export function disclosedClaimsProblem(
  type: CredentialType,
  subject: Record<string, unknown>,
  claims?: readonly string[],
): { claim: string; message: string } | null {
  const result = disclosedClaimsSchema(type, claims).safeParse(subject);
  if (result.success) return null;
  const [issue] = result.error.issues;
  // zod always names at least one issue on failure; the fallback keeps the answer total.
  if (issue === undefined) return { claim: "credentialSubject", message: result.error.message };
  return { claim: issue.path.map(String).join(".") || "credentialSubject", message: issue.message };
}
