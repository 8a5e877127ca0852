/**
 * Splitting envelope text over QR codes: one code when it fits, else parts whose text is
 * `FLP1:<i>/<n>:<chunk>` (1-based i). Error correction M and at most 700 characters per code keep each
 * code at QR version ≤ 21 (101 modules), which a phone camera or a screenshot reads reliably when drawn
 * at 3 px per module or more.
 */
export const QR_PART_CHARS = 700;
export const QR_ERROR_CORRECTION = "M";

export function splitIntoQrParts(text: string, partChars = QR_PART_CHARS): string[] {
  if (text.length <= partChars) return [text];
  const prefixRoom = 16; // "FLP1:99/99:" and a margin
  const chunk = partChars - prefixRoom;
  const count = Math.ceil(text.length / chunk);
  return Array.from({ length: count }, (_, i) => `FLP1:${i + 1}/${count}:${text.slice(i * chunk, (i + 1) * chunk)}`);
}
