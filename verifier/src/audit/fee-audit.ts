/**
 * The inspector's fee audit: every recruitment case of an agency and/or corridor in a time range, from the
 * chain's own history, each put in exactly one class (case-class.ts: open, overdue, closed clean, closed in
 * breach, over cap with the cap in force at closure), amounts in currency units, totals per corridor and per
 * agency — and whether the closing receipts root commits to the receipts recorded (and, given the agency's
 * receipt files, whether each file is an anchored receipt). Only commitments and amounts: nobody is identified.
 *
 * Receipts are committed on chain with a secret salt each (common/src/commitment.ts), so the inspector
 * gets them with their salts: in the `--receipts` folder every receipt document `<name>` comes with
 * `<name>.salt`, holding the 0x-hex `receiptSalt` the issuer returned when the receipt was recorded.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { buildMerkleBatch, corridorId, documentCommitment, isDocumentSalt } from "@fairledger/common/node";
import { capInForceAt, currencyUnits, type ChainPosition, type PolicyActivation } from "@fairledger/common";
import { Contract, ZeroHash, zeroPadValue } from "ethers";
import { TrustSourceUnavailable } from "../errors.ts";
import type { ChainTrustSource } from "../trust/chain-trust.ts";
import { scanLedgerEvents, fairLedgerInterface, type LedgerEvent } from "../trust/chain-logs.ts";
import { CASE_STATUS_NAMES, CaseStatus, asciiOfHex } from "../trust/trust-source.ts";
import { mapWithConcurrency } from "../util/map-with-concurrency.ts";
import { requireKnownScope, type AuditScope } from "./audit-scope.ts";
import { totalsBy, totalsOf, type AuditTotals, type TotalledCase } from "./audit-totals.ts";
import { BREACH_CLASSES, EVIDENCE_FINDINGS, classifyCase, contractStartSeconds, type CaseClass } from "./case-class.ts";

export interface AuditOptions extends AuditScope {
  /** Cases opened at or after / at or before (unix seconds). */
  from?: number;
  to?: number;
  receiptsDir?: string;
  fromBlock: number;
  /**
   * The start date (YYYY-MM-DD) of a case's employment contract, when the caller knows it. Only the
   * contract's salted hash is on chain, so the start comes from whoever holds the contract terms: the
   * issuer service's case vault, or a file the agency hands the inspector. Without it, an open case
   * cannot be told overdue and stays `open` (counted in `contractStarts.openWithoutKnownStart`).
   */
  contractStartOf?: (caseCommitment: string) => string | undefined | Promise<string | undefined>;
  /** Where the contract starts come from, in words, for the report ("issuer service case vault"). */
  contractStartSource?: string;
  /** The audit's "now" (unix seconds) for overdue cases; default the time of the latest block read. */
  now?: number;
  onProgress?: (message: string) => void;
}

export interface CaseAudit {
  caseCommitment: string;
  agency: string;
  corridor: string;
  /** Exactly one of the five classes (case-class.ts). */
  class: CaseClass;
  /** The contract's CaseStatus name: Open, Closed or ClosedInBreach. */
  chainStatus: string;
  openedAt: string;
  closedAt: string | null;
  /** Whether an employment contract (its salted hash) is anchored for the case. */
  contractAnchored: boolean;
  /** The contract start the audit was given (not on chain), or null. */
  contractStart: string | null;
  currency: string;
  /** Fees paid by the worker and by the employer, in currency units ("15000.00"). */
  workerPaid: string;
  employerPaid: string;
  /** The corridor cap in force when the case closed, in currency units; null while open. */
  capAtClosure: string | null;
  receiptCount: number;
  receiptFilesFound: number | null;
  /** Breaches (the class, when it is one) and evidence mismatches; empty for an open or clean case. */
  findings: string[];
  /** Findings inspectors recorded on the case on chain (`flagCase`), oldest first: only their hashes. */
  flags: CaseFlag[];
}

export interface CaseFlag {
  inspector: string;
  findingHash: string;
  blockNumber: number;
}

