/**
 * A trust snapshot as trust source, for offline verification: the same questions as the chain, answered
 * from the file. Anything the snapshot does not know is answered as the chain would for an unknown hash
 * (None / not licensed), so an offline check can only be stricter than an online one.
 */
import { ZeroHash } from "ethers";
import { VerifierError } from "../errors.ts";
import type { DIDDocument } from "did-resolver";
import { deserialiseChangeLog, documentAt, type EthrChangeLog } from "./ethr-history.ts";
import { parseSnapshot, scopedKey, type TrustSnapshot } from "./snapshot-format.ts";
import {
  LicenceStatus,
  RecordKind,
  RecordStatus,
  type LedgerCase,
  type LedgerContractVersion,
  type LedgerFeePolicy,
  type LedgerLicence,
  type LedgerLicenceRevocation,
  type LedgerRecord,
  type TrustSource,
} from "./trust-source.ts";

export { parseSnapshot };

const NO_RECORD: LedgerRecord = {
  issuer: "0x0000000000000000000000000000000000000000",
  anchoredAt: 0,
  kind: 0,
  status: RecordStatus.None,
  reasonCode: 0,
};

export class SnapshotTrustSource implements TrustSource {
  readonly chainId: number;
  readonly ledger: string;
  readonly #histories = new Map<string, { changeLog: EthrChangeLog; blockTimes: Map<number, number> }>();

  constructor(readonly snapshot: TrustSnapshot) {
    this.chainId = snapshot.chainId;
    this.ledger = snapshot.ledger;
  }

  describe(): string {
    return `trust snapshot at block ${this.snapshot.block.number} (${new Date(this.snapshot.block.timestamp * 1000).toISOString()})`;
  }

  async didDocumentAt(did: string, time: number): Promise<DIDDocument | null> {
    const history = this.#historyOf(did.toLowerCase());
    if (!history) return null;
    return documentAt(did, history.changeLog, history.blockTimes, time);
  }

