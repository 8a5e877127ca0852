/**
 * The ledger's custom errors in plain words naming the parties: one template per error the FairLedger ABI
 * declares (a test checks that none is missing). Arguments arrive as ethers decodes them (addresses,
 * 0x-hex bytesN, decimal strings for integers) and are shown as people read them: bytes2 jurisdictions as
 * "PH", bytes4 corridors as "PH-SA", bytes3 currencies as "PHP", uint48 times as ISO dates.
 *
 * The caller's own jurisdiction is not in every error (LicensingForeignAgency names only the agency's):
 * a route that knows who called passes it as `context`, and the words then name both countries.
 */
import { asciiOfBytes } from "@fairledger/common";
import { LICENCE_STATUS_NAMES, CASE_STATUS_NAMES, RECORD_STATUS_NAMES, RECORD_KIND_NAMES } from "./chain-names.ts";

export interface ErrorContext {
  /** The calling principal's jurisdiction ("SA"), when known. */
  callerJurisdiction?: string | null;
  /** The calling account, when known. */
  caller?: string;
}

type Args = readonly unknown[];
type Template = (args: Args, context: ErrorContext) => string;

const text = (value: unknown) => String(value);
/** bytesN hex as its ASCII letters ("0x5048" → "PH"); anything unreadable stays hex. */
export function asciiOf(value: unknown): string {
  return asciiOfBytes(value) || String(value);
}
export const country = (value: unknown) => asciiOf(value);
export const corridor = (value: unknown) => {
  const code = asciiOf(value);
  return /^[A-Z]{4}$/.test(code) ? `${code.slice(0, 2)}-${code.slice(2)}` : code;
};
export const currency = (value: unknown) => asciiOf(value);
export const isoTime = (value: unknown) => {
  const seconds = Number(value);
  return Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString().replace(".000Z", "Z") : text(value);
};
const short = (hash: unknown) => text(hash);
const named = (names: readonly string[], value: unknown) => names[Number(value)] ?? `status ${text(value)}`;
const callerCountry = (context: ErrorContext) =>
  context.callerJurisdiction ? context.callerJurisdiction : "the calling authority's country";
const caller = (context: ErrorContext, fallback = "the caller") => context.caller ?? fallback;

