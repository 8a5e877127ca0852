/**
 * A batch file for `fairledger verify --batch`: JSON Lines, one presentation per line, each with the nonce
 * of the request it answers — what a border kiosk logs while the officer verifies later:
 *
 *   {"id": "kiosk-3/0001", "nonce": "<request nonce>", "presentation": { "type": "FairLedgerPresentation", … }}
 *
 * `presentation` is anything `verify` reads as text (an envelope object, a token string, JSON holding
 * one, or an offline QR's `FL1:` text); `id` is an optional label. A line that cannot be read is that line's failure, not the batch's.
 */
import { readFileSync } from "node:fs";
import {
  VerifierError,
  parseUntrustedJson,
  decodeInputText,
  decodeOfflineQrInput,
  isOfflineQrInput,
  type DecodedInput,
} from "@fairledger/verifier";

/** One input to verify: decoded, or the reason it could not be read. */
export interface InputEntry {
  /** Where it came from: file name(s), or "line N" / "line N, id" of a batch file. */
  source: string;
  input?: DecodedInput;
  error?: VerifierError;
  /** The nonce this input answers, when it is not the command line's --nonce (batch lines). */
  nonce?: string;
}

const MAX_BATCH_BYTES = 512 * 1024 * 1024;

export async function readBatchFile(path: string): Promise<InputEntry[]> {
  let text: string;
  try {
    const bytes = readFileSync(path === "-" ? 0 : path);
    if (bytes.length > MAX_BATCH_BYTES)
      throw new VerifierError("ERR_USAGE", `batch file ${path} is larger than 512 MiB`);
    text = bytes.toString("utf8");
  } catch (error) {
    if (error instanceof VerifierError) throw error;
    throw new VerifierError("ERR_USAGE", `cannot read batch file ${path}`);
  }
  const entries: InputEntry[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (line.trim().length === 0) continue;
    const entry = batchEntry(line, index + 1);
    // Only an offline QR line waits (it inflates asynchronously); a million JSON lines do not.
    entries.push(entry instanceof Promise ? await entry : entry);
  }
  if (entries.length === 0) throw new VerifierError("ERR_USAGE", `batch file ${path} holds no presentation`);
  return entries;
}

function batchEntry(line: string, lineNumber: number): InputEntry | Promise<InputEntry> {
  const unreadable = (source: string, message: string): InputEntry => ({
    source,
    error: new VerifierError("ERR_INPUT_UNREADABLE", message),
  });
  let json: unknown;
  try {
    json = parseUntrustedJson(line, `batch line ${lineNumber}`);
  } catch (error) {
    return unreadable(`line ${lineNumber}`, (error as Error).message);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return unreadable(`line ${lineNumber}`, `batch line ${lineNumber} is not a JSON object`);
  }
  const { id, nonce, presentation } = json as Record<string, unknown>;
  const source = typeof id === "string" && id.length > 0 ? `line ${lineNumber}, ${id}` : `line ${lineNumber}`;
  if (typeof nonce !== "string" || nonce.length === 0) {
    return unreadable(
      source,
      `batch line ${lineNumber} has no "nonce": the nonce of the request this presentation answers`,
    );
  }
  if (presentation === undefined || presentation === null)
    return unreadable(source, `batch line ${lineNumber} has no "presentation"`);
  const asEntry = (error: unknown): InputEntry => {
    if (error instanceof VerifierError) return { source, error };
    throw error;
  };
  const text = typeof presentation === "string" ? presentation : JSON.stringify(presentation);
  if (isOfflineQrInput(text))
    return decodeOfflineQrInput([text]).then((input): InputEntry => ({ source, nonce, input }), asEntry);
  try {
    return { source, nonce, input: decodeInputText(text) };
  } catch (error) {
    return asEntry(error);
  }
}
