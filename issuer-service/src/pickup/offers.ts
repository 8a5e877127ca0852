/**
 * The agency's side of pickup: making an offer (one-time code, optional tx_code PIN, its own lifetime) and
 * giving an unredeemed offer a fresh code — when the first answer was lost (an Idempotency-Key replay) or
 * the code expired or was blocked (a renewal). The answer holds the code and PIN; neither is stored in
 * clear, and the PIN is never part of the offer, its link or its QR code.
 */
import { randomUUID } from "node:crypto";
import QRCode from "qrcode";
import type { CredentialType } from "@fairledger/common";
import { ServiceError, expectPresent } from "../errors.ts";
import type { Db } from "../store/database.ts";
import { atomically } from "../store/repository.ts";
import { repositoriesOf, type Repositories } from "../store/repositories.ts";
import type { OfferRow } from "../store/offers-repository.ts";
import type { Principal, Identities } from "../keys/identities.ts";
import type { Cases } from "../cases/cases.ts";
import type { CredentialFormat, CredentialIssuer } from "../credentials/issuer.ts";
import { newCode, newTxCode } from "./codes.ts";
import { OFFER_FORMATS, configurationId } from "./configurations.ts";
import { PRE_AUTHORIZED_GRANT, offered, txCodeHash } from "./offer-row.ts";

/** What an agency asks for when it makes an offer. */
export interface OfferOptions {
  /** Only this format; omitted: both configurations of the type, and the worker's wallet chooses. */
  format?: CredentialFormat;
  /** Ask for a PIN of this many digits at `/token`. */
  txCodeLength?: number;
  /** This offer's code lifetime instead of the service's default. */
  codeTtlSeconds?: number;
}

export class PickupOffers {
  readonly #db: Db;
  readonly #store: Repositories;
  readonly #cases: Cases;
  readonly #issuer: CredentialIssuer;
  readonly #identities: Identities;
  readonly #issuerUrl: () => string;
  readonly #codeTtlMs: number;
  readonly #codeHash: (code: string) => string;
  readonly #now: () => number;

  constructor(deps: {
    db: Db;
    cases: Cases;
    issuer: CredentialIssuer;
    identities: Identities;
    issuerUrl: () => string;
    codeTtlMs: number;
    codeHash: (code: string) => string;
    now: () => number;
  }) {
    this.#db = deps.db;
    this.#store = repositoriesOf(deps.db);
    this.#cases = deps.cases;
    this.#issuer = deps.issuer;
    this.#identities = deps.identities;
    this.#issuerUrl = deps.issuerUrl;
    this.#codeTtlMs = deps.codeTtlMs;
    this.#codeHash = deps.codeHash;
    this.#now = deps.now;
  }

