/**
 * Credential pickup, the OpenID4VCI pre-authorized code flow: an agency makes an offer (one-time
 * 10-character code, 10-minute expiry, stored only as a hash); the wallet exchanges it once at
 * `/token` for a short-lived bearer token and a `c_nonce`; at `/credential` it proves possession of its
 * holder key and receives the credential bound to that key. Codes and tokens are single use.
 *
 * Nothing that grants access is stored in clear: codes are kept as keyed hashes, tokens and nonces as
 * SHA-256 hashes, and an offer's answer is never stored for Idempotency-Key replays. A replay (the agency lost the answer, so nobody
 * holds that code) gets the same offer with a fresh code that replaces the lost one (`refreshOffer`).
 */
import { createHash, randomBytes, randomInt, randomUUID } from "node:crypto";
import QRCode from "qrcode";
import { isCredentialType, type CredentialType } from "@fairledger/common";
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

export const PRE_AUTHORIZED_GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code";
// No 0/O/1/I/L: codes are read aloud and typed from paper.
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const CODE_LENGTH = 10;

/** Answers that mean "wrong proof for this offer" (not a format mismatch or an outage): counted per offer. */
const WRONG_PROOF = new Set(["invalid_proof", "invalid_nonce", "invalid_token"]);

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** The kind of Idempotency-Key replay that rebuilds an offer answer with a fresh code (see http/idempotency.ts). */
export const OFFER_REPLAY = "pickup-offer";

const newCode = () =>
  Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");

export function configurationId(type: CredentialType, format: CredentialFormat): string {
  return format === "vc-jwt" ? `${type}_jwt_vc_json` : type;
}

