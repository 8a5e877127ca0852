/**
 * API keys: random, shown once, stored as SHA-256 hashes, several per principal, each with a label,
 * creation time, optional expiry, last use, and a revocation time. Keys authenticate a principal; the
 * principal owns its cases, so creating, rotating or revoking a key never touches case data. Every key
 * event (created, rotated, revoked, expired, bootstrapped, reissued) goes to the audit log in the same
 * commit as the change.
 *
 * Why a plain SHA-256 and not a password hash (scrypt/argon2): a key is 256 random bits, so there is no
 * dictionary to try and a slow hash buys nothing; an unsalted fast hash also lets the lookup be one
 * indexed equality per request. Password hashing exists for low-entropy secrets chosen by people.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { ServiceError, expectPresent } from "../errors.ts";
import type { Db } from "../store/database.ts";
import { atomically } from "../store/repository.ts";
import { repositoriesOf } from "../store/repositories.ts";
import type { ApiKeyRow, ApiKeysRepository } from "../store/api-keys-repository.ts";
import type { AuditLog } from "../store/audit-log.ts";

/** Keys start with this prefix so secret scanners and people recognise a FairLedger key. */
export const API_KEY_PREFIX = "fl_";
/** 32 random bytes (256 bits), base64url: 43 characters after the prefix. */
const API_KEY_BYTES = 32;
/**
 * Last use is written at most this often per key: a write per request would double the database
 * commits of a read-heavy client; "used within the last minute" is as precise as an operator needs.
 */
export const LAST_USE_RESOLUTION_MS = 60_000;

export function hashApiKey(apiKey: string): string {
  return createHash("sha256").update(apiKey, "utf8").digest("hex");
}

