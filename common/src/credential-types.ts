/**
 * The three FairLedger credential types: what each says, which claims a worker may withhold, and the
 * identifiers (SD-JWT `vct`, VCDM `type`, JSON Schema) that verifiers use to recognise them.
 *
 * Data minimisation (ILO C181 Art. 6): every claim about the worker as a person is selectively
 * disclosable and off by default in the wallet; the claims a border check needs (licensed agency,
 * corridor, employer, job, fees) are disclosable too but shown by default.
 */
export const CREDENTIAL_TYPES = [
  "EmploymentContractCredential",
  "RecruitmentFeeStatement",
  "AgencyLicenceCredential",
] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

/** SD-JWT VC `vct` values. URNs on purpose: nothing should ever dereference them over the network. */
export const VCT: Record<CredentialType, string> = {
  EmploymentContractCredential: "urn:fairledger:vct:employment-contract:1",
  RecruitmentFeeStatement: "urn:fairledger:vct:recruitment-fee-statement:1",
  AgencyLicenceCredential: "urn:fairledger:vct:agency-licence:1",
};

// VCDM and FairLedger @context URLs: json-ld-contexts.ts.

/** Media types (W3C VC-JOSE-COSE) and JOSE `typ` header values. */
export const MEDIA_TYPE = {
  sdJwtVc: "application/vc+sd-jwt",
  vcJwt: "application/vc+jwt",
} as const;
export const JOSE_TYP = {
  sdJwtVc: "vc+sd-jwt",
  keyBinding: "kb+jwt",
  vcJwt: "JWT",
  vpJwt: "JWT",
} as const;

/**
 * Claims of `credentialSubject` that are about the worker as a person: withheld unless the worker agrees.
 * `contractSalt` is the secret of the on-chain contract commitment (common/src/commitment.ts): whoever
 * holds it and can guess the contract's template can test guesses of the worker's data against the
 * chain, so it goes only to a verifier who holds the contract document and checks it (`--contract`).
 */
export const PERSONAL_CLAIMS: Record<CredentialType, readonly string[]> = {
  EmploymentContractCredential: [
    "workerName",
    "passportNumber",
    "birthDate",
    "nationality",
    "monthlyWage",
    "contractSalt",
  ],
  RecruitmentFeeStatement: ["workerName", "passportNumber"],
  AgencyLicenceCredential: [],
};

/** Claims shown by default: what a border officer, employer or inspector needs. */
export const PURPOSE_CLAIMS: Record<CredentialType, readonly string[]> = {
  EmploymentContractCredential: [
    "employerName",
    "employerId",
    "jobTitle",
    "worksiteCountry",
    "corridor",
    "contractHash",
    "contractStart",
    "contractMonths",
  ],
  RecruitmentFeeStatement: [
    "corridor",
    "workerPaidTotal",
    "currency",
    "feesChargedToWorker",
    "receiptsRoot",
    "receiptCount",
  ],
  AgencyLicenceCredential: ["agencyName", "licenceNumber", "jurisdiction", "validFrom", "validUntil", "documentHash"],
};

/**
 * Claims never made selectively disclosable: a verifier needs them to run the ledger checks at all
 * (which case and corridor, which contract), and they are commitments, not personal data.
 */
export const ALWAYS_VISIBLE_CLAIMS: Record<CredentialType, readonly string[]> = {
  EmploymentContractCredential: ["caseCommitment", "corridor", "contractHash"],
  RecruitmentFeeStatement: ["caseCommitment", "corridor"],
  AgencyLicenceCredential: ["jurisdiction"],
};

export function isCredentialType(value: unknown): value is CredentialType {
  return typeof value === "string" && (CREDENTIAL_TYPES as readonly string[]).includes(value);
}

export function credentialTypeOfVct(vct: string): CredentialType | undefined {
  return CREDENTIAL_TYPES.find((type) => VCT[type] === vct);
}
