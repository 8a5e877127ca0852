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

/**
 * SD-JWT VC `vct` values of the credentials issued before #13: URNs nothing could dereference. Credentials
 * carrying them stay valid until they expire (three years), so verifiers still recognise them; new
 * credentials carry `vctUrl(...)`. Test issuers may still use them.
 */
export const LEGACY_VCT: Record<CredentialType, string> = {
  EmploymentContractCredential: "urn:fairledger:vct:employment-contract:1",
  RecruitmentFeeStatement: "urn:fairledger:vct:recruitment-fee-statement:1",
  AgencyLicenceCredential: "urn:fairledger:vct:agency-licence:1",
};
/** @deprecated the pre-#13 URNs: issue with `vctUrl(base, type)`; match with `credentialTypeOfVct`. */
export const VCT = LEGACY_VCT;

/** Where a deployment serves a type's SD-JWT VC Type Metadata: `${base}${VCT_PATH}<CredentialType>`. */
export const VCT_PATH = "/vct/";

/**
 * The `vct` of `type` as issued from now on: an HTTPS (or, in development, HTTP) URL at which Type
 * Metadata (SD-JWT VC §6) is served with no authentication. `base` is the consortium's vct base URL
 * (by default the issuing service's public URL): every deployment serves the same document there (it is
 * built from common/src/type-metadata.ts), so a consortium that wants one `vct` per type across its
 * countries' deployments points all of them at one base.
 */
export function vctUrl(base: string, type: CredentialType): string {
  return `${base.replace(/\/$/, "")}${VCT_PATH}${type}`;
}

// VCDM and FairLedger @context URLs: json-ld-contexts.ts.

/** Media types (W3C VC-JOSE-COSE) and JOSE `typ` header values. */
export const MEDIA_TYPE = {
  sdJwtVc: "application/vc+sd-jwt",
  vcJwt: "application/vc+jwt",
} as const;
export const JOSE_TYP = {
  /** SD-JWT VC draft -06 onwards (November 2024) replaced `vc+sd-jwt` with `dc+sd-jwt`. */
  sdJwtVc: "dc+sd-jwt",
  keyBinding: "kb+jwt",
  vcJwt: "JWT",
  vpJwt: "JWT",
} as const;

/** The SD-JWT VC `typ` of credentials issued before #13, accepted by verifiers until LEGACY_SD_JWT_VC_TYP_UNTIL. */
export const LEGACY_SD_JWT_VC_TYP = "vc+sd-jwt";
/**
 * End of the transition (the draft asks verifiers to accept both for a while): from this instant
 * (2027-06-30T00:00:00Z) a credential whose header says `vc+sd-jwt` is refused. Unix seconds.
 */
export const LEGACY_SD_JWT_VC_TYP_UNTIL = Date.UTC(2027, 5, 30) / 1000;

/** The JOSE `typ` values a verifier accepts for an SD-JWT VC at `nowSeconds`. */
export function acceptedSdJwtVcTyps(nowSeconds: number): readonly string[] {
  return nowSeconds < LEGACY_SD_JWT_VC_TYP_UNTIL ? [JOSE_TYP.sdJwtVc, LEGACY_SD_JWT_VC_TYP] : [JOSE_TYP.sdJwtVc];
}

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

/**
 * Claims shown by default: what a border officer, employer or inspector needs (and what a border post's
 * default request asks for). An employment contract's `agencyName` and `licenceNumber` are not among them:
 * older credentials lack them, so asking would fail those; not being personal, they are still on by default
 * in the wallet.
 */
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

/**
 * The credential type a `vct` names: a pre-#13 URN, or an http(s) URL whose path ends in
 * `/vct/<CredentialType>` on any host. Any host, because each deployment may publish under its own base
 * and a verifier does not know them all; this only recognises the shape the claims must have — who may
 * issue it is what the signature, the issuer's DID and its licence on chain decide, never the vct's host.
 */
export function credentialTypeOfVct(vct: string): CredentialType | undefined {
  const legacy = CREDENTIAL_TYPES.find((type) => LEGACY_VCT[type] === vct);
  if (legacy) return legacy;
  const match = /^https?:\/\/[^/?#\s]+(?:\/[^?#\s]*)?\/vct\/([A-Za-z]+)$/.exec(vct);
  return match && isCredentialType(match[1]) ? match[1] : undefined;
}
