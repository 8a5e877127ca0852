/**
 * The multi-part fallback of the offline QR, for when one code cannot hold a presentation (a cheap
 * phone's small screen, a large presentation). The wallet shows the parts one at a time; a reader — the
 * CLI given several images, the border page's camera — takes them in any order, as often as the camera
 * happens to see them, and says which are still missing.
 *
 *   FL1/<i>/<n>/<HASH>:<chunk>       1 ≤ i ≤ n ≤ 99, all in the QR alphanumeric set
 *
 * The chunks, joined in order, are the Base45 text of a `FL1:` code (offline-qr.ts). HASH is the first
 * 6 bytes of SHA-256 over the compressed bytes that text spells, as 12 upper-case hex digits: it ties
 * the parts of one presentation together (a part showing another HASH or another n is refused at once),
 * and it is checked over the joined bytes (a corrupted part is caught before inflating). It is not a
 * security measure — the signatures inside are — only a guard against mixing two workers' codes.
 */
import { FairLedgerError } from "../errors.ts";
import { base45ToBytes } from "./base45.ts";
import { OFFLINE_QR_PREFIX, isOfflineQr, offlineQrBytes, readCompressedOfflineLayout } from "./offline-qr.ts";
import type { OfflinePresentation } from "./presentation-layout.ts";

export const OFFLINE_PART_PREFIX = "FL1/";
export const MAX_OFFLINE_PARTS = 99;
/** Room for "FL1/99/99/0123456789AB:". */
const HEADER_ROOM = 23;
const PART = /^FL1\/(\d{1,2})\/(\d{1,2})\/([0-9A-F]{12}):(.*)$/s;
const ANY_VERSION_PART = /^FL(\d+)\//;

/** True for a part of an offline QR of any version. */
export function isOfflineQrPart(text: string): boolean {
  return ANY_VERSION_PART.test(text.trim());
}

async function contentHash(bytes: Uint8Array): Promise<string> {
  // Web Crypto is there only in a secure context (https, localhost): say so rather than fail on undefined.
  if (!globalThis.crypto?.subtle)
    throw new Error("offline QR parts need Web Crypto: open this page over https (or on localhost)");
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(bytes)));
  return Array.from(digest.subarray(0, 6), (byte) => byte.toString(16).padStart(2, "0").toUpperCase()).join("");
}

/**
 * The codes to show for a `FL1:` text: itself when it is at most `maxChars` long, else parts of at most
 * `maxChars` characters each, their chunks cut on Base45 group boundaries (3 characters).
 */
export async function splitOfflineQr(text: string, maxChars: number): Promise<string[]> {
  if (text.length <= maxChars) return [text];
  const body = text.slice(OFFLINE_QR_PREFIX.length);
  const hash = await contentHash(offlineQrBytes(text));
  const chunk = Math.floor((maxChars - HEADER_ROOM) / 3) * 3;
  if (chunk < 3) throw new RangeError(`a part needs more than ${HEADER_ROOM + 2} characters`);
  const count = Math.ceil(body.length / chunk);
  if (count > MAX_OFFLINE_PARTS) throw new RangeError(`more than ${MAX_OFFLINE_PARTS} parts`);
  return Array.from(
    { length: count },
    (_, i) => `${OFFLINE_PART_PREFIX}${i + 1}/${count}/${hash}:${body.slice(i * chunk, (i + 1) * chunk)}`,
  );
}

export type AssemblyProgress =
  { complete: true; total: number } | { complete: false; total: number; received: number[]; missing: number[] };

/**
 * Collects the codes of one offline presentation, one at a time in any order. A single `FL1:` code
 * completes it alone. Reading the same part twice is harmless (a camera does); a part of another
 * presentation is refused with ERR_QR_PART_FOREIGN and leaves what was collected intact.
 */
export class OfflineQrAssembler {
  private total: number | undefined;
  private hash: string | undefined;
  private single: string | undefined;
  private readonly chunks = new Map<number, string>();

  add(text: string): AssemblyProgress {
    const trimmed = text.trim();
    if (isOfflineQr(trimmed)) {
      offlineQrBytes(trimmed); // refuses another version or a text that is not Base45 before anything is kept
      if (this.total !== undefined && this.single !== trimmed)
        throw foreign("a whole offline presentation was shown while collecting the parts of another");
      this.total = 1;
      this.single = trimmed;
      return this.progress();
    }
    const version = ANY_VERSION_PART.exec(trimmed)?.[1];
    if (version !== undefined && version !== "1")
      throw new FairLedgerError("ERR_QR_PAYLOAD_INVALID", `offline QR version ${version} is not known to this reader`);
    const [, indexText, totalText, hash, chunk] = PART.exec(trimmed) ?? [];
    if (indexText === undefined || totalText === undefined || hash === undefined || chunk === undefined)
      throw new FairLedgerError(
        "ERR_QR_PAYLOAD_INVALID",
        `not a FairLedger offline QR (it starts with ${OFFLINE_QR_PREFIX} or ${OFFLINE_PART_PREFIX}<i>/<n>/<hash>:)`,
      );
    const index = Number(indexText);
    const total = Number(totalText);
    if (index < 1 || index > total)
      throw new FairLedgerError("ERR_QR_PAYLOAD_INVALID", `part ${index} of ${total} is out of range`);
    if (this.total !== undefined && (this.hash !== hash || this.total !== total))
      throw foreign(
        `this part (${index} of ${total}, ${hash}) belongs to another presentation than the ${this.total} parts of ${this.hash ?? "a single code"} being read`,
      );
    const known = this.chunks.get(index);
    if (known !== undefined && known !== chunk)
      throw foreign(`part ${index} of ${total} was read before with other content`);
    this.total = total;
    this.hash = hash;
    this.chunks.set(index, chunk);
    return this.progress();
  }

  progress(): AssemblyProgress {
    const total = this.total ?? 0;
    if (this.single !== undefined) return { complete: true, total };
    const received = [...this.chunks.keys()].sort((a, b) => a - b);
    const missing = Array.from({ length: total }, (_, i) => i + 1).filter((index) => !this.chunks.has(index));
    return total > 0 && missing.length === 0
      ? { complete: true, total }
      : { complete: false, total, received, missing };
  }

  /** The presentation once every part is in; ERR_QR_PARTS_MISSING names what is not. */
  async presentation(): Promise<OfflinePresentation> {
    if (this.single !== undefined) return readCompressedOfflineLayout(offlineQrBytes(this.single));
    const progress = this.progress();
    if (!progress.complete)
      throw new FairLedgerError(
        "ERR_QR_PARTS_MISSING",
        progress.total === 0
          ? "no offline QR code read yet"
          : `offline QR parts missing: ${progress.missing.join(", ")} of ${progress.total}`,
      );
    const body = Array.from({ length: progress.total }, (_, i) => this.chunks.get(i + 1) ?? "").join("");
    const bytes = base45ToBytes(body);
    if ((await contentHash(bytes)) !== this.hash)
      throw new FairLedgerError(
        "ERR_QR_PAYLOAD_INVALID",
        "the parts joined do not match their content hash: a part is corrupted",
      );
    return readCompressedOfflineLayout(bytes);
  }
}

function foreign(message: string): FairLedgerError {
  return new FairLedgerError("ERR_QR_PART_FOREIGN", message);
}

/** Reads a set of codes given all at once (the CLI's images), in any order. */
export async function assembleOfflineQr(texts: readonly string[]): Promise<OfflinePresentation> {
  const assembler = new OfflineQrAssembler();
  for (const text of texts) assembler.add(text);
  return assembler.presentation();
}
