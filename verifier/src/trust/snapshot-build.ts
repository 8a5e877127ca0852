/**
 * Taking a trust snapshot: the ledger's state at one block (licences with history, authorities, anchored
 * records and batch roots with their statuses, cases, contracts, fee policies) and the did:ethr change logs
 * of every authority and agency, read from the configured RPC only.
 */
import { Contract } from "ethers";
import { ethrDid, fairLedgerAbi } from "@fairledger/common";
import { TrustSourceUnavailable } from "../errors.ts";
import type { ChainTrustSource } from "./chain-trust.ts";
import { blockTimestamps, scanLedgerEvents } from "./chain-logs.ts";
import { serialiseChangeLog } from "./ethr-history.ts";
import {
  SNAPSHOT_TYPE,
  SNAPSHOT_VERSION,
  scopedKey,
  type SnapshotLicenceEvent,
  type TrustSnapshot,
} from "./snapshot-format.ts";
import { asciiOfHex, corridorOfHex } from "./trust-source.ts";
import { caseFromAnswer, contractVersionFromAnswer, licenceFromAnswer, recordFromAnswer } from "./ledger-answers.ts";

const LICENCE_EVENTS = new Set([
  "LicenceIssued",
  "LicenceRenewed",
  "LicenceSuspended",
  "LicenceReinstated",
  "LicenceRevoked",
]);

