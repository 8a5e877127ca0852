/**
 * What the chain says about agencies, licences, employers, insurers, corridors and cases, for the
 * authorities' list routes. Membership and history come from the contract's events (so every service
 * reading the same chain lists the same things in the same order: first appearance on chain); the
 * current state of each member comes from the contract's views. Nothing here is read from the service's
 * own database: two services see one truth.
 *
 * The event index grows incrementally (only blocks not yet scanned are asked for). The views' answers
 * are reused while the chain has no new block (at most `cacheMs`); the service's own writes invalidate
 * them at once, and any write — this service's or another's — makes a new block, so a list never lags
 * the chain's latest block.
 */
import { Interface, type Log } from "ethers";
import { fairLedgerAbi, licenceReasonOf, type LicenceReason } from "@fairledger/common";
import type { Ledger } from "./ledger.ts";
import type { FairLedger } from "./fairledger-contract.ts";
import { toServiceError } from "./rpc-errors.ts";
import { expectPresent } from "../errors.ts";
import { CASE_STATUS_NAMES, LICENCE_STATUS_NAMES } from "./chain-names.ts";
import { asciiOf, corridor as corridorName, isoTime } from "./error-words.ts";

const abi = new Interface(fairLedgerAbi as never);
const EVENTS = [
  "LicenceIssued",
  "LicenceRenewed",
  "LicenceSuspended",
  "LicenceReinstated",
  "LicenceRevoked",
  "EmployerRegistered",
  "EmployerDeregistered",
  "InsurerGranted",
  "InsurerRevoked",
  "CorridorPolicyProposed",
  "CorridorPolicyActivated",
  "CaseOpened",
  "CaseClosed",
  "CaseClosedInBreach",
] as const;
type EventName = (typeof EVENTS)[number];
// The ABI is the one this service is built with: an event missing from it is a defect, found at start-up.
const TOPICS = EVENTS.map((name) => expectPresent(abi.getEvent(name), `event ${name} in the FairLedger ABI`).topicHash);

interface IndexedEvent {
  name: EventName;
  args: Record<string, unknown>;
  blockNumber: number;
  logIndex: number;
  transactionHash: string;
}

export interface LicenceView {
  agency: string;
  jurisdiction: string;
  status: (typeof LICENCE_STATUS_NAMES)[number];
  licensedNow: boolean;
  validFrom: string;
  validUntil: string;
  documentHash: string;
}

export interface LicenceHistoryEntry {
  event: "issued" | "renewed" | "suspended" | "reinstated" | "revoked";
  /** Block time of the change. */
  at: string;
  /** When the change takes effect: the block time, or a revocation's earlier effectiveFrom. */
  effectiveFrom: string;
  reason?: LicenceReason;
  validFrom?: string;
  validUntil?: string;
  documentHash?: string;
  transactionHash: string;
  blockNumber: number;
}

export interface MemberView {
  account: string;
  jurisdiction: string;
  status: "registered" | "deregistered";
  registeredBy: string;
}

export interface CorridorView {
  corridor: string;
  origin: string;
  destination: string;
  active: { maxWorkerPaidFee: string; currency: string; activatedAt: string } | null;
  pending: { maxWorkerPaidFee: string; currency: string; originApproved: boolean; destinationApproved: boolean } | null;
}

export interface CaseView {
  caseCommitment: string;
  corridor: string;
  status: (typeof CASE_STATUS_NAMES)[number];
  openedAt: string;
  closedAt: string | null;
  contractVersions: number;
  receiptCount: number;
}

const LICENCE_EVENT = {
  LicenceIssued: "issued",
  LicenceRenewed: "renewed",
  LicenceSuspended: "suspended",
  LicenceReinstated: "reinstated",
  LicenceRevoked: "revoked",
} as const;

/** The contract's views this module reads. */
type RegistryView =
  | "licenceOf"
  | "isLicensedNow"
  | "employerJurisdiction"
  | "insurerJurisdiction"
  | "feePolicy"
  | "pendingFeePolicy"
  | "caseOf";

export class RegistryReads {
  readonly #ledger: Ledger;
  readonly #cacheMs: number;
  readonly #now: () => number;
  #events: IndexedEvent[] = [];
  #scannedTo: number;
  #syncedAt = -Infinity;
  #sync: Promise<void> | undefined;
  /** View answers of the current snapshot; cleared on every sync. */
  #views = new Map<string, Promise<unknown>>();
  readonly #blockTimes = new Map<number, number>();

  constructor(ledger: Ledger, cacheMs: number, now: () => number = Date.now) {
    this.#ledger = ledger;
    this.#cacheMs = cacheMs;
    this.#now = now;
    this.#scannedTo = ledger.manifest.contracts.FairLedger.blockNumber - 1;
  }