export interface AuditReport {
  scope: { agency?: string; corridor?: string; from?: string; to?: string; toBlock: number; asOf: string };
  cases: CaseAudit[];
  /**
   * Per corridor, per agency, per month the cases opened in, and per month the closed ones closed in
   * (YYYY-MM, UTC: findings over time — a breach is known when the case closes; open cases are in no month).
   */
  totals: {
    byCorridor: Record<string, AuditTotals>;
    byAgency: Record<string, AuditTotals>;
    byMonthOpened: Record<string, AuditTotals>;
    byMonthClosed: Record<string, AuditTotals>;
  };
  /** What the audit knew of contract starts (needed to tell an overdue case from an open one). */
  contractStarts: { source: string | null; openWithoutKnownStart: number };
  /** Receipt files whose commitment is not a receipt anchored in any audited case. */
  unanchoredReceiptFiles: string[];
  /** Receipt files without a readable `<name>.salt` next to them: they cannot be matched to any commitment. */
  receiptFilesWithoutSalt: string[];
  summary: AuditTotals;
}

export const RECEIPT_SALT_SUFFIX = ".salt";

/** The receipt files of `dir` by their commitment, and the ones that came without a usable salt. */
function receiptFiles(dir: string): { byCommitment: Map<string, string>; withoutSalt: string[] } {
  const byCommitment = new Map<string, string>();
  const withoutSalt: string[] = [];
  const names = readdirSync(dir).sort();
  const present = new Set(names);
  for (const name of names) {
    if (name.endsWith(RECEIPT_SALT_SUFFIX)) continue;
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    const saltName = `${name}${RECEIPT_SALT_SUFFIX}`;
    const salt = present.has(saltName) ? readFileSync(join(dir, saltName), "utf8").trim().toLowerCase() : undefined;
    if (!isDocumentSalt(salt)) {
      withoutSalt.push(name);
      continue;
    }
    byCommitment.set(documentCommitment(readFileSync(path), salt), name);
  }
  return { byCommitment, withoutSalt };
}

const CASE_READ_CONCURRENCY = 16;

/** The topic hash of a FairLedger event; the ABI is bundled, so an unknown name is a defect here. */
function eventTopic(name: string): string {
  const event = fairLedgerInterface.getEvent(name);
  if (event === null) throw new Error(`internal: the FairLedger ABI has no event ${name}`);
  return event.topicHash;
}

/**
 * The corridor cap in force at a case's closing event: from the policy activations scanned, or — when the
 * case closed before every activation in the scanned range — the policy as it stood just before the first
 * of them (one historical read); with no activation in range at all, today's policy is the one it closed under.
 */
async function capAtClosure(
  trust: ChainTrustSource,
  history: PolicyActivation[],
  closure: ChainPosition,
  todaysCap: bigint,
  corridor: string,
): Promise<bigint> {
  const fromHistory = capInForceAt(history, closure);
  if (fromHistory !== undefined) return fromHistory;
  if (history.length === 0) return todaysCap;
  const firstBlock = Math.min(...history.map((activation) => activation.blockNumber));
  try {
    const ledger = new Contract(trust.ledger, fairLedgerInterface, trust.provider);
    const before = await ledger.getFunction("feePolicy")(corridorId(corridor), { blockTag: firstBlock - 1 });
    return BigInt(before.maxWorkerPaidFee);
  } catch (error) {
    throw new TrustSourceUnavailable("the consortium chain did not answer a fee policy history query", {
      cause: error,
    });
  }
}

/** Internal: a case's audit with its amounts still in minor units, for the totals. */
type AuditedCase = CaseAudit & TotalledCase;

/**
 * The fee audit of an agency and/or a corridor (checked known on chain first: AuditScopeUnknown otherwise),
 * from the chain's own history as at its latest block.
 */
