/**
 * Credential pickup, the OpenID4VCI 1.0 pre-authorized code flow: an agency makes an offer (offers.ts:
 * one-time 10-character code, 48 hours by default, optionally guarded by a tx_code PIN given to the worker
 * apart); the wallet exchanges the code (and PIN) once at `/token` for a short-lived bearer token, fetches
 * a `c_nonce` at `/nonce`, and at `/credential` proves possession of its holder key for one of the offered
 * configurations. One offer gives one credential, in the format the wallet chose.
 *
 * Nothing that grants access is stored in clear: codes and PINs are kept as keyed hashes, tokens and
 * nonces as SHA-256 hashes.
 */
import { createHash, randomBytes } from "node:crypto";
import type { CredentialType } from "@fairledger/common";
import type { PublicJwk } from "@fairledger/common/node";
import { ServiceError, expectPresent } from "../errors.ts";
import type { Db } from "../store/database.ts";
import { atomically } from "../store/repository.ts";
import { repositoriesOf, type Repositories } from "../store/repositories.ts";
import type { OfferRow } from "../store/offers-repository.ts";
import type { Principal, Identities } from "../keys/identities.ts";
import type { Cases } from "../cases/cases.ts";
import type { CredentialFormat, CredentialIssuer, IssuedCredential } from "../credentials/issuer.ts";
import { verifyProofOfPossession } from "./proof-of-possession.ts";
import { FailedAttempts } from "./failed-attempts.ts";
import { normalizeCode } from "./codes.ts";
import { configurationId, parseConfigurationId } from "./configurations.ts";
import { draftFormat } from "./draft-shapes.ts";
import { offered, txCodeHash } from "./offer-row.ts";
import { PickupOffers, type OfferOptions } from "./offers.ts";

export { configurationId } from "./configurations.ts";
export { PRE_AUTHORIZED_GRANT } from "./offer-row.ts";
export type { OfferOptions } from "./offers.ts";

/** Answers that mean "wrong proof for this offer" (not a format mismatch or an outage): counted per offer. */
const WRONG_PROOF = new Set(["invalid_proof", "invalid_nonce", "invalid_token"]);

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/**
 * What a contract document is, for the wallet to show it: text when its bytes are UTF-8 (a wallet shows it
 * in full), a PDF by its magic bytes, else plain bytes. Uploads carry no media type of their own.
 */
export function contractMediaType(document: Uint8Array): string {
  if (Buffer.from(document.subarray(0, 5)).toString("latin1") === "%PDF-") return "application/pdf";
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(document);
    return "text/plain; charset=utf-8";
  } catch {
    return "application/octet-stream";
  }
}

/** The kind of Idempotency-Key replay that rebuilds an offer answer with a fresh code (see http/idempotency.ts). */
export const OFFER_REPLAY = "pickup-offer";

/**
 * Why a code was refused at `/token`, sent as `reason` beside `invalid_grant`/`invalid_request` so a wallet
 * tells the worker what to do (retype it, ask for a fresh one, enter the PIN). Telling "unknown" from
 * "expired" reveals nothing useful to a guesser: codes have ~49.5 bits and `/token` is rate limited.
 */
export type CodeRefusal = "unknown" | "used" | "expired" | "blocked" | "tx_code_required" | "tx_code_wrong";

/** A credential request reduced to what issuing needs, whichever shape (1.0 or draft) it came in. */
export interface CredentialRequest {
  proofJwt: string;
  /** 1.0, and some draft wallets: the configuration chosen from the offer. */
  configurationId?: string;
  /** Draft 13/14: the format identifier instead of a configuration id. */
  format?: string;
}

function refuseCode(reason: CodeRefusal, message: string): never {
  const code = reason === "tx_code_required" ? "invalid_request" : "invalid_grant";
  throw new ServiceError(code, message, { reason });
}