export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(API_KEY_BYTES).toString("base64url")}`;
}

/** What may be shown about a key: never the key, never its hash. */
export interface ApiKeyMetadata {
  id: string;
  principalId: string;
  label: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  status: "active" | "expired" | "revoked";
}

/** A key just made: the only time its clear value exists outside the caller. */
export interface IssuedApiKey extends ApiKeyMetadata {
  apiKey: string;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export class ApiKeys {
  readonly #db: Db;
  readonly #keys: ApiKeysRepository;
  readonly #audit: AuditLog;
  readonly #now: () => number;
  /** keyId → last-use time last written (see LAST_USE_RESOLUTION_MS). */
  readonly #lastUseWritten = new Map<string, number>();

  constructor(db: Db, now: () => number = Date.now) {
    this.#db = db;
    this.#keys = repositoriesOf(db).apiKeys;
    this.#audit = repositoriesOf(db).audit;
    this.#now = now;
  }

  #metadata(row: ApiKeyRow): ApiKeyMetadata {
    const now = this.#now();
    const status =
      row.revoked_at !== null && row.revoked_at <= now
        ? "revoked"
        : row.expires_at !== null && row.expires_at <= now
          ? "expired"
          : "active";
    return {
      id: row.id,
      principalId: row.principal_id,
      label: row.label,
      createdAt: new Date(row.created_at).toISOString(),
      expiresAt: iso(row.expires_at),
      lastUsedAt: iso(row.last_used_at),
      revokedAt: iso(row.revoked_at),
      status,
    };
  }

  #row(keyId: string): ApiKeyRow | undefined {
    return this.#keys.byId(keyId);
  }

  /**
   * The key's id and principal when it is valid now, without recording anything (the rate limiter asks
   * this before authentication).
   */
  peek(apiKey: string): { keyId: string; principalId: string } | undefined {
    const row = this.#keys.byHash(hashApiKey(apiKey));
    if (!row || this.#metadata(row).status !== "active") return undefined;
    return { keyId: row.id, principalId: row.principal_id };
  }

  /**
   * Authenticates a presented key: its id and principal when valid now. Records last use (at most once
   * per LAST_USE_RESOLUTION_MS per key) and, the first time an expired key is presented, the expiry.
   */
  authenticate(
    apiKey: string,
    actor: (principalId: string) => string,
  ): { keyId: string; principalId: string } | undefined {
    const row = this.#keys.byHash(hashApiKey(apiKey));
    if (!row) return undefined;
    const now = this.#now();
    const status = this.#metadata(row).status;
    if (status === "expired" && row.expiry_recorded === 0) this.#recordExpiry(row, actor(row.principal_id));
    if (status !== "active") return undefined;
    const written = this.#lastUseWritten.get(row.id) ?? row.last_used_at ?? -Infinity;
    if (now - written >= LAST_USE_RESOLUTION_MS) {
      this.#keys.setLastUsed(row.id, now);
      this.#lastUseWritten.set(row.id, now);
    }
    return { keyId: row.id, principalId: row.principal_id };
  }

  #recordExpiry(row: ApiKeyRow, subject: string): void {
    atomically(this.#db, () => {
      if (this.#keys.markExpiryRecorded(row.id))
        this.#audit.record("system", "api-key.expired", subject, {
          keyId: row.id,
          label: row.label,
          expiredAt: iso(row.expires_at),
        });
    });
  }

  /** Records the expiry of every key whose end has passed and is not recorded yet (admin `keys list`). */
  recordExpiries(subjectOf: (principalId: string) => string): number {
    const due = this.#keys.expiredUnrecorded(this.#now());
    for (const row of due) this.#recordExpiry(row, subjectOf(row.principal_id));
    return due.length;
  }

  /**
   * A new key for a principal. `event` names the audit action (created, bootstrapped, …). Call inside a
   * transaction to make the key part of a larger commit (a principal's onboarding).
   */
  create(options: {
    principalId: string;
    label: string;
    expiresAt?: number | null;
    actor: string;
    subject: string;
    event?: string;
    detail?: Record<string, unknown>;
  }): IssuedApiKey {
    const apiKey = generateApiKey();
    const id = randomUUID();
    const now = this.#now();
    if (options.expiresAt != null && options.expiresAt <= now)
      throw new ServiceError("ERR_INPUT_INVALID", "the key's expiry must be in the future");
    atomically(this.#db, () => {
      this.#keys.insert({
        id,
        principalId: options.principalId,
        label: options.label,
        keyHash: hashApiKey(apiKey),
        createdAt: now,
        expiresAt: options.expiresAt ?? null,
      });
      this.#audit.record(options.actor, options.event ?? "api-key.created", options.subject, {
        keyId: id,
        label: options.label,
        expiresAt: iso(options.expiresAt ?? null),
        ...options.detail,
      });
    });
    return { ...this.#metadata(expectPresent(this.#row(id), `API key ${id} just stored`)), apiKey };
  }

  /** Whose key this is (any status), or undefined. */
  ownerOf(keyId: string): string | undefined {
    return this.#row(keyId)?.principal_id;
  }

  get(principalId: string, keyId: string): ApiKeyMetadata {
    const row = this.#row(keyId);
    if (!row || row.principal_id !== principalId)
      throw new ServiceError("ERR_NOT_FOUND", `no key ${keyId} for this principal`);
    return this.#metadata(row);
  }

  list(principalId?: string): ApiKeyMetadata[] {
    return this.#keys.list(principalId).map((row) => this.#metadata(row));
  }

  /** Revokes a key now. Revoking a revoked key changes nothing and logs nothing. */
  revoke(principalId: string, keyId: string, actor: string, subject: string): ApiKeyMetadata {
    const key = this.get(principalId, keyId);
    if (key.status === "revoked") return key;
    atomically(this.#db, () => {
      this.#keys.revoke(keyId, this.#now());
      this.#audit.record(actor, "api-key.revoked", subject, { keyId, label: key.label });
    });
    return this.get(principalId, keyId);
  }

  /**
   * Rotation: a new key with the same label; the old key stays valid until `oldValidUntil` (now when
   * not given, never later than its own expiry). One commit: there is no moment with neither key.
   */
  rotate(
    principalId: string,
    keyId: string,
    oldValidUntil: number | undefined,
    actor: string,
    subject: string,
  ): IssuedApiKey {
    const old = this.get(principalId, keyId);
    if (old.status !== "active")
      throw new ServiceError("ERR_CONFLICT", `key ${keyId} is ${old.status}; only an active key rotates`);
    const now = this.#now();
    const oldExpiry = expectPresent(this.#row(keyId), `API key ${keyId}`).expires_at;
    const until = Math.max(now, Math.min(oldValidUntil ?? now, oldExpiry ?? Infinity));
    return atomically(this.#db, () => {
      this.#keys.setExpiry(keyId, until);
      return this.create({
        principalId,
        label: old.label,
        expiresAt: oldExpiry,
        actor,
        subject,
        event: "api-key.rotated",
        detail: { previousKeyId: keyId, previousValidUntil: iso(until) },
      });
    });
  }

  /**
   * For an idempotent retry whose answer (holding a key) was lost: the lost key is revoked and a fresh
   * one with the same label and expiry replaces it. The clear key is never stored, so it cannot be replayed.
   */
  reissue(principalId: string, keyId: string, actor: string, subject: string): IssuedApiKey {
    const lost = this.#row(keyId);
    if (!lost || lost.principal_id !== principalId)
      throw new ServiceError("ERR_NOT_FOUND", `no key ${keyId} for this principal`);
    return atomically(this.#db, () => {
      this.#keys.revokeIfActive(keyId, this.#now());
      return this.create({
        principalId: lost.principal_id,
        label: lost.label,
        expiresAt: lost.expires_at !== null && lost.expires_at > this.#now() ? lost.expires_at : null,
        actor,
        subject,
        event: "api-key.reissued",
        detail: { replacesKeyId: keyId },
      });
    });
  }

  /** Revokes every active key of a principal with this label (keys re-made at each demo start). */
  revokeLabelled(principalId: string, label: string, actor: string, subject: string): number {
    const keys = this.list(principalId).filter((key) => key.label === label && key.status === "active");
    for (const key of keys) this.revoke(principalId, key.id, actor, subject);
    return keys.length;
  }
}
