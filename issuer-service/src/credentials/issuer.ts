/**
 * Turns a case (or a licence decision) into a signed credential, stores it and queues its digest for
 * anchoring — all of the local writes in one SQLite transaction, so a crash leaves either nothing or a
 * credential that will be anchored.
 */
import { randomUUID } from "node:crypto";
import {
  credentialDigest,
  didJwk,
  ethrDid,
  feeTotals,
  feesChargedToWorker,
  LicenceStatus,
  SCHEMA_FILE,
  SUBJECT_SCHEMAS,
  toPublicJwk,
  type CredentialType,
  type PublicJwk,
} from "@fairledger/common/node";
import { ServiceError } from "../errors.ts";
import type { Db } from "../store/database.ts";
import { atomically } from "../store/repository.ts";
import { repositoriesOf, type Repositories } from "../store/repositories.ts";
import { GroupCommit } from "../store/group-commit.ts";
import type { CaseVault } from "../store/case-vault.ts";
import type { Ledger } from "../chain/ledger.ts";
import type { Identities, Principal } from "../keys/identities.ts";
import type { CredentialSigners } from "../keys/signers.ts";
import type { Cases } from "../cases/cases.ts";
import { AnchoringOutbox } from "../anchoring/outbox.ts";
import { issueSdJwtVc, type CredentialDraft } from "./sd-jwt-vc.ts";
import { issueVcJwt } from "./vc-jwt.ts";

export type CredentialFormat = "vc+sd-jwt" | "vc-jwt";

export interface IssuedCredential {
  credential: string;
  digest: string;
  format: CredentialFormat;
  type: CredentialType;
}

const DAY_MS = 24 * 3600 * 1000;

export class CredentialIssuer {
  readonly #db: Db;
  readonly #store: Repositories;
  readonly #vault: CaseVault;
  readonly #ledger: Ledger;
  readonly #kms: CredentialSigners;
  readonly #cases: Cases;
  readonly #identities: Identities;
  readonly #schemaBaseUrl: () => string;
  readonly #now: () => number;
  readonly #commits: GroupCommit;
  readonly #newCredentialId: () => string;

  constructor(deps: {
    db: Db;
    vault: CaseVault;
    ledger: Ledger;
    kms: CredentialSigners;
    cases: Cases;
    identities: Identities;
    schemaBaseUrl: () => string;
    now?: () => number;
    /** Shares durable commits between concurrent issuances (one per database). */
    commits?: GroupCommit;
    /** New credential identifiers (`jti`); injected by tests that try to reuse one. */
    newCredentialId?: () => string;
  }) {
    this.#db = deps.db;
    this.#store = repositoriesOf(deps.db);
    this.#vault = deps.vault;
    this.#ledger = deps.ledger;
    this.#kms = deps.kms;
    this.#cases = deps.cases;
    this.#identities = deps.identities;
    this.#schemaBaseUrl = deps.schemaBaseUrl;
    this.#now = deps.now ?? Date.now;
    this.#commits = deps.commits ?? new GroupCommit(deps.db);
    this.#newCredentialId = deps.newCredentialId ?? (() => `urn:uuid:${randomUUID()}`);
  }

  /** The case's subject claims for `type`, checked against the published schema. */
  caseSubject(agency: Principal, caseId: string, type: CredentialType, holderDid: string): Record<string, unknown> {
    const row = this.#cases.get(agency, caseId);
    if (row.erased_at) throw new ServiceError("ERR_DATA_ERASED", `personal data of case ${caseId} was erased`);
    const worker = this.#cases.worker(caseId);
    let subject: Record<string, unknown>;
    if (type === "EmploymentContractCredential") {
      if (row.status === "open" || row.status === "contract-uploaded") {
        throw new ServiceError("ERR_CONFLICT", `case ${caseId} has no anchored employment contract yet`);
      }
      const terms = this.#cases.terms(caseId);
      subject = {
        id: holderDid,
        caseCommitment: row.case_commitment,
        corridor: row.corridor,
        contractHash: row.contract_hash,
        contractSalt: this.#cases.contractSalt(caseId),
        employerName: terms.employerName,
        employerId: row.employer_address,
        jobTitle: terms.jobTitle,
        worksiteCountry: terms.worksiteCountry,
        contractStart: terms.contractStart,
        contractMonths: terms.contractMonths,
        workerName: worker.name,
        passportNumber: worker.passportNumber,
        birthDate: worker.birthDate,
        nationality: worker.nationality,
        monthlyWage: terms.monthlyWage,
      };
    } else if (type === "RecruitmentFeeStatement") {
      if (row.status !== "Closed" && row.status !== "ClosedInBreach") {
        throw new ServiceError("ERR_CONFLICT", `case ${caseId} is not closed: the fee statement is issued at closure`);
      }
      const receipts = this.#cases.receipts(caseId);
      const { workerPaidTotal, receiptCount } = feeTotals(receipts);
      subject = {
        id: holderDid,
        caseCommitment: row.case_commitment,
        corridor: row.corridor,
        workerPaidTotal: workerPaidTotal.toString(),
        currency: row.currency ?? receipts[0]?.currency ?? "XXX",
        feesChargedToWorker: feesChargedToWorker(workerPaidTotal),
        receiptsRoot: row.receipts_root,
        receiptCount,
        caseStatus: row.status,
        workerName: worker.name,
        passportNumber: worker.passportNumber,
      };
    } else {
      throw new ServiceError(
        "ERR_INPUT_INVALID",
        "an agency licence credential is issued by an authority, not from a case",
        {
          errors: [{ pointer: "#/credentialType", detail: "not a case credential" }],
        },
      );
    }
    return this.#checkSubject(type, subject);
  }