export async function buildSnapshot(
  trust: ChainTrustSource,
  options: { fromBlock: number; registry: string; block?: number; onProgress?: (message: string) => void },
): Promise<TrustSnapshot> {
  const { provider } = trust;
  const progress = options.onProgress ?? (() => {});
  let block;
  try {
    block = await provider.getBlock(options.block ?? "latest");
  } catch (error) {
    throw new TrustSourceUnavailable("the consortium chain did not answer", { cause: error });
  }
  if (!block) throw new TrustSourceUnavailable(`block ${options.block} not found`);
  // Only a pending block has no hash; a snapshot must name a mined one.
  if (block.hash === null) throw new TrustSourceUnavailable(`block ${block.number} has no hash yet (pending)`);
  const blockHash = block.hash;
  const blockTag = block.number;
  const ledger = new Contract(trust.ledger, fairLedgerAbi, provider);
  const at = { blockTag };
  const events = await scanLedgerEvents(provider, trust.ledger, options.fromBlock, blockTag, {
    onProgress: (done, total) => progress(`scanning blocks ${done}/${total}`),
  });
  const times = await blockTimestamps(
    provider,
    events.filter((event) => LICENCE_EVENTS.has(event.name)).map((event) => event.blockNumber),
  );

  const snapshot: TrustSnapshot = {
    type: SNAPSHOT_TYPE,
    version: SNAPSHOT_VERSION,
    chainId: trust.chainId,
    ledger: trust.ledger,
    registry: options.registry,
    block: { number: block.number, hash: blockHash, timestamp: block.timestamp },
    takenAt: new Date(block.timestamp * 1000).toISOString(),
    licences: {},
    authorities: {},
    records: {},
    batchRecordStatuses: {},
    cases: {},
    contracts: {},
    feePolicies: {},
    dids: {},
  };
  const history = new Map<string, SnapshotLicenceEvent[]>();
  const authorities = new Set<string>();
  // Records are kept per issuer and contract versions per case on chain: each is read under its scope.
  const records = new Map<string, { issuer: string; hash: string }>();
  const cases = new Set<string>();
  const contracts = new Map<string, { caseCommitment: string; hash: string }>();
  const corridors = new Set<string>();
  try {
    for (const event of events) {
      const args = event.args;
      if (LICENCE_EVENTS.has(event.name)) {
        const agency = String(args.agency).toLowerCase();
        const time = times.get(event.blockNumber);
        // blockTimestamps answers for every block it was given, or throws.
        if (time === undefined) throw new Error(`internal: no timestamp read for block ${event.blockNumber}`);
        const entry: SnapshotLicenceEvent = { event: event.name as SnapshotLicenceEvent["event"], time };
        if (event.name === "LicenceIssued") {
          Object.assign(entry, {
            jurisdiction: asciiOfHex(args.jurisdiction),
            validFrom: Number(args.validFrom),
            validUntil: Number(args.validUntil),
            documentHash: args.documentHash,
          });
        }
        if (event.name === "LicenceRenewed")
          Object.assign(entry, { validUntil: Number(args.validUntil), documentHash: args.documentHash });
        if (event.name === "LicenceSuspended") Object.assign(entry, { reasonCode: Number(args.reasonCode) });
        if (event.name === "LicenceRevoked")
          Object.assign(entry, { reasonCode: Number(args.reasonCode), effectiveFrom: Number(args.effectiveFrom) });
        history.set(agency, [...(history.get(agency) ?? []), entry]);
      } else if (event.name === "AuthorityRegistered" || event.name === "AuthorityRemoved") {
        authorities.add(String(args.authority).toLowerCase());
      } else if (event.name === "RecordAnchored" || event.name === "BatchAnchored") {
        const issuer = String(args.issuer).toLowerCase();
        const hash = String(event.name === "RecordAnchored" ? args.recordHash : args.root).toLowerCase();
        records.set(scopedKey(issuer, hash), { issuer, hash });
      } else if (event.name === "BatchRecordStatusChanged") {
        const batch = scopedKey(String(args.issuer), String(args.root));
        snapshot.batchRecordStatuses[batch] = {
          ...snapshot.batchRecordStatuses[batch],
          [String(args.recordHash).toLowerCase()]: Number(args.status),
        };
      } else if (event.name === "CaseOpened") {
        cases.add(String(args.caseCommitment).toLowerCase());
      } else if (event.name === "EmploymentContractAnchored") {
        const caseCommitment = String(args.caseCommitment).toLowerCase();
        const hash = String(args.contractHash).toLowerCase();
        contracts.set(scopedKey(caseCommitment, hash), { caseCommitment, hash });
      } else if (event.name === "CorridorPolicyActivated") {
        corridors.add(String(args.corridor));
      }
    }
    progress(`reading ${history.size} licences, ${records.size} records, ${cases.size} cases`);
    for (const [agency, events] of history) {
      snapshot.licences[agency] = {
        current: licenceFromAnswer(await ledger.licenceOf(agency, at)),
        history: events,
      };
    }
    for (const authority of authorities) {
      const code = asciiOfHex(await ledger.authorityJurisdiction(authority, at));
      if (code.length === 2) snapshot.authorities[authority] = code;
    }
    for (const [key, { issuer, hash }] of records) {
      snapshot.records[key] = recordFromAnswer(await ledger.recordOf(issuer, hash, at));
    }
    for (const commitment of cases) {
      const c = caseFromAnswer(await ledger.caseOf(commitment, at));
      // The snapshot is JSON: the totals travel as decimal strings.
      snapshot.cases[commitment] = {
        ...c,
        workerPaidTotal: c.workerPaidTotal.toString(),
        employerPaidTotal: c.employerPaidTotal.toString(),
      };
    }
    for (const [key, { caseCommitment, hash }] of contracts) {
      snapshot.contracts[key] = contractVersionFromAnswer(await ledger.contractVersionOf(caseCommitment, hash, at));
    }
    for (const corridor of corridors) {
      const policy = await ledger.feePolicy(corridor, at);
      snapshot.feePolicies[corridorOfHex(corridor)] = {
        maxWorkerPaidFee: BigInt(policy.maxWorkerPaidFee).toString(),
        currency: asciiOfHex(policy.currency),
        activatedAt: Number(policy.activatedAt),
      };
    }
  } catch (error) {
    if (error instanceof TrustSourceUnavailable) throw error;
    throw new TrustSourceUnavailable("the consortium chain did not answer while taking the snapshot", { cause: error });
  }
  const identities = new Set([...history.keys(), ...Object.keys(snapshot.authorities)]);
  progress(`reading ${identities.size} DID change logs`);
  for (const address of identities) {
    const did = ethrDid(trust.chainId, address);
    const log = await trust.changeLog(did);
    // Only what had happened by the snapshot block.
    const upTo = { ...log, history: log.history.filter((event) => event.blockNumber <= blockTag) };
    const blockTimes: Record<string, number> = {};
    for (const event of upTo.history) blockTimes[String(event.blockNumber)] = await trust.blockTime(event.blockNumber);
    snapshot.dids[did] = { changeLog: serialiseChangeLog(upTo), blockTimes };
  }
  return snapshot;
}
