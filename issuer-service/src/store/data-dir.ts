/**
 * The data directory is private to the service's user: the directory 0700, every file in it 0600.
 * Personal data there is encrypted, but the files also hold hashes, audit entries and (in demos) API
 * keys, and a reader of the raw pages is exactly whom erasure has to beat; so nobody else gets to read.
 *
 * An existing directory with looser modes (made by an earlier version, or by hand) is tightened at start
 * rather than refused: the service owns it, and refusing would stop every upgrade for a fix the service
 * can make itself. A directory every user may write to (e.g. /tmp) is refused: it is not the service's
 * own, and tightening it would break everyone else.
 */
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { FairLedgerError } from "@fairledger/common";
import { StartupError, causeOf } from "../startup-failure.ts";

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Size written and synced by the start-up probe: a full disk fails here, not at the first issuance. */
const PROBE_BYTES = 64 * 1024;
export const WRITE_PROBE = ".fairledger-write-check";

/**
 * The data directory's one start-up step: created (0700) if missing; it must take a durable write (a
 * small file written, synced and removed); then an existing one is tightened with every file under it,
 * and a directory writable by every user is refused. Returns what was tightened (for the start-up log).
 * A directory that cannot be created or written throws a StartupError naming the cause and the path.
 */
export function securePrivateDir(dir: string): string[] {
  const tightened: string[] = [];
  if (!existsSync(dir)) {
    try {
      mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
      chmodSync(dir, PRIVATE_DIR_MODE); // mkdir's mode is cut by the umask, never widened: set it exactly.
    } catch (error) {
      throw dataDirFailure(error, dir, "cannot be created");
    }
  }
  // Writability first: a directory the service cannot write is reported as that, not as one it cannot tighten.
  proveWritable(dir);
  try {
    const stat = statSync(dir);
    if (!stat.isDirectory())
      throw new FairLedgerError("ERR_CONFIG_INVALID", `data directory ${dir} is not a directory`);
    if (stat.mode & 0o002) {
      throw new FairLedgerError(
        "ERR_CONFIG_INVALID",
        `data directory ${dir} is writable by every user (mode ${(stat.mode & 0o7777).toString(8)}): give the service a directory of its own`,
      );
    }
    tighten(dir, tightened);
  } catch (error) {
    if (error instanceof FairLedgerError) throw error;
    const cause = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new FairLedgerError("ERR_CONFIG_INVALID", `data directory ${dir} cannot be made private (${cause})`, {
      cause: error,
    });
  }
  return tightened;
}

function proveWritable(dir: string): void {
  const probe = join(dir, WRITE_PROBE);
  let fd: number | undefined;
  try {
    fd = openSync(probe, "w", PRIVATE_FILE_MODE);
    writeSync(fd, Buffer.alloc(PROBE_BYTES));
    fsyncSync(fd);
  } catch (error) {
    throw dataDirFailure(error, dir, "is not writable");
  } finally {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(probe);
    } catch {
      /* never created, or already gone */
    }
  }
}

function dataDirFailure(error: unknown, dataDir: string, what: string): StartupError {
  const cause = causeOf(error) ?? (error as Error)?.message ?? String(error);
  return new StartupError("ERR_DATA_DIR_UNUSABLE", `the data directory ${dataDir} ${what}: ${cause}`, dataDir, {
    cause: error,
  });
}

/**
 * Takes away every permission of group and others; never adds one: a file the operator made read-only
 * stays read-only (and the start then fails naming it), it is not silently made writable.
 */
function tighten(path: string, tightened: string[]): void {
  const stat = statSync(path);
  if (!stat.isDirectory() && !stat.isFile()) return;
  const mode = stat.mode & 0o777;
  if ((mode & 0o077) !== 0) {
    chmodSync(path, mode & 0o700);
    tightened.push(path);
  }
  if (stat.isDirectory()) for (const entry of readdirSync(path)) tighten(join(path, entry), tightened);
}

/**
 * Makes sure `path` exists with mode 0600 before a library (SQLite) opens it: SQLite creates a database
 * 0644 and gives its -wal and -shm files the database file's mode, so creating it 0600 first makes all
 * three private.
 */
export function ensurePrivateFile(path: string): void {
  closeSync(openSync(path, "a", PRIVATE_FILE_MODE));
  chmodSync(path, PRIVATE_FILE_MODE);
}

/** Writes `text` to a file only its owner can read (created 0600; an existing file is tightened first). */
export function writePrivateFile(path: string, text: string): void {
  ensurePrivateFile(path);
  writeFileSync(path, text, { mode: PRIVATE_FILE_MODE });
}