  /** A new offer; `offerId` names it for a replay of the answer (`refresh`), `answer` goes to the agency. */
  async create(agency: Principal, caseId: string, type: CredentialType, options: OfferOptions = {}) {
    await this.#cases.requireLicensed(agency);
    // Fails now (not at pickup) when the case is not ready for this credential.
    this.#issuer.caseSubject(agency, caseId, type, "did:jwk:placeholder");
    const formats = options.format ? [options.format] : [...OFFER_FORMATS];
    const code = newCode();
    const offerId = randomUUID();
    const txCodeLength = options.txCodeLength;
    const txCode = txCodeLength === undefined ? undefined : newTxCode(txCodeLength);
    const codeTtlMs = options.codeTtlSeconds === undefined ? this.#codeTtlMs : options.codeTtlSeconds * 1000;
    const expiresAt = this.#now() + codeTtlMs;
    atomically(this.#db, () => {
      this.#store.offers.insert({
        offerId,
        codeHash: this.#codeHash(code),
        caseId,
        principalId: agency.id,
        credentialType: `${type}|${formats.join(",")}`,
        expiresAt,
        codeTtlMs,
        txCodeHash: txCode === undefined ? null : txCodeHash(this.#codeHash, offerId, txCode),
        txCodeLength: txCodeLength ?? null,
      });
      this.#store.audit.record(agency.did, "offer.created", caseId, {
        offerId,
        type,
        formats,
        txCode: txCode !== undefined,
        expiresAt,
      });
    });
    return { offerId, answer: await this.#offerAnswer(offerId, code, txCode, expiresAt, type, formats) };
  }

  /**
   * The answer of an offer whose first answer was lost: the same offer (type, case, expiry) with a fresh
   * code and PIN; the old ones stop working. Refused once a wallet redeemed the offer or it expired: the
   * code is then of no use to anyone, and renewing it (`renew`) is the way on.
   */
  async refresh(principalId: string, offerId: string) {
    const offer = this.#store.offers.byId(offerId, principalId);
    if (!offer) throw new ServiceError("ERR_NOT_FOUND", "the offer of this Idempotency-Key no longer exists");
    if (offer.expires_at <= this.#now() && offer.redeemed_at === null)
      throw new ServiceError(
        "ERR_CONFLICT",
        `the offer of this Idempotency-Key has expired: renew its code (POST /cases/${offer.case_id}/offers/${offerId}/code)`,
      );
    return this.#replaceCode(offer, offer.expires_at, "offer.code-replaced");
  }

  /**
   * A fresh code (and PIN) for an unredeemed offer of this agency's case: expired, blocked after wrong
   * attempts, or lost. It lives the offer's own lifetime (or `codeTtlSeconds`) from now.
   */
  async renew(agency: Principal, caseId: string, offerId: string, codeTtlSeconds?: number) {
    const offer = this.#store.offers.byId(offerId, agency.id);
    if (!offer || offer.case_id !== caseId) throw new ServiceError("ERR_NOT_FOUND", "no such offer for this case");
    await this.#cases.requireLicensed(agency);
    this.#issuer.caseSubject(agency, caseId, offered(offer).type, "did:jwk:placeholder");
    const ttlMs = codeTtlSeconds !== undefined ? codeTtlSeconds * 1000 : (offer.code_ttl_ms ?? this.#codeTtlMs);
    return this.#replaceCode(offer, this.#now() + ttlMs, "offer.code-renewed");
  }

  async #replaceCode(offer: OfferRow, expiresAt: number, action: string) {
    const offerId = expectPresent(offer.offer_id, "the offer's id");
    if (offer.redeemed_at !== null)
      throw new ServiceError("ERR_CONFLICT", "this offer was already redeemed by a wallet: make a new offer");
    const code = newCode();
    const txCode = offer.tx_code_length === null ? undefined : newTxCode(offer.tx_code_length);
    atomically(this.#db, () => {
      const replaced = this.#store.offers.replaceCode(offerId, {
        codeHash: this.#codeHash(code),
        txCodeHash: txCode === undefined ? null : txCodeHash(this.#codeHash, offerId, txCode),
        expiresAt,
      });
      if (!replaced)
        throw new ServiceError("ERR_CONFLICT", "this offer was redeemed by a wallet meanwhile: make a new offer");
      this.#store.audit.record(
        this.#identities.byId(offer.principal_id)?.did ?? offer.principal_id,
        action,
        offer.case_id,
        { offerId, expiresAt },
      );
    });
    const { type, formats } = offered(offer);
    return this.#offerAnswer(offerId, code, txCode, expiresAt, type, formats);
  }

  async #offerAnswer(
    offerId: string,
    code: string,
    txCode: string | undefined,
    expiresAt: number,
    type: CredentialType,
    formats: CredentialFormat[],
  ) {
    const grant: Record<string, unknown> = { "pre-authorized_code": code };
    if (txCode !== undefined)
      grant.tx_code = {
        input_mode: "numeric",
        length: txCode.length,
        description: "The PIN your agency gave you separately",
      };
    const offer = {
      credential_issuer: this.#issuerUrl(),
      credential_configuration_ids: formats.map((format) => configurationId(type, format)),
      grants: { [PRE_AUTHORIZED_GRANT]: grant },
    };
    const credentialOfferUri = `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`;
    const qrPng = await QRCode.toBuffer(credentialOfferUri, {
      type: "png",
      errorCorrectionLevel: "M",
      margin: 2,
      scale: 4,
    });
    return {
      offerId,
      preAuthorizedCode: code,
      // Never in the offer, its link or its QR code: the agency gives it to the worker by another way.
      ...(txCode !== undefined ? { txCode } : {}),
      expiresAt: new Date(expiresAt).toISOString(),
      credentialOffer: offer,
      credentialOfferUri,
      qrCodePng: `data:image/png;base64,${qrPng.toString("base64")}`,
    };
  }
}