export class Pickup {
  readonly #db: Db;
  readonly #store: Repositories;
  readonly #issuer: CredentialIssuer;
  readonly #identities: Identities;
  readonly #issuerUrl: () => string;
  readonly #offers: PickupOffers;
  readonly #tokenTtlMs: number;
  readonly #now: () => number;
  readonly #failed: FailedAttempts;
  readonly #codeHash: (code: string) => string;

  constructor(deps: {
    db: Db;
    cases: Cases;
    issuer: CredentialIssuer;
    identities: Identities;
    issuerUrl: () => string;
    codeTtlSeconds: number;
    /**
     * How a pickup code is stored: a keyed hash (the service's, see CaseVault.keyedHash). A code has
     * only ~49.5 bits and a PIN far fewer, so a plain hash could be brute-forced by whoever reads the
     * database; tokens and nonces (128–256 random bits) are kept as plain SHA-256.
     */
    codeHash: (code: string) => string;
    /** Lifetime of an access token and of a c_nonce. */
    tokenTtlSeconds: number;
    /** Wrong proofs or PINs an offer survives (default 5); the next one blocks it. */
    maxFailedAttempts?: number;
    now?: () => number;
  }) {
    this.#db = deps.db;
    this.#store = repositoriesOf(deps.db);
    this.#issuer = deps.issuer;
    this.#identities = deps.identities;
    this.#issuerUrl = deps.issuerUrl;
    this.#tokenTtlMs = deps.tokenTtlSeconds * 1000;
    this.#codeHash = deps.codeHash;
    this.#now = deps.now ?? Date.now;
    this.#failed = new FailedAttempts(deps.maxFailedAttempts ?? 5, this.#now);
    this.#offers = new PickupOffers({ ...deps, codeTtlMs: deps.codeTtlSeconds * 1000, now: this.#now });
  }

  /** See PickupOffers.create. */
  createOffer(agency: Principal, caseId: string, type: CredentialType, options: OfferOptions = {}) {
    return this.#offers.create(agency, caseId, type, options);
  }

  /** See PickupOffers.refresh: the answer of an Idempotency-Key replay, with a fresh code. */
  refreshOffer(principalId: string, offerId: string) {
    return this.#offers.refresh(principalId, offerId);
  }

  /** See PickupOffers.renew: a fresh code for an expired, blocked or lost offer. */
  renewOffer(agency: Principal, caseId: string, offerId: string, codeTtlSeconds?: number) {
    return this.#offers.renew(agency, caseId, offerId, codeTtlSeconds);
  }

