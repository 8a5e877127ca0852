/**
 * Crypto-shredding of personal data: every case has its own AES-256-GCM data key, stored wrapped by
 * a key-wrapping key (derived from the master key) next to the case's commitment salt. Erasure deletes that row (and the blobs), after
 * which nothing the service holds can be decrypted and the on-chain commitment can no longer be linked
 * to the worker.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { ServiceError } from "../errors.ts";
import type { Db } from "./database.ts";
import { Repository } from "./repository.ts";

function seal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function open(key: Buffer, sealed: Buffer, aad: string): Buffer {
  const decipher = createDecipheriv("aes-256-gcm", key, sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
}

/** A key of its own for each use of the master key beyond wrapping case keys (HKDF-SHA256, RFC 5869). */
function derivedKey(masterKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), `fairledger/${purpose}`, 32));
}

/** The `case_keys` and `case_blobs` tables, and the sealing keys derived from the master key. */
export class CaseVault extends Repository {
  /**
   * One key per job, each derived from the master key with its own label: wrapping case keys, sealing
   * what concerns no case, keyed hashes. The master key itself encrypts nothing.
   */
  readonly #wrappingKey: Buffer;
  /**
   * Case keys written before #12 are wrapped by the master key itself: still opened (and re-wrapped
   * under the wrapping key by `rewrapLegacyCaseKeys` at start). AES-GCM's tag tells the two apart.
   */
  readonly #legacyWrappingKey: Buffer;
  /** Seals what the service stores that concerns no case (e.g. stored HTTP answers of other requests). */
  readonly #serviceKey: Buffer;
  readonly #macKey: Buffer;

  constructor(db: Db, masterKeyHex: string) {
    super(db);
    const masterKey = Buffer.from(masterKeyHex, "hex");
    this.#wrappingKey = derivedKey(masterKey, "case-key-wrapping");
    this.#legacyWrappingKey = masterKey;
    this.#serviceKey = derivedKey(masterKey, "service-sealing-key");
    this.#macKey = derivedKey(masterKey, "keyed-hash");
  }

  /** Creates the case's data key and commitment salt (inside the caller's transaction). */
  createCaseKey(caseId: string, commitmentSalt: Buffer): void {
    const dataKey = randomBytes(32);
    this.statement("INSERT INTO case_keys (case_id, wrapped_key, commitment_salt) VALUES (?, ?, ?)").run(
      caseId,
      seal(this.#wrappingKey, dataKey, `case-key:${caseId}`),
      commitmentSalt,
    );
  }

  #dataKey(caseId: string): Buffer {
    const row = this.statement("SELECT wrapped_key FROM case_keys WHERE case_id = ?").get(caseId) as
      { wrapped_key: Buffer } | undefined;
    if (!row) throw new ServiceError("ERR_DATA_ERASED", `personal data of case ${caseId} was erased`);
    return this.#unwrap(caseId, row.wrapped_key).dataKey;
  }

  #unwrap(caseId: string, wrapped: Buffer): { dataKey: Buffer; legacy: boolean } {
    try {
      return { dataKey: open(this.#wrappingKey, wrapped, `case-key:${caseId}`), legacy: false };
    } catch (error) {
      try {
        return { dataKey: open(this.#legacyWrappingKey, wrapped, `case-key:${caseId}`), legacy: true };
      } catch {
        throw error;
      }
    }
  }

  /**
   * Re-wraps case keys still wrapped by the master key itself (data directories from before #12) under
   * the key-wrapping key, in one transaction; returns how many. The old wrapped bytes are overwritten
   * (secure_delete). Run once at start; afterwards the legacy path is only a fallback.
   */
  rewrapLegacyCaseKeys(): number {
    const rows = this.statement("SELECT case_id, wrapped_key FROM case_keys").all() as {
      case_id: string;
      wrapped_key: Buffer;
    }[];
    let rewrapped = 0;
    this.db.transaction(() => {
      for (const row of rows) {
        const { dataKey, legacy } = this.#unwrap(row.case_id, row.wrapped_key);
        if (!legacy) continue;
        this.statement("UPDATE case_keys SET wrapped_key = ? WHERE case_id = ?").run(
          seal(this.#wrappingKey, dataKey, `case-key:${row.case_id}`),
          row.case_id,
        );
        rewrapped++;
      }
    })();
    return rewrapped;
  }

  put(caseId: string, name: string, plaintext: Buffer | string): void {
    const data = typeof plaintext === "string" ? Buffer.from(plaintext, "utf8") : plaintext;
    this.statement("INSERT OR REPLACE INTO case_blobs (case_id, name, ciphertext) VALUES (?, ?, ?)").run(
      caseId,
      name,
      seal(this.#dataKey(caseId), data, `${caseId}/${name}`),
    );
  }

  get(caseId: string, name: string): Buffer | undefined {
    const key = this.#dataKey(caseId);
    const row = this.statement("SELECT ciphertext FROM case_blobs WHERE case_id = ? AND name = ?").get(caseId, name) as
      { ciphertext: Buffer } | undefined;
    return row ? open(key, row.ciphertext, `${caseId}/${name}`) : undefined;
  }

  getJson<T>(caseId: string, name: string): T | undefined {
    const data = this.get(caseId, name);
    return data ? (JSON.parse(data.toString("utf8")) as T) : undefined;
  }

  /** Whether the case still has its data key (false once erased). */
  hasCaseKey(caseId: string): boolean {
    return this.statement("SELECT 1 FROM case_keys WHERE case_id = ?").get(caseId) !== undefined;
  }

  /**
   * Seals data kept outside the case's blobs (e.g. a stored HTTP answer): under the case's data key when
   * it concerns a case, so erasing the case makes it unreadable with the rest; else under the service
   * key. `aad` binds the ciphertext to where it is stored. Throws ERR_DATA_ERASED for an erased case.
   */
  seal(caseId: string | null, plaintext: Buffer, aad: string): Buffer {
    return seal(caseId === null ? this.#serviceKey : this.#dataKey(caseId), plaintext, `sealed:${aad}`);
  }

  open(caseId: string | null, sealed: Buffer, aad: string): Buffer {
    return open(caseId === null ? this.#serviceKey : this.#dataKey(caseId), sealed, `sealed:${aad}`);
  }

  /**
   * A keyed hash (HMAC-SHA256 under a key derived from the master key) of something that may contain
   * personal data, for equality checks only: a reader of the database cannot confirm a guess with it.
   */
  keyedHash(purpose: string, text: string): string {
    return createHmac("sha256", this.#macKey).update(`${purpose}\n${text}`, "utf8").digest("hex");
  }

  /** Destroys the case key, the commitment salt and every encrypted blob of the case. */
  erase(caseId: string): void {
    this.statement("DELETE FROM case_blobs WHERE case_id = ?").run(caseId);
    this.statement("DELETE FROM case_keys WHERE case_id = ?").run(caseId);
  }

  /** Decrypts a raw sealed blob with the current case key: for tests that prove erasure. */
  static tryOpen(db: Db, masterKeyHex: string, caseId: string, name: string): Buffer {
    return new CaseVault(db, masterKeyHex).get(caseId, name) ?? Buffer.alloc(0);
  }
}