  /**
   * Issues a case credential to `holderJwk` and queues it for anchoring. Resolves only once the
   * credential, its vault copy, its outbox row, its audit entry and `alsoCommit`'s writes are durable
   * (one savepoint in a group commit shared with concurrent issuances).
   */
  async issueForCase(
    agency: Principal,
    caseId: string,
    type: CredentialType,
    holderJwk: PublicJwk,
    format: CredentialFormat,
    /** Runs inside the issuing transaction (e.g. marking a pickup offer as used, storing the HTTP answer). */
    alsoCommit?: (issued: IssuedCredential) => void,
  ): Promise<IssuedCredential> {
    const { blockTime, principal } = await this.#signingMoment(agency, () => this.#cases.requireLicensed(agency));
    const subject = this.caseSubject(principal, caseId, type, didJwk(holderJwk));
    const now = Math.min(this.#now(), blockTime * 1000);
    const credentialId = this.#newCredentialId();
    const credential = await this.#sign(format, {
      id: credentialId,
      type,
      issuerDid: principal.did,
      kid: principal.signingKid,
      signer: await this.#kms.jwsSigner(principal.signingKey),
      subject,
      holderJwk: toPublicJwk(holderJwk as never),
      validFrom: new Date(now),
      validUntil: new Date(now + 3 * 365 * DAY_MS),
      schemaUrl: this.schemaUrl(type),
    });
    const issued: IssuedCredential = { credential, digest: credentialDigest(credential), format, type };
    await this.#commits.run(() => {
      this.#store.credentials.insert({
        digest: issued.digest,
        caseId,
        issuerId: principal.id,
        credentialId,
        type,
        format,
        createdAt: now,
      });
      this.#vault.put(caseId, `credential:${issued.digest}`, credential);
      AnchoringOutbox.enqueue(this.#db, issued.digest, principal.address, now);
      alsoCommit?.(issued);
      this.#store.audit.record(principal.did, "credential.issued", caseId, { digest: issued.digest, type, format });
    });
    return issued;
  }

  /**
   * The latest block time to issue at, and the principal's signing key current at that moment: `iat`
   * = min(now, block time) must not predate the block that made the key (or the licence) valid. The
   * block time may be a shared or briefly reused answer (Ledger.latestBlockTime), so it is asked only
   * when no key or licence change is under way, and the key is read after it arrives; if such a change
   * started or ended meanwhile, both are asked again.
   */
  async #signingMoment(
    principal: Principal,
    blockTime: () => Promise<number>,
  ): Promise<{ blockTime: number; principal: Principal }> {
    for (let attempt = 0; attempt < 5; attempt++) {
      await this.#ledger.issuerStateSettled();
      const version = this.#ledger.issuerStateVersion;
      const time = await blockTime();
      const current = this.#identities.byId(principal.id) ?? principal;
      if (this.#ledger.issuerStateVersion === version) return { blockTime: time, principal: current };
    }
    throw new ServiceError("ERR_CHAIN_UNREACHABLE", "the issuer's keys or licence kept changing; retry");
  }

  /**
   * An authority licenses an agency in one step: signs the licence credential, then puts the licence on
   * chain with the credential's digest as its document hash (renewing an existing, non-revoked licence).
   */
  async issueLicence(
    authority: Principal,
    input: {
      agency: string;
      agencyName: string;
      licenceNumber: string;
      validFrom: string;
      validUntil: string;
      holderJwk?: PublicJwk;
      format: CredentialFormat;
    },
  ): Promise<IssuedCredential & { transactionHash: string; blockNumber: number }> {
    if (authority.kind !== "authority" || !authority.jurisdiction)
      throw new ServiceError("ERR_FORBIDDEN", "only licensing authorities issue licences");
    const agencyAddress = input.agency.startsWith("did:")
      ? input.agency.slice(input.agency.lastIndexOf(":") + 1)
      : input.agency;
    const validFrom = new Date(input.validFrom);
    const validUntil = new Date(input.validUntil);
    if (!(validUntil > validFrom)) {
      throw new ServiceError("ERR_INPUT_INVALID", "validUntil must be after validFrom", {
        errors: [{ pointer: "#/validUntil", detail: "not after validFrom" }],
      });
    }
    const subject = this.#checkSubject("AgencyLicenceCredential", {
      id: ethrDid(this.#ledger.manifest.chainId, agencyAddress),
      jurisdiction: authority.jurisdiction,
      agencyName: input.agencyName,
      licenceNumber: input.licenceNumber,
      validFrom: validFrom.toISOString(),
      validUntil: validUntil.toISOString(),
    });
    // The credential is issued now (never after the latest block, so its key and the issuer's state at
    // `iat` are on chain); the licence window is the subject's validFrom/validUntil.
    const moment = await this.#signingMoment(authority, () => this.#ledger.latestBlockTime());
    const issuedAt = Math.min(this.#now(), moment.blockTime * 1000);
    const credentialId = this.#newCredentialId();
    const credential = await this.#sign(input.format, {
      id: credentialId,
      type: "AgencyLicenceCredential",
      issuerDid: authority.did,
      kid: moment.principal.signingKid,
      signer: await this.#kms.jwsSigner(moment.principal.signingKey),
      subject,
      holderJwk: input.holderJwk ? toPublicJwk(input.holderJwk as never) : undefined,
      validFrom: new Date(issuedAt),
      validUntil,
      schemaUrl: this.schemaUrl("AgencyLicenceCredential"),
    });
    const digest = credentialDigest(credential);
    const current = await this.#ledger.licenceOf(agencyAddress);
    const from = Math.floor(validFrom.getTime() / 1000);
    const until = Math.floor(validUntil.getTime() / 1000);
    // Active or Suspended licences are renewed (same jurisdiction only: the contract checks it).
    const renew = current.status === LicenceStatus.Active || current.status === LicenceStatus.Suspended;
    // A licence change: block times asked before it are not reused for the agency's next credentials.
    const receipt = await this.#ledger
      .changeIssuerState(() =>
        this.#ledger.send(authority.address, (ledger) =>
          renew
            ? ledger.renewLicence(agencyAddress, digest, until)
            : ledger.issueLicence(agencyAddress, digest, from, until),
        ),
      )
      .finally(() => this.#cases.forgetLicence(agencyAddress));
    const now = this.#now();
    atomically(this.#db, () => {
      this.#store.credentials.insert({
        digest,
        caseId: null,
        issuerId: authority.id,
        credentialId,
        type: "AgencyLicenceCredential",
        format: input.format,
        createdAt: now,
      });
      // Anchored directly as the licence's document hash: recorded as a one-record "batch" already anchored.
      AnchoringOutbox.recordAnchored(
        this.#db,
        digest,
        authority.address,
        { txHash: receipt.hash, blockNumber: receipt.blockNumber },
        now,
      );
      this.#store.audit.record(authority.did, renew ? "licence.renewed" : "licence.issued", subject.id as string, {
        digest,
        tx: receipt.hash,
      });
    });
    return {
      credential,
      digest,
      format: input.format,
      type: "AgencyLicenceCredential",
      transactionHash: receipt.hash,
      blockNumber: receipt.blockNumber,
    };
  }

  schemaUrl(type: CredentialType): string {
    return `${this.#schemaBaseUrl()}/schemas/${SCHEMA_FILE[type]}`;
  }

  #checkSubject(type: CredentialType, subject: Record<string, unknown>): Record<string, unknown> {
    const result = SUBJECT_SCHEMAS[type].safeParse(subject);
    if (!result.success) {
      throw new ServiceError(
        "ERR_CONFLICT",
        `the stored data does not make a valid ${type}: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      );
    }
    return subject;
  }

  #sign(format: CredentialFormat, draft: CredentialDraft): Promise<string> {
    return format === "vc-jwt" ? issueVcJwt(draft) : issueSdJwtVc(draft);
  }

  /** A credential issued for a case, as stored (encrypted) with the case; gone after erasure. */
  storedCredential(caseId: string, digest: string): string | undefined {
    return this.#vault.get(caseId, `credential:${digest}`)?.toString("utf8");
  }

  /** Local status of a credential (`null` when unknown). */
  status(digest: string): "active" | "suspended" | "revoked" | "rejected" | null {
    return this.#store.credentials.byDigest(digest)?.status ?? null;
  }

  identities(): Identities {
    return this.#identities;
  }
}
