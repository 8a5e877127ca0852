/**
 * Where the verifier learns what the ledger says: the consortium chain (online) or a trust snapshot
 * (offline). Every method answers from that source only; nothing else is ever contacted.
 * Methods throw TrustSourceUnavailable when the source cannot answer (chain down).
 */
import type { DIDDocument } from "did-resolver";
import { CASE_STATUS_MEMBERS, RECORD_STATUS_MEMBERS } from "@fairledger/common";

// The contract's enums, generated from its compiled artifact (common/src/contract-enums.ts).
export { CaseStatus, LicenceStatus, RecordKind, RecordStatus } from "@fairledger/common";
export const RECORD_STATUS_NAMES = RECORD_STATUS_MEMBERS.map((member) => member.toLowerCase());
export const CASE_STATUS_NAMES = CASE_STATUS_MEMBERS;

export interface LedgerRecord {
  issuer: string;
  anchoredAt: number;
  kind: number;
  status: number;
  reasonCode: number;
}

export interface LedgerLicence {
  jurisdiction: string; // "PH"
  status: number;
  validFrom: number;
  validUntil: number;
  documentHash: string;
}

/** One revocation of an agency's licence: credentials issued in [effectiveFrom, revokedAt) no longer count. */
export interface LedgerLicenceRevocation {
  effectiveFrom: number;
  revokedAt: number;
  reasonCode: number;
}

export interface LedgerCase {
  agency: string;
  corridor: string; // "PH-SA"
  status: number;
  openedAt: number;
  closedAt: number;
  receiptCount: number;
  contractVersions: number;
  latestContract: string;
  workerPaidTotal: bigint;
  employerPaidTotal: bigint;
  receiptsRoot: string;
}

export interface LedgerContractVersion {
  caseCommitment: string;
  employer: string;
  version: number;
  anchoredAt: number;
  supersededBy: string;
}

export interface LedgerFeePolicy {
  maxWorkerPaidFee: bigint;
  currency: string; // "PHP"
  activatedAt: number;
}

/** An inspector's finding recorded on a case on chain (`flagCase`): only its hash; the document stays with the inspector. */
export interface LedgerCaseFlag {
  inspector: string;
  findingHash: string;
  blockNumber: number;
  /** Unix seconds: the block's time. */
  flaggedAt: number;
}

export interface TrustSource {
  readonly chainId: number;
  /** FairLedger contract address. */
  readonly ledger: string;
  /** Plain words: "chain http://… (chain id 31337)" or "snapshot at block 42 (…)". */
  describe(): string;
  /** The issuer's did:ethr document as it stood at `time` (unix seconds), or null when the DID is unknown here. */
  didDocumentAt(did: string, time: number): Promise<DIDDocument | null>;
  /** False also for a time a later revocation voided (licence revoked for fraud with effect from before it). */
  wasLicensedAt(agency: string, jurisdiction: string, time: number): Promise<boolean>;
  licenceOf(agency: string): Promise<LedgerLicence>;
  /** Every revocation of the agency's licence, oldest first. */
  licenceRevocations(agency: string): Promise<LedgerLicenceRevocation[]>;
  authorityJurisdiction(account: string): Promise<string | null>;
  /** The record `recordHash` as anchored by `issuer` (records are kept per issuer on chain). */
  recordOf(issuer: string, recordHash: string): Promise<LedgerRecord>;
  batchRecordStatus(issuer: string, root: string, recordHash: string): Promise<number>;
  /** Contract versions are kept per case on chain. */
  isLatestContract(caseCommitment: string, contractHash: string): Promise<boolean>;
  contractVersionOf(caseCommitment: string, contractHash: string): Promise<LedgerContractVersion>;
  caseOf(caseCommitment: string): Promise<LedgerCase>;
  feePolicy(corridor: string): Promise<LedgerFeePolicy>;
  /**
   * The inspectors' flags on a case, oldest first (CaseFlagged events). Optional: a source without the
   * chain's event history (a snapshot) does not answer, and a verdict then says the flags were not read.
   */
  caseFlags?(caseCommitment: string): Promise<LedgerCaseFlag[]>;
}

/** bytesN codes as the chain returns them: @fairledger/common's decoders (chain-codes.ts). */
export { asciiOfBytes as asciiOfHex, corridorOfBytes as corridorOfHex } from "@fairledger/common";
