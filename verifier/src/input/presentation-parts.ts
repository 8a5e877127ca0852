/**
 * Joining a presentation split over several QR codes: each part's text is `FLP1:<i>/<n>:<chunk>`
 * (1-based i). Parts may arrive in any order; all n must be present exactly once, with the same n.
 */
import { VerifierError } from "../errors.ts";

const PART = /^FLP1:(\d{1,3})\/(\d{1,3}):([\s\S]*)$/;

export function isPresentationPart(text: string): boolean {
  return PART.test(text);
}

export function joinPresentationParts(texts: readonly string[]): string {
  const parts = new Map<number, string>();
  let total: number | undefined;
  for (const text of texts) {
    const match = PART.exec(text.trim());
    if (!match) throw new VerifierError("ERR_INPUT_UNREADABLE", "a QR part does not start with FLP1:<i>/<n>:");
    const index = Number(match[1]);
    const count = Number(match[2]);
    if (count < 1 || index < 1 || index > count) throw new VerifierError("ERR_INPUT_UNREADABLE", `QR part ${index}/${count} is out of range`);
    if (total !== undefined && total !== count) throw new VerifierError("ERR_INPUT_UNREADABLE", "QR parts disagree on how many parts there are");
    total = count;
    if (parts.has(index)) throw new VerifierError("ERR_INPUT_UNREADABLE", `QR part ${index}/${count} was given twice`);
    parts.set(index, match[3]!);
  }
  if (total === undefined) throw new VerifierError("ERR_INPUT_UNREADABLE", "no QR parts");
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !parts.has(i));
  if (missing.length > 0) throw new VerifierError("ERR_INPUT_UNREADABLE", `QR parts missing: ${missing.join(", ")} of ${total}`);
  return Array.from({ length: total }, (_, i) => parts.get(i + 1)!).join("");
}

/** Splits envelope text into QR part texts of at most `chunkSize` characters of payload each. */
export function splitPresentationParts(text: string, chunkSize = 1200): string[] {
  const count = Math.max(1, Math.ceil(text.length / chunkSize));
  return Array.from({ length: count }, (_, i) => `FLP1:${i + 1}/${count}:${text.slice(i * chunkSize, (i + 1) * chunkSize)}`);
}