  /** The service changed the chain: the next read asks it again. */
  invalidate(): void {
    this.#syncedAt = -Infinity;
  }

  /**
   * Brings the index up to the chain's latest block. The view snapshot is kept while the chain has no new
   * block (every write, this service's or another's, makes one), and for at most `cacheMs` even then:
   * a read costs one eth_blockNumber when nothing changed. Concurrent reads share one scan.
   */
  async #fresh(): Promise<void> {
    this.#sync ??= this.#scan().finally(() => (this.#sync = undefined));
    return this.#sync;
  }

  async #scan(): Promise<void> {
    const started = this.#now();
    try {
      const provider = this.#ledger.provider;
      const latest = await provider.getBlockNumber();
      if (latest < this.#scannedTo) {
        // A chain reset below what was indexed: start over.
        this.#events = [];
        this.#scannedTo = this.#ledger.manifest.contracts.FairLedger.blockNumber - 1;
        this.#blockTimes.clear();
      }
      const moved = latest !== this.#scannedTo;
      if (latest > this.#scannedTo) {
        const logs = await provider.getLogs({
          address: this.#ledger.address,
          fromBlock: this.#scannedTo + 1,
          toBlock: latest,
          topics: [TOPICS],
        });
        this.#events.push(...logs.map(decode).filter((event): event is IndexedEvent => event !== undefined));
        this.#scannedTo = latest;
      }
      // Views can change without a new block only on a chain that rewrites its head (no finality): bounded by cacheMs.
      if (moved || started - this.#syncedAt >= this.#cacheMs) {
        this.#views.clear();
        this.#syncedAt = started;
      }
    } catch (error) {
      throw toServiceError(error);
    }
  }

  #view<T>(key: string, ask: () => Promise<T>): Promise<T> {
    let answer = this.#views.get(key) as Promise<T> | undefined;
    if (!answer) {
      answer = ask().catch((error) => {
        this.#views.delete(key);
        throw toServiceError(error);
      });
      this.#views.set(key, answer);
    }
    return answer;
  }

  /** A view of the contract by its (typed) name, shared by concurrent callers with the same arguments. */
  #call<N extends RegistryView>(name: N, ...args: Parameters<FairLedger[N]>): ReturnType<FairLedger[N]> {
    const view = this.#ledger.reader[name] as unknown as (...values: unknown[]) => Promise<unknown>;
    return this.#view(`${name}(${args.join(",")})`, () => view(...args)) as ReturnType<FairLedger[N]>;
  }

  async #blockTime(blockNumber: number): Promise<number> {
    const known = this.#blockTimes.get(blockNumber);
    if (known !== undefined) return known;
    const block = await this.#ledger.provider.getBlock(blockNumber).catch((error) => {
      throw toServiceError(error);
    });
    const time = block?.timestamp ?? 0;
    this.#blockTimes.set(blockNumber, time);
    return time;
  }

  /** Accounts in order of their first event among `names`. */
  #firstSeen(names: readonly EventName[], key: string): string[] {
    const seen = new Set<string>();
    for (const event of this.#events) if (names.includes(event.name)) seen.add(String(event.args[key]).toLowerCase());
    return [...seen];
  }

  async licences(): Promise<LicenceView[]> {
    await this.#fresh();
    return Promise.all(this.#firstSeen(["LicenceIssued"], "agency").map((agency) => this.#licence(agency)));
  }

  async licence(agency: string): Promise<LicenceView | undefined> {
    await this.#fresh();
    const view = await this.#licence(agency.toLowerCase());
    return view.status === "none" ? undefined : view;
  }

  async #licence(agency: string): Promise<LicenceView> {
    const licence = await this.#call("licenceOf", agency);
    const jurisdiction = String(licence.jurisdiction);
    const status = LICENCE_STATUS_NAMES[Number(licence.status)] ?? "none";
    const licensedNow = status === "active" ? Boolean(await this.#call("isLicensedNow", agency, jurisdiction)) : false;
    return {
      agency,
      jurisdiction: asciiOf(jurisdiction),
      status,
      licensedNow,
      validFrom: isoTime(licence.validFrom),
      validUntil: isoTime(licence.validUntil),
      documentHash: String(licence.documentHash),
    };
  }

  /** Every licence change of `agency`, oldest first (chain order). */
  async licenceHistory(agency: string): Promise<LicenceHistoryEntry[]> {
    await this.#fresh();
    const who = agency.toLowerCase();
    const events = this.#events.filter(
      (event) => event.name in LICENCE_EVENT && String(event.args.agency).toLowerCase() === who,
    );
    return Promise.all(
      events.map(async (event) => {
        const at = isoTime(await this.#blockTime(event.blockNumber));
        const args = event.args;
        const entry: LicenceHistoryEntry = {
          event: LICENCE_EVENT[event.name as keyof typeof LICENCE_EVENT],
          at,
          effectiveFrom:
            event.name === "LicenceRevoked"
              ? isoTime(args.effectiveFrom)
              : event.name === "LicenceIssued"
                ? isoTime(args.validFrom)
                : at,
          transactionHash: event.transactionHash,
          blockNumber: event.blockNumber,
        };
        if (args.reasonCode !== undefined) entry.reason = licenceReasonOf(Number(args.reasonCode));
        if (args.validFrom !== undefined) entry.validFrom = isoTime(args.validFrom);
        if (args.validUntil !== undefined) entry.validUntil = isoTime(args.validUntil);
        if (args.documentHash !== undefined) entry.documentHash = String(args.documentHash);
        return entry;
      }),
    );
  }

  async employers(): Promise<MemberView[]> {
    return this.#members(["EmployerRegistered", "EmployerDeregistered"], "employer", "employerJurisdiction");
  }

  async insurers(): Promise<MemberView[]> {
    return this.#members(["InsurerGranted", "InsurerRevoked"], "insurer", "insurerJurisdiction");
  }

  async #members(
    names: [EventName, EventName],
    key: string,
    view: "employerJurisdiction" | "insurerJurisdiction",
  ): Promise<MemberView[]> {
    await this.#fresh();
    const latest = new Map<string, IndexedEvent>();
    for (const event of this.#events)
      if (names.includes(event.name)) latest.set(String(event.args[key]).toLowerCase(), event);
    return Promise.all(
      this.#firstSeen(names, key).map(async (account) => {
        // #firstSeen lists the accounts of these same events: each has a latest one.
        const last = expectPresent(latest.get(account), `the latest ${names.join("/")} event of ${account}`);
        const jurisdiction = String(await this.#call(view, account));
        const registered = !/^0x0+$/.test(jurisdiction);
        return {
          account,
          jurisdiction: asciiOf(registered ? jurisdiction : String(last.args.jurisdiction)),
          status: registered ? "registered" : "deregistered",
          registeredBy: String(last.args.authority).toLowerCase(),
        } satisfies MemberView;
      }),
    );
  }

  async corridors(): Promise<CorridorView[]> {
    await this.#fresh();
    const ids = this.#firstSeen(["CorridorPolicyProposed", "CorridorPolicyActivated"], "corridor");
    return Promise.all(
      ids.map(async (id) => {
        const [policy, pending] = await Promise.all([this.#call("feePolicy", id), this.#call("pendingFeePolicy", id)]);
        const name = corridorName(id);
        const hasPending = Boolean(pending.originApproved) || Boolean(pending.destinationApproved);
        return {
          corridor: name,
          origin: name.slice(0, 2),
          destination: name.slice(3),
          active:
            Number(policy.activatedAt) === 0
              ? null
              : {
                  maxWorkerPaidFee: String(policy.maxWorkerPaidFee),
                  currency: asciiOf(policy.currency),
                  activatedAt: isoTime(policy.activatedAt),
                },
          pending: hasPending
            ? {
                maxWorkerPaidFee: String(pending.maxWorkerPaidFee),
                currency: asciiOf(pending.currency),
                originApproved: Boolean(pending.originApproved),
                destinationApproved: Boolean(pending.destinationApproved),
              }
            : null,
        } satisfies CorridorView;
      }),
    );
  }

  /** Cases `agency` opened, oldest first: commitments, corridor, status and counts — nothing personal. */
  async casesOf(agency: string): Promise<CaseView[]> {
    await this.#fresh();
    const who = agency.toLowerCase();
    const opened = this.#events.filter(
      (event) => event.name === "CaseOpened" && String(event.args.agency).toLowerCase() === who,
    );
    return Promise.all(
      opened.map(async (event) => {
        const id = String(event.args.caseCommitment);
        const found = await this.#call("caseOf", id);
        return {
          caseCommitment: id,
          corridor: corridorName(found.corridor),
          status: CASE_STATUS_NAMES[Number(found.status)] ?? "none",
          openedAt: isoTime(found.openedAt),
          closedAt: Number(found.closedAt) === 0 ? null : isoTime(found.closedAt),
          contractVersions: Number(found.contractVersions),
          receiptCount: Number(found.receiptCount),
        } satisfies CaseView;
      }),
    );
  }
}

function decode(log: Log): IndexedEvent | undefined {
  const parsed = abi.parseLog(log);
  if (!parsed || !(EVENTS as readonly string[]).includes(parsed.name)) return undefined;
  const args: Record<string, unknown> = {};
  parsed.fragment.inputs.forEach((input, index) => (args[input.name] = parsed.args[index]));
  return {
    name: parsed.name as EventName,
    args,
    blockNumber: log.blockNumber,
    logIndex: log.index,
    transactionHash: log.transactionHash,
  };
}
