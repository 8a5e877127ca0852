/**
 * What the issuance use cases work with — the case services (repositories, vault, chain, licence
 * check, clock) plus the credential signers, the identities, the group commit and the credential
 * identifiers — and the steps every issuance shares: the moment to sign at, the subject checked against
 * its published schema, and the signature in the requested format.
 */
import {
  SCHEMA_FILE,
  SUBJECT_SCHEMAS,
  fairLedgerContextUrl,
  vctUrl,
  type CredentialType,
} from "@fairledger/common/node";
import { ServiceError } from "../errors.ts";
import type { GroupCommit } from "../store/group-commit.ts";
import type { Identities } from "../keys/identities.ts";
import type { Principal } from "../store/principals-repository.ts";
import type { CredentialSigners } from "../keys/signers.ts";
import { issueSdJwtVc, type CredentialDraft } from "../credentials/sd-jwt-vc.ts";
import { issueVcJwt } from "../credentials/vc-jwt.ts";
import type { CaseServices } from "./case-services.ts";
import type { StatusLists, StatusReservation } from "../status-list/status-lists.ts";
import type { KidVersions } from "../credentials/kid-versions.ts";

export type CredentialFormat = "vc+sd-jwt" | "vc-jwt";

export interface IssuedCredential {
  credential: string;
  digest: string;
  format: CredentialFormat;
  type: CredentialType;
}

export interface IssuanceServices extends CaseServices {
  kms: CredentialSigners;
  identities: Identities;
  /** The public base URL the credential schemas are published under. */
  schemaBaseUrl: () => string;
  /** Shares durable commits between concurrent issuances (one per database). */
  commits: GroupCommit;
  /** New credential identifiers (`jti`); injected by tests that try to reuse one. */
  newCredentialId: () => string;
  /** The issuers' Token Status Lists (an index for each SD-JWT VC). */
  statusLists: StatusLists;
  /** The base of the `vct` URLs (config `vctBaseUrl`, by default the public URL). */
  vctBaseUrl: () => string;
  /** The signing key id with its DID document version, as credentials carry it in `kid`. */
  kidVersions: KidVersions;
}

export function vctOf(services: IssuanceServices, type: CredentialType): string {
  return vctUrl(services.vctBaseUrl(), type);
}

/**
 * Signs with a status list index for an SD-JWT VC (none for a VC-JWT: FairLedger's VC-JWTs keep the chain
 * as their only status). `commit` runs the caller's commit with the index recorded inside it; the
 * index is released from its in-memory reservation whatever happens.
 */
export async function signWithStatus<T>(
  services: IssuanceServices,
  issuer: Principal,
  format: CredentialFormat,
  draft: CredentialDraft,
  commit: (credential: string, reservation: StatusReservation | undefined) => Promise<T>,
): Promise<T> {
  const reservation = format === "vc-jwt" ? undefined : services.statusLists.reserve(issuer);
  try {
    const credential = await signCredential(format, { ...draft, status: reservation?.reference });
    return await commit(credential, reservation);
  } finally {
    reservation?.release();
  }
}

export function schemaUrl(services: IssuanceServices, type: CredentialType): string {
  return `${services.schemaBaseUrl()}/schemas/${SCHEMA_FILE[type]}`;
}

/** The served FairLedger JSON-LD context every credential names (after the VCDM context). */
export function contextUrl(services: IssuanceServices): string {
  return fairLedgerContextUrl(services.schemaBaseUrl());
}

/** `subject` if it is a valid `type` subject; the stored data does not make one otherwise (409). */
export function checkedSubject(type: CredentialType, subject: Record<string, unknown>): Record<string, unknown> {
  const result = SUBJECT_SCHEMAS[type].safeParse(subject);
  if (!result.success) {
    throw new ServiceError(
      "ERR_CONFLICT",
      `the stored data does not make a valid ${type}: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  return subject;
}

export function signCredential(format: CredentialFormat, draft: CredentialDraft): Promise<string> {
  return format === "vc-jwt" ? issueVcJwt(draft) : issueSdJwtVc(draft);
}

/**
 * The latest block time to issue at, and the principal's signing key current at that moment: `iat`
 * = min(now, block time) must not predate the block that made the key (or the licence) valid. The
 * block time may be a shared or briefly reused answer (Ledger.latestBlockTime), so it is asked only
 * when no key or licence change is under way, and the key is read after it arrives; if such a change
 * started or ended meanwhile, both are asked again.
 */
/**
 * How far the chain's clock may run ahead of this service's and still give a credential its `iat`: within
 * the verifiers' clock skew (60 s by default), so such an `iat` is accepted.
 */
const CHAIN_AHEAD_TOLERANCE_MS = 30_000;

/**
 * A credential's `iat` (ms) from the signing moment's latest block time: never after that block (the key and
 * licence state at `iat` are on chain), and never before it either when the chain's clock runs a little
 * ahead of this service's — else a credential signed right after a key rotation would carry an `iat` before
 * the block that published its key, and every verifier would refuse the key. A chain far ahead (a clock
 * fault, which `fairledger-admin doctor` reports) keeps this service's time.
 */
export function issuedAtMs(services: IssuanceServices, blockTime: number): number {
  const now = services.now();
  const blockMs = blockTime * 1000;
  return blockMs <= now + CHAIN_AHEAD_TOLERANCE_MS ? blockMs : now;
}

export async function signingMoment(
  services: IssuanceServices,
  principal: Principal,
  blockTime: () => Promise<number>,
): Promise<{ blockTime: number; principal: Principal }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    await services.ledger.issuerStateSettled();
    const version = services.ledger.issuerStateVersion;
    const time = await blockTime();
    const current = services.identities.byId(principal.id) ?? principal;
    if (services.ledger.issuerStateVersion === version) return { blockTime: time, principal: current };
  }
  throw new ServiceError("ERR_CHAIN_UNREACHABLE", "the issuer's keys or licence kept changing; retry");
}