  /** `/nonce` (1.0 §7): a fresh single-use c_nonce for key proofs. */
  nonce(): { c_nonce: string; c_nonce_expires_in: number } {
    const now = this.#now();
    const cNonce = randomBytes(16).toString("base64url");
    this.#store.nonces.issue(sha256(cNonce), now + this.#tokenTtlMs, now);
    return { c_nonce: cNonce, c_nonce_expires_in: Math.floor(this.#tokenTtlMs / 1000) };
  }

  /**
   * `/token`: exchanges a pre-authorized code (in any case, spaces and hyphens ignored) and, when the
   * offer has one, its PIN, once, while it is fresh. A wrong PIN counts as a failed attempt on the offer.
   */
  token(typedCode: string, txCode: string | undefined) {
    const now = this.#now();
    const codeHash = this.#codeHash(normalizeCode(typedCode));
    const offer = this.#store.offers.byCodeHash(codeHash);
    if (!offer) refuseCode("unknown", "the pre-authorized code is unknown: check it for typing mistakes");
    if (offer.redeemed_at !== null) refuseCode("used", "the pre-authorized code was already used");
    if (offer.locked_at !== null)
      refuseCode(
        "blocked",
        "the pre-authorized code was blocked after too many wrong attempts: ask the agency for a fresh one",
      );
    if (offer.expires_at <= now)
      refuseCode("expired", "the pre-authorized code has expired: ask the agency for a fresh one");
    if (offer.tx_code_hash !== null) {
      if (txCode === undefined)
        refuseCode(
          "tx_code_required",
          "this offer needs its transaction code (tx_code): the PIN the agency gave apart",
        );
      if (txCodeHash(this.#codeHash, expectPresent(offer.offer_id, "the offer's id"), txCode) !== offer.tx_code_hash) {
        const blocked = this.#countFailure(offer, now);
        refuseCode(
          "tx_code_wrong",
          blocked
            ? "the transaction code is wrong, and the code is now blocked: ask the agency for a fresh one"
            : "the transaction code is wrong",
        );
      }
    }
    const accessToken = randomBytes(32).toString("base64url");
    const redeemed = this.#store.offers.redeem(codeHash, {
      now,
      tokenHash: sha256(accessToken),
      tokenExpiresAt: now + this.#tokenTtlMs,
    });
    // Another request redeemed or blocked it between the read above and this write.
    if (!redeemed) refuseCode("used", "the pre-authorized code was already used");
    const { type, formats } = offered(offer);
    return {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: Math.floor(this.#tokenTtlMs / 1000),
      // Draft 13/14 wallets take their first c_nonce from here; 1.0 wallets ask /nonce and ignore it.
      ...this.nonce(),
      // FairLedger's own: a wallet given only the bare code (typed from paper) learns what it may ask for.
      credential_configuration_ids: formats.map((format) => configurationId(type, format)),
    };
  }

  /**
   * `/credential`: checks the bearer token, the chosen configuration and the key proof, then issues once.
   * `notificationId` is what the wallet names the credential by at `/notification`.
   */
  async credential(
    accessToken: string,
    request: CredentialRequest,
  ): Promise<IssuedCredential & { notificationId: string; contractDocument?: Buffer }> {
    const now = this.#now();
    const offer = this.#liveOfferOf(accessToken, now);
    const { type, format } = this.#requested(offer, request);
    try {
      const issued = await this.#credentialFor(offer, request.proofJwt, type, format, now);
      // The worker's own contract travels with the credential that commits to it (and again on a retry).
      const contractDocument =
        type === "EmploymentContractCredential" ? this.#issuer.contractDocument(offer.case_id) : undefined;
      return {
        ...issued,
        notificationId: this.#notificationId(offer),
        ...(contractDocument ? { contractDocument } : {}),
      };
    } catch (error) {
      if (error instanceof ServiceError && WRONG_PROOF.has(error.code)) this.#countFailure(offer, now);
      throw error;
    }
  }

  /**
   * `/notification` (1.0 §11): the wallet says it stored the credential, could not, or deleted it. Only the
   * event goes into the audit log (the wallet's free-text description is not kept), so the agency can see
   * that a pickup ended in a failure and make a new offer.
   */
  notify(accessToken: string, notification: { notificationId: string; event: string }): void {
    const offer = this.#liveOfferOf(accessToken, this.#now());
    if (offer.credential_digest === null || notification.notificationId !== this.#notificationId(offer))
      throw new ServiceError("invalid_notification_id", "no credential of this access token has this notification_id");
    this.#store.audit.record("wallet", "offer.wallet-notified", offer.case_id, {
      offerId: offer.offer_id,
      event: notification.event,
    });
  }

  #liveOfferOf(accessToken: string, now: number): OfferRow {
    const offer = this.#store.offers.byTokenHash(sha256(accessToken));
    if (!offer || (offer.token_expires_at ?? 0) <= now)
      throw new ServiceError("invalid_token", "the access token is unknown or expired");
    return offer;
  }

