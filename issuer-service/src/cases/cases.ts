/**
 * Recruitment cases as the agency runs them: open (salted commitment on chain), upload the contract
 * document, anchor it with the agency's and the employer's EIP-712 signatures, record fee receipts,
 * close with the receipts' Merkle root, and erase. Personal data and documents go only into the
 * case's encrypted vault; the chain sees commitments, hashes, addresses and amounts. Contracts and
 * receipts are committed with a secret salt each (common/src/commitment.ts), kept in the vault: a plain
 * hash of a templated document would let anyone confirm a guessed passport number against the chain.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { ZeroHash, getAddress, verifyTypedData } from "ethers";
import {
  buildMerkleBatch,
  corridorId,
  currencyBytes,
  documentCommitment,
  documentHash,
  newDocumentSalt,
  CaseStatus,
  Payer,
  fairLedgerDomain,
  employmentContractTypedData,
  feeTotals,
} from "@fairledger/common/node";
import { ServiceError } from "../errors.ts";
import { audit, truncateWal, type Db } from "../store/database.ts";
import type { CaseVault } from "../store/case-vault.ts";
import type { IdempotencyAnswers } from "../store/idempotency-answers.ts";
import type { Ledger } from "../chain/ledger.ts";
import { LicenceStatusCache } from "../chain/licence-cache.ts";
import type { Principal } from "../keys/identities.ts";

export interface WorkerData {
  name: string;
  passportNumber: string;
  birthDate: string;
  nationality: string;
}

export interface ContractTerms {
  employerName: string;
  jobTitle: string;
  worksiteCountry: string;
  contractStart: string;
  contractMonths: number;
  monthlyWage: { amount: string; currency: string };
}

export interface CaseRow {
  id: string;
  agency_id: string;
  case_commitment: string;
  corridor: string;
  employer_address: string;
  currency: string | null;
  status: "opening" | "open" | "contract-uploaded" | "contract-anchored" | "Closed" | "ClosedInBreach";
  open_tx: string | null;
  contract_hash: string | null;
  contract_tx: string | null;
  receipts_root: string | null;
  close_tx: string | null;
  created_at: number;
  erased_at: number | null;
}



export class Cases {
  readonly #db: Db;
  readonly #vault: CaseVault;
  readonly #ledger: Ledger;
  readonly #licences: LicenceStatusCache;
  readonly #answers: IdempotencyAnswers | undefined;

  /**
   * `licences` remembers positive licence answers briefly (see LicenceStatusCache); default: none.
   * `answers`: the stored idempotency answers, tombstoned with the case on erasure.
   */
  constructor(db: Db, vault: CaseVault, ledger: Ledger, licences = new LicenceStatusCache(0), answers?: IdempotencyAnswers) {
    this.#db = db;
    this.#vault = vault;
    this.#ledger = ledger;
    this.#licences = licences;
    this.#answers = answers;
  }

  /** Forget any remembered licence answer for `agency` (its status was just changed through this service). */
  forgetLicence(agency: string): void {
    this.#licences.forget(agency);
  }

  /** The case, if `principal` is its agency; otherwise the same 404 as an unknown case (no probing). */
  get(principal: Principal, caseId: string): CaseRow {
    const row = this.#db.prepare("SELECT * FROM cases WHERE id = ?").get(caseId) as CaseRow | undefined;
    if (!row || row.agency_id !== principal.id) throw new ServiceError("ERR_NOT_FOUND", `no case ${caseId} of this agency`);
    return row;
  }

  /**
   * Refuses unless the agency's licence is valid now on chain. Returns the latest block's time: a
   * credential's issue time is never later than it, so a verifier asking `wasLicensedAt(iat)` asks
   * about a moment the chain has already seen. A positive answer may come from the short-lived licence
   * cache (`licenceCacheMs`); the block time is always asked.
   */
  async requireLicensed(agency: Principal): Promise<number> {
    if (agency.kind !== "agency" || !agency.jurisdiction) throw new ServiceError("ERR_FORBIDDEN", "only agencies do this");
    const [licensed, blockTime] = await Promise.all([
      this.#licences.isLicensedNow(agency.address, agency.jurisdiction, () =>
        this.#ledger.isLicensedNow(agency.address, agency.jurisdiction!),
      ),
      this.#ledger.latestBlockTime(),
    ]);
    if (!licensed) {
      throw new ServiceError(
        "ERR_AGENCY_NOT_LICENSED",
        `agency ${agency.did} holds no licence of ${agency.jurisdiction} valid now on chain`,
      );
    }
    return blockTime;
  }

  /**
   * Opens a case write-ahead: the row (status `opening`), its key, salt and the worker's data commit
   * before the transaction is sent, so a crash in between never leaves an on-chain case whose salt is
   * lost; `reconcileOpening` settles such rows at the next start.
   */
  async open(agency: Principal, input: { corridor: string; employer: string; worker: WorkerData }): Promise<CaseRow> {
    await this.requireLicensed(agency);
    const id = randomUUID();
    const salt = randomBytes(32);
    const caseCommitment = documentHash(Buffer.concat([salt, Buffer.from(id, "utf8")]));
    const corridor = corridorId(input.corridor);
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO cases (id, agency_id, case_commitment, corridor, employer_address, status, created_at)
           VALUES (?, ?, ?, ?, ?, 'opening', ?)`,
        )
        .run(id, agency.id, caseCommitment, input.corridor, getAddress(input.employer), Date.now());
      this.#vault.createCaseKey(id, salt);
      this.#vault.put(id, "worker", JSON.stringify(input.worker));
    })();
    let receipt;
    try {
      receipt = await this.#ledger.send(agency.address, (ledger) => ledger.getFunction("openCase")(caseCommitment, corridor));
    } catch (error) {
      // Refused by the contract: nothing is on chain, so nothing is kept. Unreachable: left for reconciliation.
      if (error instanceof ServiceError && error.code === "ERR_CHAIN_REJECTED") this.#discard(id, agency.did, error.message);
      throw error;
    }
    this.#markOpen(id, agency.did, caseCommitment, input.corridor, receipt.hash);
    return this.get(agency, id);
  }

  /** Settles cases left `opening` by a crash or outage: open if the chain has them, else discarded. */
  async reconcileOpening(): Promise<{ opened: number; discarded: number }> {
    const rows = this.#db.prepare("SELECT * FROM cases WHERE status = 'opening'").all() as CaseRow[];
    let opened = 0;
    for (const row of rows) {
      const onChain = await this.#ledger.reader.getFunction("caseOf")(row.case_commitment);
      if (Number(onChain.status) !== CaseStatus.None) {
        const events = await this.#ledger.reader.queryFilter(this.#ledger.reader.filters.CaseOpened!(row.case_commitment));
        this.#markOpen(row.id, "system", row.case_commitment, row.corridor, events[0]?.transactionHash ?? null);
        opened++;
      } else {
        this.#discard(row.id, "system", "its openCase transaction never reached the chain");
      }
    }
    return { opened, discarded: rows.length - opened };
  }

  #markOpen(id: string, actor: string, caseCommitment: string, corridor: string, tx: string | null): void {
    this.#db.transaction(() => {
      this.#db.prepare("UPDATE cases SET status = 'open', open_tx = ? WHERE id = ?").run(tx, id);
      audit(this.#db, actor, "case.opened", id, { caseCommitment, corridor, tx });
    })();
  }

  #discard(id: string, actor: string, reason: string): void {
    this.#db.transaction(() => {
      this.#vault.erase(id);
      this.#db.prepare("DELETE FROM cases WHERE id = ? AND status = 'opening'").run(id);
      audit(this.#db, actor, "case.discarded", id, { reason });
    })();
  }

  /** Stores the contract document and terms; returns what agency and employer sign (EIP-712). */
  async uploadContract(agency: Principal, caseId: string, document: Buffer, terms: ContractTerms) {
    const row = this.get(agency, caseId);
    this.#requireNotErased(row);
    if (row.status !== "open" && row.status !== "contract-uploaded") {
      throw new ServiceError("ERR_CONFLICT", `case ${caseId} is ${row.status}: the contract can no longer be replaced`);
    }
    const contractSalt = newDocumentSalt();
    const contractHash = documentCommitment(document, contractSalt);
    this.#db.transaction(() => {
      this.#vault.put(caseId, "contract-document", document);
      // Erased with the case: afterwards nobody can link the on-chain commitment to a document.
      this.#vault.put(caseId, "contract-salt", contractSalt);
      this.#vault.put(caseId, "contract-terms", JSON.stringify(terms));
      this.#db.prepare("UPDATE cases SET status = 'contract-uploaded', contract_hash = ? WHERE id = ?").run(contractHash, caseId);
      audit(this.#db, agency.did, "case.contract-uploaded", caseId, { contractHash });
    })();
    return { contractHash, ...(await this.signingRequest(agency, caseId)) };
  }

  /** The secret salt of the case's contract commitment (for the worker's credential and the employer). */
  contractSalt(caseId: string): string {
    const salt = this.#vault.get(caseId, "contract-salt");
    if (!salt) throw new ServiceError("ERR_CONFLICT", `case ${caseId} has no contract yet`);
    return salt.toString("utf8");
  }

  /**
   * What the employer signs (EIP-712), with the contract salt: the employer holds the document and may
   * check for itself that `contractHash` commits to it (`documentCommitment(document, contractSalt)`).
   */
  async signingRequest(agency: Principal, caseId: string) {
    const row = this.get(agency, caseId);
    if (!row.contract_hash) throw new ServiceError("ERR_CONFLICT", `case ${caseId} has no contract yet`);
    const domain = fairLedgerDomain(this.#ledger.manifest.chainId, this.#ledger.address);
    const message = {
      caseCommitment: row.case_commitment,
      contractHash: row.contract_hash,
      previousContractHash: ZeroHash,
      employer: row.employer_address,
    };
    const digest = (await this.#ledger.reader.getFunction("contractDigest")(
      message.caseCommitment,
      message.contractHash,
      message.previousContractHash,
      message.employer,
    )) as string;
    return {
      typedData: employmentContractTypedData(domain, message),
      digest,
      contractSalt: this.contractSalt(caseId),
    };
  }

  async anchorContract(agency: Principal, caseId: string, employerSignature: string): Promise<CaseRow> {
    await this.requireLicensed(agency);
    const row = this.get(agency, caseId);
    this.#requireNotErased(row);
    if (row.status !== "contract-uploaded") throw new ServiceError("ERR_CONFLICT", `case ${caseId} is ${row.status}`);
    const { typedData } = await this.signingRequest(agency, caseId);
    let signer: string;
    try {
      signer = verifyTypedData(typedData.domain, typedData.types, typedData.message, employerSignature);
    } catch {
      throw new ServiceError("ERR_INPUT_INVALID", "employerSignature is not an EIP-712 signature", {
        errors: [{ pointer: "#/employerSignature", detail: "malformed signature" }],
      });
    }
    if (signer !== row.employer_address) {
      throw new ServiceError(
        "ERR_INPUT_INVALID",
        `employerSignature was made by ${signer}, not the case's employer ${row.employer_address}`,
        {
          errors: [{ pointer: "#/employerSignature", detail: "signed by another account" }],
        },
      );
    }
    const agencySignature = await this.#ledger.signTypedData(agency.address, typedData.domain, typedData.types, typedData.message);
    const receipt = await this.#ledger.send(agency.address, (ledger) =>
      ledger.getFunction("anchorEmploymentContract")(
        row.case_commitment,
        row.contract_hash,
        ZeroHash,
        row.employer_address,
        agencySignature,
        employerSignature,
      ),
    );
    this.#db.transaction(() => {
      this.#db.prepare("UPDATE cases SET status = 'contract-anchored', contract_tx = ? WHERE id = ?").run(receipt.hash, caseId);
      audit(this.#db, agency.did, "case.contract-anchored", caseId, { contractHash: row.contract_hash, tx: receipt.hash });
    })();
    return this.get(agency, caseId);
  }

  async recordReceipt(
    agency: Principal,
    caseId: string,
    input: { document: Buffer; payer: "employer" | "worker"; amount: string; currency: string; category: number },
  ) {
    await this.requireLicensed(agency);
    const row = this.get(agency, caseId);
    if (row.status === "Closed" || row.status === "ClosedInBreach") throw new ServiceError("ERR_CONFLICT", `case ${caseId} is closed`);
    this.#requireNotErased(row);
    // The salt is stored before the commitment is sent: a crash in between never leaves an on-chain
    // receipt whose salt is lost (a refused one leaves an unused salt, erased with the case).
    const receiptSalt = newDocumentSalt();
    const receiptHash = documentCommitment(input.document, receiptSalt);
    this.#vault.put(caseId, `receipt-salt:${receiptHash}`, receiptSalt);
    const receipt = await this.#ledger.send(agency.address, (ledger) =>
      ledger.getFunction("recordFeeReceipt")(
        row.case_commitment,
        receiptHash,
        input.payer === "worker" ? Payer.Worker : Payer.Employer,
        BigInt(input.amount),
        currencyBytes(input.currency),
        input.category,
      ),
    );
    this.#db.transaction(() => {
      this.#db
        .prepare("INSERT INTO receipts (case_id, receipt_hash, payer, amount, currency, category, tx_hash) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .run(caseId, receiptHash, input.payer, input.amount, input.currency, input.category, receipt.hash);
      this.#db.prepare("UPDATE cases SET currency = ? WHERE id = ?").run(input.currency, caseId);
      audit(this.#db, agency.did, "case.receipt-recorded", caseId, {
        receiptHash,
        payer: input.payer,
        amount: input.amount,
        tx: receipt.hash,
      });
    })();
    // The agency keeps the salt with the receipt document and hands both to an inspector (audit-fees --receipts).
    return { receiptHash, receiptSalt, transactionHash: receipt.hash, blockNumber: receipt.blockNumber };
  }

  /** The secret salt of one recorded receipt's commitment (undefined if unknown); ERR_DATA_ERASED once the case is erased. */
  receiptSalt(caseId: string, receiptHash: string): string | undefined {
    return this.#vault.get(caseId, `receipt-salt:${receiptHash}`)?.toString("utf8");
  }

  receipts(caseId: string) {
    return this.#db.prepare("SELECT * FROM receipts WHERE case_id = ? ORDER BY rowid").all(caseId) as {
      receipt_hash: string;
      payer: "employer" | "worker";
      amount: string;
      currency: string;
    }[];
  }

  async close(agency: Principal, caseId: string): Promise<CaseRow> {
    await this.requireLicensed(agency);
    const row = this.get(agency, caseId);
    if (row.status !== "contract-anchored")
      throw new ServiceError("ERR_CONFLICT", `case ${caseId} is ${row.status}: anchor the contract first`);
    const receipts = this.receipts(caseId);
    const receiptsRoot = receipts.length ? buildMerkleBatch(receipts.map((r) => r.receipt_hash)).root : ZeroHash;
    const totals = feeTotals(receipts);
    const receipt = await this.#ledger.send(agency.address, (ledger) =>
      ledger.getFunction("closeCase")(row.case_commitment, receiptsRoot, totals.receiptCount, totals.workerPaidTotal, totals.employerPaidTotal),
    );
    const onChain = await this.#ledger.reader.getFunction("caseOf")(row.case_commitment);
    const status = Number(onChain.status) === CaseStatus.ClosedInBreach ? "ClosedInBreach" : "Closed";
    this.#db.transaction(() => {
      this.#db
        .prepare("UPDATE cases SET status = ?, receipts_root = ?, close_tx = ? WHERE id = ?")
        .run(status, receiptsRoot, receipt.hash, caseId);
      audit(this.#db, agency.did, "case.closed", caseId, { status, receiptsRoot, tx: receipt.hash });
    })();
    return this.get(agency, caseId);
  }

  /**
   * Crypto-shredding: destroys the case key, commitment salt and encrypted blobs, turns the case's
   * stored idempotency answers into tombstones, deletes its pickup offers (a live code would only lead
   * to a 410; the holder key a wallet proved is the worker's), and says so in the audit log — one
   * transaction. Then the WAL is truncated so no pre-erasure page survives in it (secure_delete has
   * zeroed the deleted bytes in the pages themselves).
   *
   * Credentials the worker already holds are not touched: they stay signed, anchored and verifiable
   * (the worker's own proof of employment); their digests, status and anchor proofs stay served, and the
   * agency can still revoke one by digest if the worker asks.
   */
  erase(agency: Principal, caseId: string, reason: string): CaseRow {
    const row = this.get(agency, caseId);
    this.#requireNotErased(row);
    this.#db.transaction(() => {
      this.#vault.erase(caseId);
      this.#answers?.eraseCase(caseId);
      this.#db.prepare("DELETE FROM offers WHERE case_id = ?").run(caseId);
      this.#db.prepare("UPDATE cases SET erased_at = ? WHERE id = ?").run(Date.now(), caseId);
      audit(this.#db, agency.did, "case.erased", caseId, {
        reason,
        destroyed: [
          "case data key",
          "commitment salt",
          "personal data",
          "contract document",
          "contract and receipt commitment salts",
          "issued credentials and their disclosure salts",
          "stored answers to its requests",
          "its pickup offers",
        ],
      });
    })();
    truncateWal(this.#db);
    return this.get(agency, caseId);
  }

  #requireNotErased(row: CaseRow): void {
    if (row.erased_at) throw new ServiceError("ERR_DATA_ERASED", `personal data of case ${row.id} was erased`);
  }

  worker(caseId: string): WorkerData {
    return this.#vault.getJson<WorkerData>(caseId, "worker")!;
  }

  terms(caseId: string): ContractTerms {
    return this.#vault.getJson<ContractTerms>(caseId, "contract-terms")!;
  }
}