export class Pickup {
  readonly #db: Db;
  readonly #store: Repositories;
  readonly #cases: Cases;
  readonly #issuer: CredentialIssuer;
  readonly #identities: Identities;
  readonly #issuerUrl: () => string;
  readonly #codeTtlMs: number;
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
     * only ~49.5 bits, so a plain hash could be brute-forced by whoever reads the database; tokens and
     * nonces (128–256 random bits) are kept as plain SHA-256.
     */
    codeHash: (code: string) => string;
    tokenTtlSeconds: number;
    /** Wrong proofs an offer survives (default 5); the next one invalidates it. */
    maxFailedAttempts?: number;
    now?: () => number;
  }) {
    this.#db = deps.db;
    this.#store = repositoriesOf(deps.db);
    this.#cases = deps.cases;
    this.#issuer = deps.issuer;
    this.#identities = deps.identities;
    this.#issuerUrl = deps.issuerUrl;
    this.#codeTtlMs = deps.codeTtlSeconds * 1000;
    this.#tokenTtlMs = deps.tokenTtlSeconds * 1000;
    this.#codeHash = deps.codeHash;
    this.#now = deps.now ?? Date.now;
    this.#failed = new FailedAttempts(deps.maxFailedAttempts ?? 5, this.#now);
  }

  /** A new offer; `offerId` names it for a replay of the answer (`refreshOffer`), `answer` goes to the agency. */
  async createOffer(agency: Principal, caseId: string, type: CredentialType, format: CredentialFormat) {
    await this.#cases.requireLicensed(agency);
    // Fails now (not at pickup) when the case is not ready for this credential.
    this.#issuer.caseSubject(agency, caseId, type, "did:jwk:placeholder");
    const code = newCode();
    const offerId = randomUUID();
    const expiresAt = this.#now() + this.#codeTtlMs;
    atomically(this.#db, () => {
      this.#store.offers.insert({
        offerId,
        codeHash: this.#codeHash(code),
        caseId,
        principalId: agency.id,
        credentialType: `${type}|${format}`,
        expiresAt,
      });
      this.#store.audit.record(agency.did, "offer.created", caseId, { type, format, expiresAt });
    });
    return { offerId, answer: await this.#offerAnswer(code, expiresAt, type, format) };
  }

  /**
   * The answer of an offer whose first answer was lost: the same offer (type, case, expiry) with a fresh
   * code; the old code stops working. Refused once a wallet redeemed the offer or it expired: the code
   * is then of no use to anyone, and a new offer is the way on.
   */
  async refreshOffer(principalId: string, offerId: string) {
    const now = this.#now();
    const offer = this.#store.offers.byId(offerId, principalId);
    if (!offer) throw new ServiceError("ERR_NOT_FOUND", "the offer of this Idempotency-Key no longer exists");
    if (offer.redeemed_at !== null)
      throw new ServiceError(
        "ERR_CONFLICT",
        "the offer of this Idempotency-Key was already redeemed by a wallet: make a new offer",
      );
    if (offer.expires_at <= now)
      throw new ServiceError("ERR_CONFLICT", "the offer of this Idempotency-Key has expired: make a new offer");
    const code = newCode();
    atomically(this.#db, () => {
      if (!this.#store.offers.replaceCode(offerId, this.#codeHash(code), now))
        throw new ServiceError(
          "ERR_CONFLICT",
          "the offer of this Idempotency-Key was redeemed meanwhile: make a new offer",
        );
      this.#store.audit.record(
        this.#identities.byId(principalId)?.did ?? principalId,
        "offer.code-replaced",
        offer.case_id,
        { offerId },
      );
    });
    const [type, format] = offer.credential_type.split("|") as [CredentialType, CredentialFormat];
    return this.#offerAnswer(code, offer.expires_at, type, format);
  }

  async #offerAnswer(code: string, expiresAt: number, type: CredentialType, format: CredentialFormat) {
    const offer = {
      credential_issuer: this.#issuerUrl(),
      credential_configuration_ids: [configurationId(type, format)],
      grants: { [PRE_AUTHORIZED_GRANT]: { "pre-authorized_code": code } },
    };
    const credentialOfferUri = `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`;
    const qrPng = await QRCode.toBuffer(credentialOfferUri, {
      type: "png",
      errorCorrectionLevel: "M",
      margin: 2,
      scale: 4,
    });
    return {
      preAuthorizedCode: code,
      expiresAt: new Date(expiresAt).toISOString(),
      credentialOffer: offer,
      credentialOfferUri,
      qrCodePng: `data:image/png;base64,${qrPng.toString("base64")}`,
    };
  }

  /** `/token`: exchanges a pre-authorized code once, while it is fresh. */
  token(code: string) {
    const now = this.#now();
    const accessToken = randomBytes(32).toString("base64url");
    const cNonce = randomBytes(16).toString("base64url");
    const redeemed = this.#store.offers.redeem(this.#codeHash(code), {
      now,
      tokenHash: sha256(accessToken),
      tokenExpiresAt: now + this.#tokenTtlMs,
      cNonceHash: sha256(cNonce),
    });
    if (!redeemed)
      throw new ServiceError("invalid_grant", "the pre-authorized code is unknown, already used or expired");
    return {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: Math.floor(this.#tokenTtlMs / 1000),
      c_nonce: cNonce,
      c_nonce_expires_in: Math.floor(this.#tokenTtlMs / 1000),
    };
  }

  /** `/credential`: checks the bearer token and the proof of possession, then issues once. */
  async credential(accessToken: string, proofJwt: string, format: string): Promise<IssuedCredential> {
    const now = this.#now();
    const offer = this.#store.offers.byTokenHash(sha256(accessToken));
    if (!offer || (offer.token_expires_at ?? 0) <= now) {
      throw new ServiceError("invalid_token", "the access token is unknown or expired");
    }
    try {
      return await this.#credentialFor(offer, proofJwt, format, now);
    } catch (error) {
      if (error instanceof ServiceError && WRONG_PROOF.has(error.code)) this.#countFailure(offer, now);
      throw error;
    }
  }

  /** One more wrong proof on `offer`; at the limit its code and token stop working, for good. */
  #countFailure(offer: OfferRow, now: number): void {
    if (!this.#failed.fail(offer.code_hash, Math.max(offer.expires_at, offer.token_expires_at ?? 0))) return;
    atomically(this.#db, () => {
      this.#store.offers.invalidate(offer.code_hash, now);
      this.#store.audit.record("system", "offer.invalidated", offer.case_id ?? "", {
        reason: "too many failed proofs",
      });
    });
  }

  async #credentialFor(offer: OfferRow, proofJwt: string, format: string, now: number): Promise<IssuedCredential> {
    const [type, offeredFormat] = offer.credential_type.split("|") as [string, CredentialFormat];
    const wantedFormat = format === "jwt_vc_json" ? "vc-jwt" : format;
    if (wantedFormat !== offeredFormat)
      throw new ServiceError(
        "unsupported_credential_format",
        `this offer is for format ${offeredFormat === "vc-jwt" ? "jwt_vc_json" : offeredFormat}`,
      );
    if (!isCredentialType(type)) throw new ServiceError("ERR_INTERNAL", "offer has an unknown credential type");
    if (offer.credential_digest) return this.#again(offer, proofJwt, now, type, offeredFormat);
    let holderJwk;
    try {
      holderJwk = this.#holderKeyProvenBy(proofJwt, offer.c_nonce ?? "", now);
    } catch (error) {
      if (error instanceof ServiceError && error.code === "invalid_nonce") {
        // OpenID4VCI: answer a nonce error with a fresh c_nonce.
        const fresh = randomBytes(16).toString("base64url");
        this.#store.offers.setNonce(offer.code_hash, sha256(fresh));
        throw new ServiceError("invalid_nonce", error.message, { c_nonce: fresh });
      }
      throw error;
    }
    // The nonce is spent before issuing, so a proof can never be replayed into a second credential.
    if (!this.#store.offers.spendNonce(offer.code_hash, offer.c_nonce))
      throw new ServiceError("invalid_nonce", "proof nonce already used");
    const agency = expectPresent(this.#identities.byId(offer.principal_id), `principal ${offer.principal_id}`);
    return this.#issuer.issueForCase(agency, offer.case_id, type, holderJwk, offeredFormat, (issued) =>
      this.#store.offers.recordIssued(offer.code_hash, issued.digest, JSON.stringify(holderJwk)),
    );
  }

  /** The holder's public key, once the proof JWT shows it is addressed to this issuer, fresh and on the nonce. */
  #holderKeyProvenBy(proofJwt: string, nonceHash: string, now: number) {
    return verifyProofOfPossession(proofJwt, {
      audience: this.#issuerUrl(),
      nonceHash,
      nowSeconds: Math.floor(now / 1000),
    });
  }

  /**
   * The token was already used: a wallet whose answer got lost retries with the same proof (same key,
   * same nonce) and receives the same credential — nothing new is issued. Anything else is refused.
   */
  #again(
    offer: OfferRow,
    proofJwt: string,
    now: number,
    type: CredentialType,
    format: CredentialFormat,
  ): IssuedCredential {
    let holderJwk;
    try {
      holderJwk = this.#holderKeyProvenBy(proofJwt, offer.spent_nonce ?? "", now);
    } catch {
      throw new ServiceError("invalid_token", "the access token was already used for a credential");
    }
    if (JSON.stringify(holderJwk) !== offer.holder_jwk)
      throw new ServiceError("invalid_token", "the access token was already used for a credential");
    // A used token has its credential recorded (recordIssued) in the commit that spent it.
    const digest = expectPresent(offer.credential_digest, `the credential issued for offer ${offer.case_id}`);
    const credential = this.#issuer.storedCredential(offer.case_id, digest);
    if (!credential) throw new ServiceError("ERR_DATA_ERASED", "the credential was erased");
    return { credential, digest, format, type };
  }
}