  /** Derived, not stored: the same for a retried answer, and telling nothing about the offer. */
  #notificationId(offer: OfferRow): string {
    return this.#codeHash(`notification|${expectPresent(offer.offer_id, "the offer's id")}`).slice(0, 32);
  }

  /** The (type, format) asked for, when this offer offers it. */
  #requested(offer: OfferRow, request: CredentialRequest): { type: CredentialType; format: CredentialFormat } {
    const { type, formats } = offered(offer);
    const offeredIds = formats.map((format) => configurationId(type, format));
    if (request.configurationId !== undefined) {
      const configuration = parseConfigurationId(request.configurationId);
      if (!configuration)
        throw new ServiceError(
          "unknown_credential_configuration",
          `no credential configuration ${request.configurationId} at this issuer`,
        );
      if (configuration.type !== type || !formats.includes(configuration.format))
        throw new ServiceError(
          "unknown_credential_configuration",
          `this offer is for ${offeredIds.join(" or ")}, not ${request.configurationId}`,
        );
      return configuration;
    }
    const format = draftFormat(request.format ?? "");
    if (!format || !formats.includes(format))
      throw new ServiceError("unsupported_credential_format", `this offer is for ${offeredIds.join(" or ")}`);
    return { type, format };
  }

  /** One more wrong proof or PIN on `offer`; at the limit its code and token stop working. True when blocked now. */
  #countFailure(offer: OfferRow, now: number): boolean {
    if (!this.#failed.fail(offer.code_hash, Math.max(offer.expires_at, offer.token_expires_at ?? 0))) return false;
    atomically(this.#db, () => {
      this.#store.offers.invalidate(offer.code_hash, now);
      this.#store.audit.record("system", "offer.invalidated", offer.case_id ?? "", {
        reason: "too many failed attempts",
      });
    });
    return true;
  }

  async #credentialFor(
    offer: OfferRow,
    proofJwt: string,
    type: CredentialType,
    format: CredentialFormat,
    now: number,
  ): Promise<IssuedCredential> {
    const { holderJwk, nonceHash } = verifyProofOfPossession(proofJwt, {
      audience: this.#issuerUrl(),
      nowSeconds: Math.floor(now / 1000),
    });
    if (offer.credential_digest) return this.#again(offer, holderJwk, nonceHash, type, format);
    // The nonce is spent before issuing, so a proof can never be replayed into a second credential.
    if (!this.#store.nonces.spend(nonceHash, now)) {
      // Draft 13/14 wallets expect a fresh c_nonce with this error; 1.0 wallets call /nonce again.
      throw new ServiceError("invalid_nonce", "the proof's nonce is unknown, expired or already used", {
        ...this.nonce(),
      });
    }
    if (!this.#store.offers.claim(offer.code_hash, nonceHash))
      throw new ServiceError("invalid_token", "the access token was already used for a credential");
    const agency = expectPresent(this.#identities.byId(offer.principal_id), `principal ${offer.principal_id}`);
    try {
      return await this.#issuer.issueForCase(agency, offer.case_id, type, holderJwk, format, (issued) =>
        this.#store.offers.recordIssued(offer.code_hash, issued.digest, JSON.stringify(holderJwk)),
      );
    } catch (error) {
      this.#store.offers.releaseClaim(offer.code_hash);
      throw error;
    }
  }

  /**
   * The token was already used: a wallet whose answer got lost retries with the same proof (same key,
   * same nonce, same configuration) and receives the same credential — nothing new is issued. Anything
   * else is refused.
   */
  #again(
    offer: OfferRow,
    holderJwk: PublicJwk,
    nonceHash: string,
    type: CredentialType,
    format: CredentialFormat,
  ): IssuedCredential {
    // A used token has its credential recorded (recordIssued) in the commit that spent it.
    const digest = expectPresent(offer.credential_digest, `the credential issued for offer ${offer.case_id}`);
    const credential = this.#issuer.storedCredential(offer.case_id, digest);
    if (!credential) throw new ServiceError("ERR_DATA_ERASED", "the credential was erased");
    const issuedFormat: CredentialFormat = credential.includes("~") ? "vc+sd-jwt" : "vc-jwt";
    if (nonceHash !== offer.spent_nonce || JSON.stringify(holderJwk) !== offer.holder_jwk || issuedFormat !== format)
      throw new ServiceError("invalid_token", "the access token was already used for a credential");
    return { credential, digest, format, type };
  }
}
