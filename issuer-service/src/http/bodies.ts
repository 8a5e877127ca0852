/** zod schemas of every request body; the OpenAPI document is generated from the same schemas. */
import { z } from "zod";
import { ZeroAddress, isAddress } from "ethers";
import { CREDENTIAL_TYPES, LICENCE_REASONS, parseLicenceReason } from "@fairledger/common";
import { boundedDate, boundedDateTime, document, firstIssue, notInFuture, text } from "../field-rules.ts";

/** As ethers' getAddress: all-lowercase (or all-uppercase) hex claims no checksum; mixed case must be a valid EIP-55 checksum. */
const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, { message: "0x-prefixed 20-byte hex address", abort: true })
  .refine(
    (value) => isAddress(value),
    firstIssue("bad EIP-55 checksum (send it all-lowercase or correctly checksummed)"),
  );
const counterpartyAddress = address.refine(
  (value) => value.toLowerCase() !== ZeroAddress,
  firstIssue("the zero address is nobody"),
);
const country = z.string().regex(/^[A-Z]{2}$/, "ISO 3166-1 alpha-2 code");
const currency = z.string().regex(/^[A-Z]{3}$/, "ISO 4217 code");
const minorUnits = z.string().regex(/^(0|[1-9][0-9]{0,37})$/, "non-negative integer in minor units, as a string");
export const credentialFormat = z.enum(["vc+sd-jwt", "vc-jwt"]).default("vc+sd-jwt");

export const holderJwk = z
  .object({ kty: z.literal("EC"), crv: z.literal("P-256"), x: z.string().min(1), y: z.string().min(1) })
  .strict()
  .describe("the worker's P-256 public key (no private members)");

/** The body of `POST /cases`; a birth date after today on `now` (the service's clock) is refused. */
export function openCaseBodyAt(now: () => number) {
  return z.strictObject({
    corridor: z.string().regex(/^[A-Z]{2}-[A-Z]{2}$/, "origin-destination, e.g. PH-SA"),
    employer: counterpartyAddress,
    worker: z.strictObject({
      name: text(200),
      passportNumber: text(40),
      birthDate: boundedDate("1900-01-01", "2100-12-31").refine(
        notInFuture(now),
        firstIssue("must not be in the future"),
      ),
      nationality: country,
    }),
  });
}

/** The same body as the OpenAPI document describes it (the clock changes no field's shape). */
export const openCaseBody = openCaseBodyAt(Date.now);

export const uploadContractBody = z.strictObject({
  document: document.describe("the signed contract document, base64"),
  terms: z.strictObject({
    employerName: text(200),
    jobTitle: text(200),
    worksiteCountry: country,
    contractStart: boundedDate("2000-01-01", "2100-12-31"),
    contractMonths: z.number().int().min(1).max(120),
    monthlyWage: z.strictObject({ amount: minorUnits, currency }),
  }),
});

export const anchorContractBody = z.strictObject({
  employerSignature: z.string().regex(/^0x[0-9a-fA-F]{130}$/, "65-byte EIP-712 signature, 0x hex"),
});

export const receiptBody = z.strictObject({
  document: document.describe("the receipt document, base64 (only its SHA-256 goes on chain)"),
  payer: z.enum(["employer", "worker"]),
  amount: minorUnits.refine((v) => v !== "0", "must be positive"),
  currency,
  category: z.number().int().min(0).max(255),
});

const codeLifetimeSeconds = z
  .number()
  .int()
  .min(60)
  .max(30 * 24 * 3600)
  .describe("how long the pickup code lives; default: the service's (FAIRLEDGER_PICKUP_CODE_TTL_SECONDS, 48 h)");

