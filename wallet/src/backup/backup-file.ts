/**
 * The worker's encrypted backup file: every paper with its contract document and last known status,
 * sealed under a passphrase only the worker knows, so a lost or broken phone does not lose the papers.
 *
 * Crypto is Web Crypto's, nothing hand-rolled: PBKDF2-HMAC-SHA-256 with 600,000 iterations (OWASP's 2023
 * figure for PBKDF2-SHA-256) and a fresh 16-byte salt derives an AES-256-GCM key; a fresh 12-byte IV;
 * the file's header (format, version, KDF and cipher parameters) is the GCM additional data, so a header
 * changed to weaken the KDF fails to open like a wrong passphrase does.
 *
 * The holder key is not in it: it is non-extractable and never leaves the phone it was made on. A
 * restored credential still binds the old phone's key — readable and printable, not presentable — and
 * the agency issues the paper again to the new phone's key (the backup shows which case it was).
 */
import { base64urlToBytes, bytesToBase64url } from "@fairledger/common";
import { WalletError } from "../lib/errors.ts";
import type { StoredCredential } from "../credentials/stored-credential.ts";

export const BACKUP_FORMAT = "fairledger-wallet-backup";
export const BACKUP_VERSION = 1;
export const PBKDF2_ITERATIONS = 600_000;
/** Shorter passphrases are refused: an offline guesser has the file. */
export const MIN_PASSPHRASE_CHARS = 10;
/** A restore reads at most this much (a wallet of papers with their contracts is far smaller). */
export const MAX_BACKUP_BYTES = 8 * 1024 * 1024;

export interface BackupContents {
  /** The old phone's holder DID: which key the credentials in it bind. */
  holderDid: string;
  createdAt: string;
  credentials: StoredCredential[];
}

interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  kdf: { name: "PBKDF2"; hash: "SHA-256"; iterations: number; salt: string };
  cipher: { name: "AES-GCM"; iv: string };
}

interface BackupFile extends BackupHeader {
  ciphertext: string;
}

const encoder = new TextEncoder();

/** Copies into a fresh ArrayBuffer-backed array, as Web Crypto's typings ask. */
const own = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(bytes);

async function deriveKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey("raw", encoder.encode(passphrase.normalize("NFC")), "PBKDF2", false, [
    "deriveKey",
  ]);
  return crypto.subtle.deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt: own(salt), iterations },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

/** The header as GCM additional data: canonical (fixed key order), so writer and reader agree byte for byte. */
const headerBytes = (header: BackupHeader) =>
  encoder.encode(
    JSON.stringify([
      header.format,
      header.version,
      header.kdf.name,
      header.kdf.hash,
      header.kdf.iterations,
      header.kdf.salt,
      header.cipher.name,
      header.cipher.iv,
    ]),
  );

export async function sealBackup(contents: BackupContents, passphrase: string): Promise<string> {
  if ([...passphrase].length < MIN_PASSPHRASE_CHARS)
    throw new WalletError(
      "ERR_BACKUP_PASSPHRASE_SHORT",
      `a passphrase needs at least ${MIN_PASSPHRASE_CHARS} characters`,
    );
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    kdf: { name: "PBKDF2", hash: "SHA-256", iterations: PBKDF2_ITERATIONS, salt: bytesToBase64url(salt) },
    cipher: { name: "AES-GCM", iv: bytesToBase64url(iv) },
  };
  const key = await deriveKey(passphrase, salt, PBKDF2_ITERATIONS);
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: headerBytes(header) },
    key,
    encoder.encode(JSON.stringify(contents)),
  );
  const file: BackupFile = { ...header, ciphertext: bytesToBase64url(new Uint8Array(ciphertext)) };
  return JSON.stringify(file);
}

const invalid = (why: string) => new WalletError("ERR_BACKUP_INVALID", `not a FairLedger wallet backup: ${why}`);

function parseFile(text: string): BackupFile {
  let file: Partial<BackupFile>;
  try {
    file = JSON.parse(text) as Partial<BackupFile>;
  } catch {
    throw invalid("not JSON");
  }
  if (file?.format !== BACKUP_FORMAT) throw invalid("no backup format marker");
  if (file.version !== BACKUP_VERSION) throw invalid(`version ${String(file.version)}`);
  const { kdf, cipher, ciphertext } = file;
  if (kdf?.name !== "PBKDF2" || kdf.hash !== "SHA-256" || typeof kdf.salt !== "string") throw invalid("key derivation");
  // Never fewer iterations than this wallet writes: a file edited to a weak KDF is refused before any work.
  if (
    !Number.isSafeInteger(kdf.iterations) ||
    kdf.iterations < PBKDF2_ITERATIONS ||
    kdf.iterations > 10 * PBKDF2_ITERATIONS
  )
    throw invalid("iterations");
  if (cipher?.name !== "AES-GCM" || typeof cipher.iv !== "string" || typeof ciphertext !== "string")
    throw invalid("cipher");
  return file as BackupFile;
}

function parseContents(json: string): BackupContents {
  const contents = JSON.parse(json) as Partial<BackupContents>;
  if (typeof contents.holderDid !== "string" || !Array.isArray(contents.credentials)) throw invalid("contents");
  const credentials = contents.credentials.filter(
    (entry): entry is StoredCredential =>
      typeof entry?.credential === "string" && typeof entry.digest === "string" && typeof entry.issuer === "string",
  );
  return { holderDid: contents.holderDid, createdAt: String(contents.createdAt ?? ""), credentials };
}

/** Opens a backup file; a wrong passphrase (or a file altered after sealing) is ERR_BACKUP_PASSPHRASE_WRONG. */
export async function openBackup(text: string, passphrase: string): Promise<BackupContents> {
  const file = parseFile(text);
  let salt: Uint8Array;
  let iv: Uint8Array;
  let ciphertext: Uint8Array;
  try {
    salt = base64urlToBytes(file.kdf.salt);
    iv = base64urlToBytes(file.cipher.iv);
    ciphertext = base64urlToBytes(file.ciphertext);
  } catch {
    throw invalid("not base64url");
  }
  const key = await deriveKey(passphrase, salt, file.kdf.iterations);
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: own(iv), additionalData: headerBytes(file) },
      key,
      own(ciphertext),
    );
  } catch (cause) {
    // GCM cannot tell a wrong passphrase from a tampered file: both fail authentication.
    throw new WalletError("ERR_BACKUP_PASSPHRASE_WRONG", "the backup does not open with this passphrase", { cause });
  }
  try {
    return parseContents(new TextDecoder().decode(plain));
  } catch (error) {
    if (error instanceof WalletError) throw error;
    throw invalid("contents are not JSON");
  }
}