/** One template per custom error of the FairLedger ABI (contracts/interfaces/*.sol and the OpenZeppelin parts). */
export const CHAIN_ERROR_WORDS: Record<string, Template> = {
  // IAgencyLicensing
  LicensingNoLicence: ([agency]) => `agency ${text(agency)} holds no licence`,
  LicensingAlreadyLicensed: ([agency]) => `agency ${text(agency)} already holds a licence that is not revoked`,
  LicensingForeignAgency: ([agency, jurisdiction], context) =>
    `agency ${text(agency)} is licensed by ${country(jurisdiction)}, not by ${callerCountry(context)}`,
  LicensingInvalidWindow: ([from, until]) =>
    `the licence window ${isoTime(from)} to ${isoTime(until)} is empty or ends in the past`,
  LicensingWrongStatus: ([agency, status]) =>
    `agency ${text(agency)}'s licence is ${named(LICENCE_STATUS_NAMES, status)}, which does not allow this change`,
  LicensingZeroDocumentHash: () => "the licence document hash is zero",
  LicensingNotLicensed: ([agency]) => `agency ${text(agency)} is not licensed now`,
  LicensingRevocationInFuture: ([effectiveFrom, now]) =>
    `a revocation cannot take effect at ${isoTime(effectiveFrom)}, after the chain's current time ${isoTime(now)}`,
  // IConsortiumGovernance
  GovernanceNotAuthority: ([account]) => `${text(account)} is not a licensing authority`,
  GovernanceWrongJurisdiction: ([account, required, actual]) =>
    `${text(account)} is an authority of ${country(actual)}, not of ${country(required)}`,
  GovernanceInvalidJurisdiction: ([code]) => `${asciiOf(code)} is not a two-letter country code`,
  GovernanceInvalidCurrency: ([code]) => `${asciiOf(code)} is not a three-letter currency code`,
  GovernanceAlreadyRegistered: ([account, jurisdiction]) =>
    `${text(account)} is already registered in ${country(jurisdiction)}`,
  GovernanceNotRegistered: ([account]) => `${text(account)} is not registered`,
  GovernanceSameCountryCorridor: ([jurisdiction]) =>
    `a corridor needs two different countries, both sides are ${country(jurisdiction)}`,
  GovernanceNoPendingPolicy: ([id]) => `corridor ${corridor(id)} has no fee policy waiting for approval`,
  GovernancePolicyMismatch: ([id, fee, cur]) =>
    `corridor ${corridor(id)}'s pending policy is a cap of ${text(fee)} ${currency(cur)} (minor units); the approval names another`,
  GovernanceAlreadyApproved: ([id, jurisdiction]) =>
    `${country(jurisdiction)} already approved corridor ${corridor(id)}'s pending policy; the other side must approve`,
  GovernanceCorridorInactive: ([id]) => `corridor ${corridor(id)} has no fee policy in force`,
  GovernanceZeroAddress: () => "the zero address was given where an account is required",
  // IRecordAnchoring
  RecordsUnauthorizedAnchorer: ([account]) =>
    `${text(account)} may not anchor records (not a licensed agency nor an authority)`,
  RecordsAlreadyAnchored: ([issuer, hash]) => `record ${short(hash)} is already anchored by ${text(issuer)}`,
  RecordsNotAnchored: ([issuer, hash]) => `record ${short(hash)} is not anchored by ${text(issuer)}`,
  RecordsWrongStatus: ([hash, status]) =>
    `record ${short(hash)} is ${named(RECORD_STATUS_NAMES, status)}, which does not allow this change`,
  RecordsZeroHash: () => "a record hash of zero was given",
  RecordsInvalidProof: ([root, hash]) => `record ${short(hash)} is not in the batch with root ${short(root)}`,
  RecordsEmptyBatch: () => "a batch must hold at least one record",
  RecordsWrongKind: ([kind]) => `records of kind ${named(RECORD_KIND_NAMES, kind)} cannot be anchored this way`,
  // IRecruitmentCases
  CasesAlreadyExists: ([id]) => `case ${short(id)} already exists`,
  CasesUnknownCase: ([id]) => `there is no case ${short(id)}`,
  CasesNotOpen: ([id, status]) => `case ${short(id)} is ${named(CASE_STATUS_NAMES, status)}, not open`,
  CasesNotCaseAgency: ([id, agency], context) =>
    `case ${short(id)} belongs to agency ${text(agency)}, not to ${caller(context, "the calling agency")}`,
  CasesAgencyNotInOrigin: ([agency, licensed, origin]) =>
    `agency ${text(agency)} is licensed by ${country(licensed)}, not by ${country(origin)}, the corridor's origin`,
  CasesEmployerNotInDestination: ([employer, destination]) =>
    `employer ${text(employer)} is not registered in ${country(destination)}, the corridor's destination`,
  CasesInvalidSignature: ([expected, signer]) => `the signature is by ${text(signer)}, not by ${text(expected)}`,
  CasesNotLatestContract: ([id, latest, given]) =>
    `contract ${short(given)} is not case ${short(id)}'s latest version (${short(latest)})`,
  CasesContractAlreadyAnchored: ([id, hash]) => `contract ${short(hash)} is already anchored for case ${short(id)}`,
  CasesCurrencyMismatch: ([expected, given]) =>
    `the amount is in ${currency(given)}, the corridor's currency is ${currency(expected)}`,
  CasesTotalsMismatch: ([count, workerPaid, employerPaid]) =>
    `the closing totals do not match the chain's: ${text(count)} receipts, ${text(workerPaid)} paid by the worker, ${text(employerPaid)} by the employer`,
  CasesZeroValue: () => "a zero value was given where one is required",
  CasesCoverEnded: ([until]) => `the insurance cover ends at ${isoTime(until)}, not after now`,
  CasesNotInsurer: ([account]) => `${text(account)} is not a granted insurer`,
  CasesInsurerOutsideCorridor: ([insurer, jurisdiction, id]) =>
    `insurer ${text(insurer)} is granted by ${country(jurisdiction)}, which is not a side of corridor ${corridor(id)}`,
  CasesCoverHeldByOther: ([id, insurer]) => `case ${short(id)}'s cover is held by insurer ${text(insurer)}`,
  CasesCoverShortened: ([id, until, given]) =>
    `case ${short(id)} is covered until ${isoTime(until)}; ${isoTime(given)} would shorten the cover`,
  // OpenZeppelin parts of FairLedger (AccessControlDefaultAdminRules, EIP712, SafeCast, Checkpoints)
  AccessControlUnauthorizedAccount: ([account, role], context) =>
    `${text(account ?? caller(context))} lacks the role ${short(role)} this needs`,
  AccessControlBadConfirmation: () => "an account may only renounce its own roles",
  AccessControlEnforcedDefaultAdminDelay: ([schedule]) =>
    `the admin transfer cannot complete before ${isoTime(schedule)}`,
  AccessControlEnforcedDefaultAdminRules: () =>
    "the default admin role changes only through the two-step admin transfer",
  AccessControlInvalidDefaultAdmin: ([admin]) => `${text(admin)} cannot become the default admin`,
  CheckpointUnorderedInsertion: () => "a history entry older than the latest was inserted",
  InvalidShortString: () => "a short string is malformed",
  StringTooLong: ([value]) => `the string "${text(value)}" is too long`,
  SafeCastOverflowedUintDowncast: ([bits, value]) => `${text(value)} does not fit in ${text(bits)} bits`,
};

/** Plain words for a decoded custom error; an error outside the table is named with its raw arguments. */
export function describeChainError(name: string, args: Args, context: ErrorContext = {}): string {
  const template = CHAIN_ERROR_WORDS[name];
  if (!template)
    return `the ledger rejected the transaction: ${name}${args.length ? ` (${args.map(text).join(", ")})` : ""}`;
  return template(args, context);
}