export const offerBody = z.strictObject({
  credentialType: z.enum(["EmploymentContractCredential", "RecruitmentFeeStatement"]),
  format: z
    .enum(["dc+sd-jwt", "jwt_vc_json", "vc+sd-jwt", "vc-jwt"])
    .optional()
    .describe(
      "offer only this format; omitted: the offer lists the SD-JWT VC and the VC-JWT configuration and the worker's wallet picks the one it holds",
    ),
  txCode: z
    .union([z.literal(true), z.strictObject({ length: z.number().int().min(4).max(8) })])
    .optional()
    .describe(
      "ask the wallet for a numeric PIN (tx_code) at pickup: true (6 digits) or { length: 4–8 }; the answer's txCode is the PIN, to give the worker apart from the code",
    ),
  codeLifetimeSeconds: codeLifetimeSeconds.optional(),
});

export const renewOfferBody = z.strictObject({ codeLifetimeSeconds: codeLifetimeSeconds.optional() });

export const eraseBody = z.strictObject({ reason: text(500) });

/** The address of an address or a did:ethr: what follows the last colon (all of it when there is none). */
const accountOf = (value: string) => value.slice(value.lastIndexOf(":") + 1);

export const licenceBody = z.strictObject({
  agency: z
    .union([address, z.string().regex(/^did:ethr:0x[0-9a-f]+:0x[0-9a-fA-F]{40}$/, "did:ethr:<chain id>:<address>")])
    .refine(
      (value) => isAddress(accountOf(value)),
      firstIssue("bad EIP-55 checksum (send it all-lowercase or correctly checksummed)"),
    )
    .refine((value) => accountOf(value).toLowerCase() !== ZeroAddress, firstIssue("the zero address is nobody"))
    .describe("agency account or did:ethr"),
  agencyName: text(200),
  licenceNumber: text(100),
  validFrom: boundedDateTime(),
  validUntil: boundedDateTime(),
  holderJwk: holderJwk.optional(),
  format: credentialFormat,
});

/** W3C VC-API style issuance: the claims come from the case (agencies) or the request (authorities). */
export const vcApiIssueBody = z.strictObject({
  credential: z.object({
    "@context": z
      .union([z.string(), z.array(z.unknown()).max(10)])
      .optional()
      .describe(
        "VCDM 2.0 (vc+sd-jwt) or 1.1 (vc-jwt) context first, then at most this service's /contexts/fairledger/v1; anything else is refused",
      ),
    issuer: z
      .union([z.string().max(200), z.looseObject({ id: z.string().max(200) })])
      .optional()
      .describe("the calling principal's DID, if given; any other issuer is refused"),
    type: z
      .array(z.string())
      .refine(
        (types) => types.some((t) => (CREDENTIAL_TYPES as readonly string[]).includes(t)),
        `must include one of ${CREDENTIAL_TYPES.join(", ")}`,
      ),
    credentialSubject: z.record(z.string(), z.unknown()).default({}),
    validFrom: boundedDateTime().optional(),
    validUntil: boundedDateTime().optional(),
  }),
  options: z
    .strictObject({
      caseId: z.uuid().optional(),
      holderJwk: holderJwk.optional(),
      format: credentialFormat,
    })
    .prefault({}),
});

export const statusBody = z.strictObject({
  status: z.enum(["active", "suspended", "revoked"]),
  reasonCode: z.number().int().min(0).max(255).default(0),
});

/** An organisation's public contact (phone, e-mail, office address) in one line of text. */
export const contactBody = z.strictObject({ contact: text(300) });

export const tokenBody = z.object({
  grant_type: z.string(),
  "pre-authorized_code": z.string().min(1).max(64),
  tx_code: z.string().min(1).max(16).optional(),
});

const proofJwtText = z.string().min(1).max(8192);

/** OpenID4VCI 1.0 §8.2: a configuration id and one key proof (this issuer offers no batch issuance). */
export const credentialRequestBody = z.object({
  credential_configuration_id: z.string().min(1).max(200),
  proofs: z.strictObject({
    jwt: z.array(proofJwtText).length(1, "one proof: this issuer does not offer batch issuance"),
  }),
});