  /** A DID's change log and block times, decoded from the snapshot once. */
  #historyOf(did: string): { changeLog: EthrChangeLog; blockTimes: Map<number, number> } | null {
    const known = this.#histories.get(did);
    if (known) return known;
    const entry = this.snapshot.dids[did];
    if (!entry) return null;
    const history = {
      changeLog: deserialiseChangeLog(entry.changeLog),
      blockTimes: new Map(Object.entries(entry.blockTimes).map(([block, at]) => [Number(block), at])),
    };
    this.#histories.set(did, history);
    return history;
  }

  async wasLicensedAt(agency: string, jurisdiction: string, time: number): Promise<boolean> {
    const licence = this.snapshot.licences[agency.toLowerCase()];
    if (!licence) return false;
    let state: { jurisdiction?: string; status: number; validFrom: number; validUntil: number } = {
      status: LicenceStatus.None,
      validFrom: 0,
      validUntil: 0,
    };
    for (const event of licence.history) {
      if (event.time > time) break;
      switch (event.event) {
        case "LicenceIssued":
          state = {
            jurisdiction: event.jurisdiction,
            status: LicenceStatus.Active,
            validFrom: licenceTime(event.validFrom, event.event, agency),
            validUntil: licenceTime(event.validUntil, event.event, agency),
          };
          break;
        case "LicenceRenewed":
          state = { ...state, validUntil: licenceTime(event.validUntil, event.event, agency) };
          break;
        case "LicenceSuspended":
          state = { ...state, status: LicenceStatus.Suspended };
          break;
        case "LicenceReinstated":
          state = { ...state, status: LicenceStatus.Active };
          break;
        case "LicenceRevoked":
          state = { ...state, status: LicenceStatus.Revoked };
          break;
      }
    }
    const licensed =
      state.status === LicenceStatus.Active &&
      state.jurisdiction === jurisdiction &&
      state.validFrom <= time &&
      time < state.validUntil;
    // As on chain: a revocation with effect from the past voids [effectiveFrom, revokedAt), whatever came before.
    const revocations = await this.licenceRevocations(agency);
    return licensed && !revocations.some((r) => r.effectiveFrom <= time && time < r.revokedAt);
  }

  async licenceRevocations(agency: string): Promise<LedgerLicenceRevocation[]> {
    const history = this.snapshot.licences[agency.toLowerCase()]?.history ?? [];
    return history
      .filter((event) => event.event === "LicenceRevoked")
      .map((event) => ({
        effectiveFrom: event.effectiveFrom ?? event.time,
        revokedAt: event.time,
        reasonCode: event.reasonCode ?? 0,
      }));
  }

  async licenceOf(agency: string): Promise<LedgerLicence> {
    return (
      this.snapshot.licences[agency.toLowerCase()]?.current ?? {
        jurisdiction: "",
        status: LicenceStatus.None,
        validFrom: 0,
        validUntil: 0,
        documentHash: ZeroHash,
      }
    );
  }

  async authorityJurisdiction(account: string): Promise<string | null> {
    return this.snapshot.authorities[account.toLowerCase()] ?? null;
  }

  async recordOf(issuer: string, recordHash: string): Promise<LedgerRecord> {
    return this.snapshot.records[scopedKey(issuer, recordHash)] ?? NO_RECORD;
  }

  async batchRecordStatus(issuer: string, root: string, recordHash: string): Promise<number> {
    const batch = await this.recordOf(issuer, root);
    if (batch.status === RecordStatus.None || batch.kind !== RecordKind.Batch) return RecordStatus.None;
    if (batch.status !== RecordStatus.Active) return batch.status;
    return (
      this.snapshot.batchRecordStatuses[scopedKey(issuer, root)]?.[recordHash.toLowerCase()] ?? RecordStatus.Active
    );
  }

  async isLatestContract(caseCommitment: string, contractHash: string): Promise<boolean> {
    const version = this.snapshot.contracts[scopedKey(caseCommitment, contractHash)];
    return Boolean(version && version.supersededBy === ZeroHash);
  }

  async contractVersionOf(caseCommitment: string, contractHash: string): Promise<LedgerContractVersion> {
    return (
      this.snapshot.contracts[scopedKey(caseCommitment, contractHash)] ?? {
        caseCommitment: ZeroHash,
        employer: NO_RECORD.issuer,
        version: 0,
        anchoredAt: 0,
        supersededBy: ZeroHash,
      }
    );
  }

  async caseOf(caseCommitment: string): Promise<LedgerCase> {
    const c = this.snapshot.cases[caseCommitment.toLowerCase()];
    if (!c) {
      return {
        agency: NO_RECORD.issuer,
        corridor: "",
        status: 0,
        openedAt: 0,
        closedAt: 0,
        receiptCount: 0,
        contractVersions: 0,
        latestContract: ZeroHash,
        workerPaidTotal: 0n,
        employerPaidTotal: 0n,
        receiptsRoot: ZeroHash,
      };
    }
    return { ...c, workerPaidTotal: BigInt(c.workerPaidTotal), employerPaidTotal: BigInt(c.employerPaidTotal) };
  }

  async feePolicy(corridor: string): Promise<LedgerFeePolicy> {
    const policy = this.snapshot.feePolicies[corridor];
    return policy
      ? { ...policy, maxWorkerPaidFee: BigInt(policy.maxWorkerPaidFee) }
      : { maxWorkerPaidFee: 0n, currency: "", activatedAt: 0 };
  }
}

/** A validity bound an issue or renewal event must carry (buildSnapshot always writes them); a snapshot without one is malformed. */
function licenceTime(value: number | undefined, event: string, agency: string): number {
  if (value === undefined)
    throw new VerifierError("ERR_SNAPSHOT_INVALID", `${event} of ${agency} in the snapshot has no validity bound`);
  return value;
}
