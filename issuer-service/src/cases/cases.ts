/**
 * Recruitment cases as the agency runs them: open (salted commitment on chain), upload the contract
 * document, anchor it with the agency's and the employer's EIP-712 signatures, record fee receipts,
 * close with the receipts' Merkle root, and erase. Each step is a use case of its own in
 * src/use-cases/ (rules, chain calls, repository writes); this object binds them to the service's
 * database, vault, chain and licence check, so routes, pickup and issuance call them by name.
 *
 * Personal data and documents go only into the case's encrypted vault; the chain sees commitments,
 * hashes, addresses and amounts. Contracts and receipts are committed with a secret salt each
 * (common/src/commitment.ts), kept in the vault: a plain hash of a templated document would let anyone
 * confirm a guessed passport number against the chain.
 */
import type { Db } from "../store/database.ts";
import { repositoriesOf } from "../store/repositories.ts";
import type { CaseRow, ReceiptRow } from "../store/cases-repository.ts";
import type { CaseVault } from "../store/case-vault.ts";
import type { IdempotencyAnswers } from "../store/idempotency-answers.ts";
import type { Ledger } from "../chain/ledger.ts";
import { LicenceStatusCache } from "../chain/licence-cache.ts";
import type { Principal } from "../store/principals-repository.ts";
import { agencyCase, type CaseServices } from "../use-cases/case-services.ts";
import { AgencyLicences } from "../use-cases/agency-licences.ts";
import { openCase, type WorkerData } from "../use-cases/open-case.ts";
import { reconcileOpeningCases } from "../use-cases/reconcile-opening-cases.ts";
import { uploadContract, type ContractTerms } from "../use-cases/upload-contract.ts";
import { contractSigningRequest } from "../use-cases/contract-signing-request.ts";
import { anchorContract } from "../use-cases/anchor-contract.ts";
import { recordFeeReceipt } from "../use-cases/record-fee-receipt.ts";
import { closeCase } from "../use-cases/close-case.ts";
import { eraseCase } from "../use-cases/erase-case.ts";
import { caseTerms, caseWorker, contractSalt, receiptSalt } from "../use-cases/case-data.ts";

export type { CaseRow } from "../store/cases-repository.ts";
export type { WorkerData } from "../use-cases/open-case.ts";
export type { ContractTerms } from "../use-cases/upload-contract.ts";

export class Cases {
  readonly #services: CaseServices;

  /**
   * `licences` remembers positive licence answers briefly (see LicenceStatusCache); default: none.
   * `answers`: the stored idempotency answers, tombstoned with the case on erasure.
   */
  constructor(
    db: Db,
    vault: CaseVault,
    ledger: Ledger,
    licences = new LicenceStatusCache(0),
    answers?: IdempotencyAnswers,
    now: () => number = Date.now,
  ) {
    this.#services = {
      db,
      store: repositoriesOf(db),
      vault,
      ledger,
      licences: new AgencyLicences(ledger, licences),
      answers,
      now,
    };
  }

  /** What its use cases run with: issuance (use-cases/issue-case-credential.ts) builds on the same. */
  get services(): CaseServices {
    return this.#services;
  }

  /** Forget any remembered licence answer for `agency` (its status was just changed through this service). */
  forgetLicence(agency: string): void {
    this.#services.licences.forget(agency);
  }

  /** The case, if `principal` is its agency; otherwise the same 404 as an unknown case (no probing). */
  get(principal: Principal, caseId: string): CaseRow {
    return agencyCase(this.#services, principal, caseId);
  }

  /** Refuses unless the agency's licence is valid now on chain; returns the latest block's time. */
  requireLicensed(agency: Principal): Promise<number> {
    return this.#services.licences.requireLicensed(agency);
  }

  open(agency: Principal, input: { corridor: string; employer: string; worker: WorkerData }): Promise<CaseRow> {
    return openCase(this.#services, agency, input);
  }

  reconcileOpening(): Promise<{ opened: number; discarded: number }> {
    return reconcileOpeningCases(this.#services);
  }

  uploadContract(agency: Principal, caseId: string, document: Buffer, terms: ContractTerms) {
    return uploadContract(this.#services, agency, caseId, document, terms);
  }

  contractSalt(caseId: string): string {
    return contractSalt(this.#services, caseId);
  }

  signingRequest(agency: Principal, caseId: string) {
    return contractSigningRequest(this.#services, agency, caseId);
  }

  anchorContract(agency: Principal, caseId: string, employerSignature: string): Promise<CaseRow> {
    return anchorContract(this.#services, agency, caseId, employerSignature);
  }

  recordReceipt(
    agency: Principal,
    caseId: string,
    input: { document: Buffer; payer: "employer" | "worker"; amount: string; currency: string; category: number },
  ) {
    return recordFeeReceipt(this.#services, agency, caseId, input);
  }

  receiptSalt(caseId: string, receiptHash: string): string | undefined {
    return receiptSalt(this.#services, caseId, receiptHash);
  }

  receipts(caseId: string): ReceiptRow[] {
    return this.#services.store.cases.receipts(caseId);
  }

  close(agency: Principal, caseId: string): Promise<CaseRow> {
    return closeCase(this.#services, agency, caseId);
  }

  erase(agency: Principal, caseId: string, reason: string): CaseRow {
    return eraseCase(this.#services, agency, caseId, reason);
  }

  worker(caseId: string): WorkerData {
    return caseWorker(this.#services, caseId);
  }

  terms(caseId: string): ContractTerms {
    return caseTerms(this.#services, caseId);
  }
}
