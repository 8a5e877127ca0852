/**
 * The issuer's Token Status Lists: index allocation for new SD-JWT VCs and the signed list tokens served
 * at GET /status-lists/{id}.
 *
 * Allocation. An index is drawn uniformly at random among the free indices of the issuer's newest list,
 * so an index says nothing about when (or in what order) a credential was issued. A list is filled to
 * FILL_LIMIT only: the rest stay 0 forever, decoys that keep random draws cheap (rejection sampling)
 * and the list's herd large. A draw is reserved in memory until its credential commits (the credential
 * is signed, with its index, before the commit that records both), so concurrent issuances never draw
 * the same index; the reservation is dropped whether the commit succeeds or fails.
 *
 * Tokens. Built on demand from the chain-derived statuses (derive-statuses.ts), then reused until their
 * `ttl` has passed or a status of the issuer changes (`changed`, called by the use cases after the
 * chain's receipt), or the issuer's signing key rotated.
 */
import { randomBytes, randomInt } from "node:crypto";
import { STATUS_LIST_PATH, type StatusReference } from "@fairledger/common/node";
import type { Repositories } from "../store/repositories.ts";
import type { Principal } from "../store/principals-repository.ts";
import type { CredentialSigners } from "../keys/signers.ts";
import { deriveStatuses, type LicenceReads } from "./derive-statuses.ts";
import { signStatusListToken } from "./status-list-token.ts";

/** Entries per list: 2^17 two-bit entries, 32 KiB before compression (a few hundred bytes while mostly 0). */
export const STATUS_LIST_SIZE = 1 << 17;
/** A list takes new credentials until this share of it is used (expected draws per index ≤ 4). */
const FILL_LIMIT = 0.75;
/** How long a verifier may cache a token before asking again (`ttl`), seconds. */
export const STATUS_LIST_TTL_SECONDS = 300;
/** `exp - iat`: past this a verifier must not use the token at all (an offline verifier's limit), seconds. */
export const STATUS_LIST_VALIDITY_SECONDS = 24 * 3600;

export interface StatusListsDeps {
  store: Repositories;
  chain: LicenceReads;
  kms: CredentialSigners;
  /** The issuer as it is now (current signing key), by principal id. */
  principal: (id: string) => Principal | undefined;
  baseUrl: () => string;
  now: () => number;
  /** Smaller lists in tests that fill one. */
  listSize?: number;
}

/** An index held for a credential being signed: `record` it inside the credential's commit, `release` after. */
export interface StatusReservation {
  reference: StatusReference;
  record(digest: string, licenceAgency?: string): void;
  release(): void;
}

export class StatusLists {
  readonly #deps: StatusListsDeps;
  readonly #size: number;
  readonly #reserved = new Map<string, Set<number>>();
  readonly #tokens = new Map<string, { token: string; kid: string; staleAt: number; expiresAt: number }>();
  /** Bumped by every `changed`: a token built across a change is not cached. */
  #generation = 0;

  constructor(deps: StatusListsDeps) {
    this.#deps = deps;
    this.#size = deps.listSize ?? STATUS_LIST_SIZE;
  }

  uriOf(listId: string): string {
    return `${this.#deps.baseUrl()}${STATUS_LIST_PATH}${listId}`;
  }

  reserve(issuer: Principal): StatusReservation {
    const { statusLists } = this.#deps.store;
    let list = statusLists.newestOf(issuer.id);
    const held = (id: string) => this.#reserved.get(id)?.size ?? 0;
    if (!list || list.used + held(list.id) >= Math.floor(list.size * FILL_LIMIT)) {
      const id = randomBytes(12).toString("base64url");
      statusLists.create({ id, issuerId: issuer.id, size: this.#size }, this.#deps.now());
      list = { id, issuerId: issuer.id, size: this.#size, used: 0 };
    }
    const listId = list.id;
    const reserved = this.#reserved.get(listId) ?? new Set<number>();
    this.#reserved.set(listId, reserved);
    let idx: number;
    do idx = randomInt(list.size);
    while (reserved.has(idx) || statusLists.isTaken(listId, idx));
    reserved.add(idx);
    return {
      reference: { status_list: { idx, uri: this.uriOf(listId) } },
      record: (digest, licenceAgency) => statusLists.addEntry({ listId, idx, digest, licenceAgency }),
      release: () => {
        reserved.delete(idx);
        if (reserved.size === 0) this.#reserved.delete(listId);
      },
    };
  }

  /** A status of `issuerId`'s credentials changed on chain: its tokens are rebuilt on next request. */
  changed(issuerId: string): void {
    this.#generation++;
    for (const listId of this.#deps.store.statusLists.listsOf(issuerId)) this.#tokens.delete(listId);
  }

  /**
   * An agency's licence changed on chain: it decides the status of licence credentials (the authority's
   * lists) and, when revoked with an earlier effect, of the agency's own credentials. Rare: every list is rebuilt.
   */
  licenceChanged(): void {
    this.#generation++;
    this.#tokens.clear();
  }

  /** The signed token of list `listId`, or undefined when there is no such list. */
  async token(listId: string): Promise<string | undefined> {
    const list = this.#deps.store.statusLists.byId(listId);
    if (!list) return undefined;
    const issuer = this.#deps.principal(list.issuerId);
    if (!issuer) return undefined;
    const cached = this.#tokens.get(listId);
    const now = this.#deps.now();
    if (cached && cached.kid === issuer.signingKid && now < cached.staleAt) return cached.token;
    const generation = this.#generation;
    let statuses;
    try {
      statuses = await deriveStatuses(this.#deps.store.statusLists.entries(listId), issuer.address, this.#deps.chain);
    } catch (error) {
      // The chain does not answer: the last token stays usable until its own `exp` (a verifier must not
      // use it after that either), unless a change was recorded since it was made.
      if (cached && cached.kid === issuer.signingKid && now < cached.expiresAt) return cached.token;
      throw error;
    }
    const issuedAt = Math.floor(now / 1000);
    const token = signStatusListToken({
      uri: this.uriOf(listId),
      size: list.size,
      statuses,
      issuerDid: issuer.did,
      kid: issuer.signingKid,
      signer: await this.#deps.kms.jwsSigner(issuer.signingKey),
      issuedAt,
      validitySeconds: STATUS_LIST_VALIDITY_SECONDS,
      ttlSeconds: STATUS_LIST_TTL_SECONDS,
    });
    if (generation === this.#generation)
      this.#tokens.set(listId, {
        token,
        kid: issuer.signingKid,
        staleAt: (issuedAt + STATUS_LIST_TTL_SECONDS) * 1000,
        expiresAt: (issuedAt + STATUS_LIST_VALIDITY_SECONDS) * 1000,
      });
    return token;
  }
}
