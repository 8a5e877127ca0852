/**
 * Names of the contract's enums (IAgencyLicensing, IRecordAnchoring, IRecruitmentCases) as the service's
 * JSON writes them ("closed-in-breach"), in declaration order: derived from the enums generated from the
 * compiled contract (@fairledger/common contract-enums.ts), so they cannot drift from it.
 */
import {
  CASE_STATUS_MEMBERS,
  LICENCE_STATUS_MEMBERS,
  RECORD_KIND_MEMBERS,
  RECORD_STATUS_MEMBERS,
  kebabMember,
} from "@fairledger/common";

type Kebab<S extends string> = S extends `${infer Head}${infer Tail}`
  ? Tail extends Uncapitalize<Tail>
    ? `${Lowercase<Head>}${Kebab<Tail>}`
    : `${Lowercase<Head>}-${Kebab<Tail>}`
  : S;
const kebabNames = <const M extends readonly string[]>(members: M) =>
  members.map(kebabMember) as { [I in keyof M]: Kebab<M[I]> };

export const LICENCE_STATUS_NAMES = kebabNames(LICENCE_STATUS_MEMBERS);
export const CASE_STATUS_NAMES = kebabNames(CASE_STATUS_MEMBERS);
export const RECORD_STATUS_NAMES = kebabNames(RECORD_STATUS_MEMBERS);
export const RECORD_KIND_NAMES = kebabNames(RECORD_KIND_MEMBERS);
