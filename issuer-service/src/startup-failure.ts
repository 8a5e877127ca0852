/**
 * Start-up failures an operator can fix, said in words that name the cause and the path: the data
 * directory cannot be created or written (permission, read-only file system), the disk is full, or a
 * data file cannot be opened for writing. The data directory's own step is store/data-dir.ts's
 * `securePrivateDir`. Before this, a read-only or full data directory stopped the
 * service with SQLite's or Node's bare message ("attempt to write a readonly database"), naming neither.
 */

export type StartupFailureCode = "ERR_DATA_DIR_UNUSABLE" | "ERR_DATA_FILE_UNUSABLE";

export class StartupError extends Error {
  readonly code: StartupFailureCode;
  readonly path: string;

  constructor(code: StartupFailureCode, message: string, path: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StartupError";
    this.code = code;
    this.path = path;
  }
}

/** Node errno and SQLite result codes → the cause in plain words. */
const CAUSES: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device (disk full)",
  EDQUOT: "disk quota exceeded",
  ENOTDIR: "a part of the path is not a directory",
  EEXIST: "it exists and is not a directory",
  EISDIR: "it is a directory",
  EMFILE: "too many open files",
  EIO: "input/output error",
  SQLITE_READONLY: "the file is read-only (or its directory is)",
  SQLITE_CANTOPEN: "the file cannot be opened (missing directory or permission denied)",
  SQLITE_FULL: "no space left on the device (disk full)",
  SQLITE_NOTADB: "the file is not an SQLite database",
  SQLITE_CORRUPT: "the database file is corrupt",
  SQLITE_IOERR: "input/output error",
  SQLITE_PERM: "permission denied",
};

/** The plain-words cause of a file-system or SQLite error, or undefined when it is neither. */
export function causeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== "string") return undefined;
  // SQLite's extended codes (SQLITE_READONLY_DBMOVED, SQLITE_IOERR_WRITE, …) share their primary's cause.
  return CAUSES[code] ?? CAUSES[code.split("_").slice(0, 2).join("_")];
}

/** Runs `open` (a database or key store in the data directory); a file-system failure names the file. */
export async function openDataFile<T>(path: string, open: () => T | Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    const cause = causeOf(error) ?? causeOf((error as { driverError?: unknown })?.driverError);
    if (cause === undefined) throw error;
    throw new StartupError("ERR_DATA_FILE_UNUSABLE", `cannot open the data file ${path} for writing: ${cause}`, path, {
      cause: error,
    });
  }
}
