/** Names of the contract's enums (IAgencyLicensing, IRecordAnchoring, IRecruitmentCases), in declaration order. */
export const LICENCE_STATUS_NAMES = ["none", "active", "suspended", "revoked"] as const;
export const CASE_STATUS_NAMES = ["none", "open", "closed", "closed-in-breach"] as const;
export const RECORD_STATUS_NAMES = ["none", "active", "suspended", "revoked"] as const;
export const RECORD_KIND_NAMES = ["credential", "licence-document", "employment-contract", "fee-receipt", "insurance-policy", "batch", "other"] as const;
