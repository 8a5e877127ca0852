/**
 * The FairLedger views' answers as ethers returns them (bigints, hex strings), turned into the trust
 * source's plain values. The live chain and the snapshot builder ask the same views, so they read the
 * answers through these and cannot drift apart.
 */
import { ZeroHash } from "ethers";
import {
  asciiOfHex,
  corridorOfHex,
  type LedgerCase,
  type LedgerContractVersion,
  type LedgerLicence,
  type LedgerRecord,
} from "./trust-source.ts";

/** `licenceOf`'s struct. */
export interface LicenceAnswer {
  jurisdiction: string;
  status: bigint;
  validFrom: bigint;
  validUntil: bigint;
  documentHash: string;
}

/** `recordOf`'s struct. */
export interface RecordAnswer {
  issuer: string;
  anchoredAt: bigint;
  kind: bigint;
  status: bigint;
  reasonCode: bigint;
}

/** `caseOf`'s struct. */
export interface CaseAnswer {
  agency: string;
  corridor: string;
  status: bigint;
  openedAt: bigint;
  closedAt: bigint;
  receiptCount: bigint;
  contractVersions: bigint;
  latestContract: string;
  workerPaidTotal: bigint;
  employerPaidTotal: bigint;
  receiptsRoot: string;
}

/** `contractVersionOf`'s struct. */
export interface ContractVersionAnswer {
  caseCommitment: string;
  employer: string;
  version: bigint;
  anchoredAt: bigint;
  supersededBy?: string;
}

export function licenceFromAnswer(licence: LicenceAnswer): LedgerLicence {
  return {
    jurisdiction: asciiOfHex(licence.jurisdiction),
    status: Number(licence.status),
    validFrom: Number(licence.validFrom),
    validUntil: Number(licence.validUntil),
    documentHash: String(licence.documentHash).toLowerCase(),
  };
}

export function recordFromAnswer(record: RecordAnswer): LedgerRecord {
  return {
    issuer: String(record.issuer),
    anchoredAt: Number(record.anchoredAt),
    kind: Number(record.kind),
    status: Number(record.status),
    reasonCode: Number(record.reasonCode),
  };
}

export function caseFromAnswer(c: CaseAnswer): LedgerCase {
  return {
    agency: String(c.agency),
    corridor: corridorOfHex(c.corridor),
    status: Number(c.status),
    openedAt: Number(c.openedAt),
    closedAt: Number(c.closedAt),
    receiptCount: Number(c.receiptCount),
    contractVersions: Number(c.contractVersions),
    latestContract: String(c.latestContract).toLowerCase(),
    workerPaidTotal: BigInt(c.workerPaidTotal),
    employerPaidTotal: BigInt(c.employerPaidTotal),
    receiptsRoot: String(c.receiptsRoot).toLowerCase(),
  };
}

export function contractVersionFromAnswer(version: ContractVersionAnswer): LedgerContractVersion {
  return {
    caseCommitment: String(version.caseCommitment).toLowerCase(),
    employer: String(version.employer),
    version: Number(version.version),
    anchoredAt: Number(version.anchoredAt),
    supersededBy: String(version.supersededBy ?? ZeroHash).toLowerCase(),
  };
}