/** OpenID4VCI 1.0 §11.1: the wallet says what became of the credential. */
export const notificationBody = z.object({
  notification_id: z.string().min(1).max(200),
  event: z.enum(["credential_accepted", "credential_failure", "credential_deleted"]),
  event_description: z.string().max(1000).optional(),
});

/** Draft 13/14 (FairLedger's older wallets): a format, one `proof`, sometimes a configuration id as well. */
export const draftCredentialRequestBody = z.object({
  format: z.string().max(64).default("vc+sd-jwt"),
  credential_configuration_id: z.string().max(200).optional(),
  proof: z.object({ proof_type: z.literal("jwt"), jwt: proofJwtText }),
});

export const licenceStatusBody = z
  .strictObject({
    status: z.enum(["suspended", "active", "revoked"]),
    reasonCode: z.number().int().min(0).max(255).default(0),
    /**
     * Revocations only: the moment from which the licence no longer counts (a licence obtained or used by
     * fraud). Credentials the agency issued from then on stop verifying. Omitted: from now on.
     */
    effectiveFrom: z.iso
      .datetime()
      .optional()
      .describe(
        "revocations only: from when the licence no longer counts (fraud); credentials issued since stop verifying. Default: now",
      ),
  })
  .refine((body) => body.effectiveFrom === undefined || body.status === "revoked", {
    path: ["effectiveFrom"],
    message: "effectiveFrom applies to revocations only",
  });

// ---- The authorities' API (routes-authority.ts) ----

/** A reason from the table in common/src/licence-reasons.ts, by name ("fraud") or code (1). */
export const licenceReason = z
  .union([z.number().int().min(0).max(255), z.string().min(1).max(64)])
  .transform((value, check) => {
    const reason = parseLicenceReason(value);
    if (!reason) {
      check.addIssue({
        code: "custom",
        message: `not a reason of the table: ${LICENCE_REASONS.map((r) => `${r.code} ${r.name}`).join(", ")}`,
      });
      return z.NEVER;
    }
    return reason;
  })
  .describe(`reason by name or code: ${LICENCE_REASONS.map((r) => `${r.code} ${r.name}`).join(", ")}`);

export const suspendLicenceBody = z.strictObject({ reason: licenceReason });
export const revokeLicenceBody = z.strictObject({
  reason: licenceReason,
  effectiveFrom: z.iso
    .datetime()
    .optional()
    .describe("from when the licence no longer counts (fraud); credentials issued since stop verifying. Default: now"),
});
export const emptyBody = z.strictObject({});
export const employerBody = z.strictObject({ employer: counterpartyAddress.describe("the employer's account") });
export const insurerBody = z.strictObject({ insurer: counterpartyAddress.describe("the insurer's account") });
export const corridorPolicyBody = z.strictObject({
  maxWorkerPaidFee: minorUnits.describe(
    'highest total a worker may pay, minor units; "0" is the ILO Employer Pays principle',
  ),
  currency,
});

const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(64).optional(),
};
const licenceState = z.enum(["active", "suspended", "revoked"]);
export const licenceListQuery = z.strictObject({
  ...pageQuery,
  jurisdiction: country.optional(),
  status: licenceState.optional(),
});
export const memberListQuery = z.strictObject({
  ...pageQuery,
  jurisdiction: country.optional(),
  status: z.enum(["registered", "deregistered"]).optional(),
});
export const corridorListQuery = z.strictObject({
  ...pageQuery,
  country: country.optional().describe("corridors with this country as origin or destination"),
  state: z
    .enum(["active", "pending"])
    .optional()
    .describe("active: a policy in force; pending: a proposal waiting for approval"),
});
export const caseListQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(["open", "closed", "closed-in-breach"]).optional(),
  corridor: z
    .string()
    .regex(/^[A-Z]{2}-[A-Z]{2}$/, "origin-destination, e.g. PH-SA")
    .optional(),
});
