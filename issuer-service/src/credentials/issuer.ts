/**
 * Credential issuance as the service runs it. Each operation is a use case of its own in
 * src/use-cases/ (issue-case-credential.ts, issue-licence.ts, case-credential-subject.ts); this object
 * binds them to the service's database, vault, chain, signers, identities and group commit, so routes
 * and pickup call them by name — as Cases does for the case use cases.
 */
import { randomUUID } from "node:crypto";
import { createDidResolver, type CredentialType, type PublicJwk } from "@fairledger/common/node";
import type { Db } from "../store/database.ts";
import { repositoriesOf } from "../store/repositories.ts";
import { GroupCommit } from "../store/group-commit.ts";
import type { CaseVault } from "../store/case-vault.ts";
import type { Ledger } from "../chain/ledger.ts";
import type { Identities, Principal } from "../keys/identities.ts";
import type { CredentialSigners } from "../keys/signers.ts";
import type { Cases } from "../cases/cases.ts";
import { type IssuanceServices, type IssuedCredential } from "../use-cases/issuance-services.ts";
import { caseCredentialSubject } from "../use-cases/case-credential-subject.ts";
import { issueCaseCredential } from "../use-cases/issue-case-credential.ts";
import { issueLicence } from "../use-cases/issue-licence.ts";
import type { StatusLists } from "../status-list/status-lists.ts";
import { KidVersions } from "./kid-versions.ts";

export type { CredentialFormat, IssuedCredential } from "../use-cases/issuance-services.ts";

export class CredentialIssuer {
  readonly #services: IssuanceServices;

  constructor(deps: {
    db: Db;
    vault: CaseVault;
    ledger: Ledger;
    kms: CredentialSigners;
    cases: Cases;
    identities: Identities;
    schemaBaseUrl: () => string;
    /** The base of the `vct` URLs; default: schemaBaseUrl (the service's public URL). */
    vctBaseUrl?: () => string;
    statusLists: StatusLists;
    now?: () => number;
    /** Shares durable commits between concurrent issuances (one per database). */
    commits?: GroupCommit;
    /** New credential identifiers (`jti`); injected by tests that try to reuse one. */
    newCredentialId?: () => string;
    /** Versions the signing key ids (`?versionId=`); by default a stock did:ethr resolver on the ledger's provider. */
    kidVersions?: KidVersions;
  }) {
    this.#services = {
      ...deps.cases.services,
      db: deps.db,
      store: repositoriesOf(deps.db),
      vault: deps.vault,
      ledger: deps.ledger,
      now: deps.now ?? Date.now,
      kms: deps.kms,
      identities: deps.identities,
      schemaBaseUrl: deps.schemaBaseUrl,
      vctBaseUrl: deps.vctBaseUrl ?? deps.schemaBaseUrl,
      statusLists: deps.statusLists,
      commits: deps.commits ?? new GroupCommit(deps.db),
      newCredentialId: deps.newCredentialId ?? (() => `urn:uuid:${randomUUID()}`),
      kidVersions:
        deps.kidVersions ??
        // The ledger's own provider: its timeouts and transport (rpcUrl is then unused).
        new KidVersions(createDidResolver(deps.ledger.manifest, "", deps.ledger.provider)),
    };
  }

  /**
   * Learns the versioned kid of each issuing principal's signing key (agencies and authorities; all of
   * them by default) while the chain answers, so that issuance during a later outage still names the
   * version (kid-versions.ts). Never fails: a key it cannot learn now is learnt at its first issuance.
   */
  async learnKidVersions(principals: readonly Principal[] = this.#services.identities.all()): Promise<void> {
    await Promise.all(
      principals
        .filter((principal) => principal.kind === "agency" || principal.kind === "authority")
        .map((principal) => this.#services.kidVersions.versioned(principal.signingKid).catch(() => undefined)),
    );
  }

  /** The case's subject claims for `type`, checked against the published schema. */
  caseSubject(agency: Principal, caseId: string, type: CredentialType, holderDid: string): Record<string, unknown> {
    return caseCredentialSubject(this.#services, agency, caseId, type, holderDid);
  }

  /** See use-cases/issue-case-credential.ts: resolves once the credential and `alsoCommit`'s writes are durable. */
  issueForCase(
    agency: Principal,
    caseId: string,
    type: CredentialType,
    holderJwk: PublicJwk,
    format: IssuedCredential["format"],
    alsoCommit?: (issued: IssuedCredential) => void,
  ): Promise<IssuedCredential> {
    return issueCaseCredential(this.#services, agency, caseId, type, holderJwk, format, alsoCommit);
  }

  /** See use-cases/issue-licence.ts: the licence credential, then the licence on chain. */
  issueLicence(authority: Principal, input: Parameters<typeof issueLicence>[2]) {
    return issueLicence(this.#services, authority, input);
  }

  /** A credential issued for a case, as stored (encrypted) with the case; gone after erasure. */
  storedCredential(caseId: string, digest: string): string | undefined {
    return this.#services.vault.get(caseId, `credential:${digest}`)?.toString("utf8");
  }

  /** A case's employment contract document, as uploaded (sealed with the case); gone after erasure. */
  contractDocument(caseId: string): Buffer | undefined {
    return this.#services.vault.get(caseId, "contract-document");
  }

  /** Local status of a credential (`null` when unknown). */
  status(digest: string): "active" | "suspended" | "revoked" | "rejected" | null {
    return this.#services.store.credentials.byDigest(digest)?.status ?? null;
  }
}
