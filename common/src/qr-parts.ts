/**
 * LEGACY, read only: wallets now show the offline QR transport (offline-qr/, `FL1:`), which holds the
 * default presentation in one code. Verifiers keep reading these parts from wallets not yet updated.
 *
 * A presentation envelope over QR codes: one code when it fits, else parts whose text is
 * `FLP1:<i>/<n>:<chunk>` (1-based i, 1 ≤ n ≤ 999). The wallet splits, the verifier joins; this module is
 * the only definition of the format. Parts may arrive in any order; all n must be present exactly once,
 * with the same n.
 *
 * Sizes: error correction M (a phone screen has glare). Each module must get at least 3 device pixels
 * (4 above version 21), so a screenshot or a camera reads every code reliably — version ≤ 21 (101
 * modules, ≤ 700 characters) on a 360 px screen at 1 device pixel per CSS pixel, version ≤ 25 (117
 * modules, ≤ 980 characters) on today's 2–3× phone screens.
 */
import { FairLedgerError } from "./errors.ts";

export const QR_PART_PREFIX = "FLP1";
export const QR_ERROR_CORRECTION = "M";
export const QR_QUIET_MODULES = 4;
export const QR_PART_CHARS = { small: 700, large: 980 } as const;
/** Room kept in each part for "FLP1:999/999:". */
const PREFIX_ROOM = 16;

const PART = /^FLP1:(\d{1,3})\/(\d{1,3}):([\s\S]*)$/;

/** Characters per code for a drawing area this many device pixels wide. */
export function qrPartCharsFor(devicePixels: number): number {
  const largeModules = 117 + 2 * QR_QUIET_MODULES;
  return devicePixels >= largeModules * 4 ? QR_PART_CHARS.large : QR_PART_CHARS.small;
}

/** The text of part `index` (1-based) of `count`. */
export function qrPartText(index: number, count: number, chunk: string): string {
  return `${QR_PART_PREFIX}:${index}/${count}:${chunk}`;
}

/** Splits text over codes of at most `partChars` characters each (prefix included); unprefixed when it fits in one. */
export function splitIntoQrParts(text: string, partChars: number = QR_PART_CHARS.small): string[] {
  if (text.length <= partChars) return [text];
  const chunk = partChars - PREFIX_ROOM;
  if (chunk < 1) throw new RangeError(`a QR part needs more than ${PREFIX_ROOM} characters`);
  const count = Math.ceil(text.length / chunk);
  if (count > 999) throw new RangeError("more than 999 QR parts");
  return Array.from({ length: count }, (_, i) => qrPartText(i + 1, count, text.slice(i * chunk, (i + 1) * chunk)));
}

export function isQrPart(text: string): boolean {
  return PART.test(text);
}

function unreadable(message: string): FairLedgerError {
  return new FairLedgerError("ERR_QR_PARTS_INVALID", message);
}

/** Joins parts given in any order; throws FairLedgerError ERR_QR_PARTS_INVALID when one is missing, repeated or inconsistent. */
export function joinQrParts(texts: readonly string[]): string {
  const parts = new Map<number, string>();
  let total: number | undefined;
  for (const text of texts) {
    const [, indexText, countText, body] = PART.exec(text.trim()) ?? [];
    if (indexText === undefined || countText === undefined || body === undefined)
      throw unreadable(`a QR part does not start with ${QR_PART_PREFIX}:<i>/<n>:`);
    const index = Number(indexText);
    const count = Number(countText);
    if (count < 1 || index < 1 || index > count) throw unreadable(`QR part ${index}/${count} is out of range`);
    if (total !== undefined && total !== count) throw unreadable("QR parts disagree on how many parts there are");
    total = count;
    if (parts.has(index)) throw unreadable(`QR part ${index}/${count} was given twice`);
    parts.set(index, body);
  }
  if (total === undefined) throw unreadable("no QR parts");
  const ordered = Array.from({ length: total }, (_, i) => parts.get(i + 1));
  const missing = ordered.flatMap((part, i) => (part === undefined ? [i + 1] : []));
  if (missing.length > 0) throw unreadable(`QR parts missing: ${missing.join(", ")} of ${total}`);
  return ordered.join("");
}