export async function auditFees(trust: ChainTrustSource, options: AuditOptions): Promise<AuditReport> {
  const progress = options.onProgress ?? (() => {});
  let toBlock: number;
  try {
    toBlock = await trust.provider.getBlockNumber();
  } catch (error) {
    throw new TrustSourceUnavailable("the consortium chain did not answer", { cause: error });
  }
  await requireKnownScope(trust, options);
  const now = options.now ?? (await trust.blockTime(toBlock));
  const caseOpened = eventTopic("CaseOpened");
  const topics: (string | null)[] = [
    caseOpened,
    null,
    options.agency ? zeroPadValue(options.agency.toLowerCase(), 32) : null,
  ];
  // Indexed bytes4 is right-padded in its topic.
  if (options.corridor) topics.push(`${corridorId(options.corridor)}${"0".repeat(56)}`);
  const opened = await scanLedgerEvents(trust.provider, trust.ledger, options.fromBlock, toBlock, {
    topics,
    onProgress: (done, total) =>
      progress(
        `scanning case openings: block ${options.fromBlock + done - 1} of ${toBlock} (${Math.round((100 * done) / Math.max(total, 1))}%)`,
      ),
  });
  const caseIds = new Set(opened.map((event) => String(event.args.caseCommitment).toLowerCase()));
  progress(`${caseIds.size} case(s) found; reading receipts and closures`);
  const receiptEvents: LedgerEvent[] = [];
  const flagsByCase = new Map<string, CaseFlag[]>();
  const breachCaps = new Map<string, bigint>();
  const closures = new Map<string, ChainPosition>();
  // A case is judged by the cap in force when it closed (the contract's own judgement), so the corridors'
  // policy history is read alongside: a cap changed later neither makes nor excuses a breach.
  const policyHistory = new Map<string, PolicyActivation[]>();
  if (caseIds.size > 0) {
    const topic = eventTopic;
    const all = await scanLedgerEvents(trust.provider, trust.ledger, options.fromBlock, toBlock, {
      topics: [
        [
          topic("FeeReceiptRecorded"),
          topic("CaseClosed"),
          topic("CaseClosedInBreach"),
          topic("CorridorPolicyActivated"),
          topic("CaseFlagged"),
        ],
      ],
      onProgress: (done, total) =>
        progress(`scanning receipts and closures: ${Math.round((100 * done) / Math.max(total, 1))}%`),
    });
    for (const event of all) {
      if (event.name === "CorridorPolicyActivated") {
        const corridor = String(event.args.corridor).toLowerCase();
        const activation = {
          blockNumber: event.blockNumber,
          logIndex: event.logIndex,
          maxWorkerPaidFee: BigInt(event.args.maxWorkerPaidFee),
        };
        policyHistory.set(corridor, [...(policyHistory.get(corridor) ?? []), activation]);
        continue;
      }
      const id = String(event.args.caseCommitment).toLowerCase();
      if (!caseIds.has(id)) continue;
      if (event.name === "FeeReceiptRecorded") {
        receiptEvents.push(event);
        continue;
      }
      if (event.name === "CaseFlagged") {
        const flag = {
          inspector: String(event.args.inspector).toLowerCase(),
          findingHash: String(event.args.findingHash).toLowerCase(),
          blockNumber: event.blockNumber,
        };
        flagsByCase.set(id, [...(flagsByCase.get(id) ?? []), flag]);
        continue;
      }
      closures.set(id, { blockNumber: event.blockNumber, logIndex: event.logIndex });
      if (event.name === "CaseClosedInBreach") breachCaps.set(id, BigInt(event.args.maxWorkerPaidFee));
    }
  }
  const given = options.receiptsDir ? receiptFiles(options.receiptsDir) : null;
  const files = given?.byCommitment ?? null;
  const matchedFiles = new Set<string>();
  const cases: AuditedCase[] = [];
  let openWithoutKnownStart = 0;
  // Case records are read with bounded concurrency (one round-trip each, not one after another), and
  // receipts are grouped by case once, so the audit grows linearly with the number of cases.
  const ids = [...caseIds];
  let read = 0;
  const records = await mapWithConcurrency(ids, CASE_READ_CONCURRENCY, async (id) => {
    const record = await trust.caseOf(id);
    read += 1;
    if (read % 100 === 0) progress(`reading case ${read} of ${ids.length}`);
    return record;
  });
  const receiptsByCase = new Map<string, LedgerEvent[]>();
  for (const event of receiptEvents) {
    const id = String(event.args.caseCommitment).toLowerCase();
    const list = receiptsByCase.get(id);
    if (list) list.push(event);
    else receiptsByCase.set(id, [event]);
  }
  for (const [index, c] of records.entries()) {
    // mapWithConcurrency keeps the input order: records[i] is the case ids[i].
    const id = ids[index];
    if (id === undefined) throw new Error("internal: more case records than case ids");
    if (options.from !== undefined && c.openedAt < options.from) continue;
    if (options.to !== undefined && c.openedAt > options.to) continue;
    const policy = await trust.feePolicy(c.corridor);
    const closure = closures.get(id);
    // Open cases are measured against today's cap; closed ones against the cap they closed under.
    const cap =
      breachCaps.get(id) ??
      (closure
        ? await capAtClosure(
            trust,
            policyHistory.get(corridorId(c.corridor).toLowerCase()) ?? [],
            closure,
            policy.maxWorkerPaidFee,
            c.corridor,
          )
        : policy.maxWorkerPaidFee);
    const receipts = receiptsByCase.get(id) ?? [];
    const receiptHashes = receipts.map((event) => String(event.args.receiptHash).toLowerCase());
    const open = c.status === CaseStatus.Open;
    const startDate = open ? await options.contractStartOf?.(id) : undefined;
    const contractStart = startDate === undefined ? undefined : contractStartSeconds(startDate);
    if (open && contractStart === undefined) openWithoutKnownStart += 1;
    const caseClass = classifyCase(
      { status: c.status, workerPaidTotal: c.workerPaidTotal, capAtClosure: cap, contractStart: contractStart ?? null },
      now,
    );
    const findings: string[] = BREACH_CLASSES.has(caseClass) ? [caseClass] : [];
    if (!open) {
      const expectedRoot = receiptHashes.length ? buildMerkleBatch(receiptHashes).root : ZeroHash;
      if (expectedRoot.toLowerCase() !== c.receiptsRoot) findings.push(EVIDENCE_FINDINGS.rootMismatch);
    }
    let found: number | null = null;
    if (files) {
      found = receiptHashes.filter((hash) => files.has(hash)).length;
      receiptHashes.forEach((hash) => files.has(hash) && matchedFiles.add(hash));
      if (found < receiptHashes.length) findings.push(EVIDENCE_FINDINGS.receiptsMissing);
    }
    // A case is kept in the currency its receipts were recorded in; with none, the corridor's today.
    const currency = (receipts[0] ? asciiOfHex(receipts[0].args.currency) : "") || policy.currency;
    cases.push({
      caseCommitment: id,
      agency: c.agency.toLowerCase(),
      corridor: c.corridor,
      class: caseClass,
      chainStatus: CASE_STATUS_NAMES[c.status] ?? String(c.status),
      openedAt: isoTime(c.openedAt),
      closedAt: c.closedAt ? isoTime(c.closedAt) : null,
      contractAnchored: c.contractVersions > 0,
      contractStart: contractStart === undefined ? null : (startDate ?? null),
      currency,
      workerPaid: currencyUnits(c.workerPaidTotal, currency),
      employerPaid: currencyUnits(c.employerPaidTotal, currency),
      capAtClosure: open ? null : currencyUnits(cap, currency),
      receiptCount: c.receiptCount,
      receiptFilesFound: found,
      findings,
      flags: flagsByCase.get(id) ?? [],
      workerPaidMinor: c.workerPaidTotal,
      employerPaidMinor: c.employerPaidTotal,
    });
  }
  const unanchoredReceiptFiles = files
    ? [...files].filter(([hash]) => !matchedFiles.has(hash)).map(([, name]) => name)
    : [];
  const iso = (t?: number) => (t === undefined ? undefined : isoTime(t));
  return {
    scope: {
      agency: options.agency,
      corridor: options.corridor,
      from: iso(options.from),
      to: iso(options.to),
      toBlock,
      asOf: isoTime(now),
    },
    cases: cases.map(({ workerPaidMinor: _w, employerPaidMinor: _e, ...audit }) => audit),
    totals: {
      byCorridor: totalsBy(cases, (c) => c.corridor),
      byAgency: totalsBy(cases, (c) => c.agency),
      byMonthOpened: totalsBy(cases, (c) => c.openedAt.slice(0, 7)),
      byMonthClosed: totalsBy(
        cases.filter((c) => c.closedAt !== null),
        (c) => (c.closedAt ?? "").slice(0, 7),
      ),
    },
    contractStarts: { source: options.contractStartSource ?? null, openWithoutKnownStart },
    unanchoredReceiptFiles,
    receiptFilesWithoutSalt: given?.withoutSalt ?? [],
    summary: totalsOf(cases),
  };
}

const isoTime = (seconds: number) => new Date(seconds * 1000).toISOString();
