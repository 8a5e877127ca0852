/**
 * Splitting envelope text over QR codes: one code when it fits, else parts whose text is
 * `FLP1:<i>/<n>:<chunk>` (1-based i). Error correction M (a phone screen has glare). The part size
 * follows the screen: each module must get at least 3 device pixels (4 above version 21), so a
 * screenshot or a camera reads every code reliably — version ≤ 21 (101 modules, ≤ 700 characters) on a
 * 360 px screen at 1 device pixel per CSS pixel, version ≤ 25 (117 modules, ≤ 980 characters) on
 * today's 2–3× phone screens.
 */
export const QR_ERROR_CORRECTION = "M";
export const QR_QUIET_MODULES = 4;
export const QR_PART_CHARS = { small: 700, large: 980 } as const;

/** Characters per code for a drawing area this many device pixels wide. */
export function qrPartCharsFor(devicePixels: number): number {
  const largeModules = 117 + 2 * QR_QUIET_MODULES;
  return devicePixels >= largeModules * 4 ? QR_PART_CHARS.large : QR_PART_CHARS.small;
}

export function splitIntoQrParts(text: string, partChars: number = QR_PART_CHARS.small): string[] {
  if (text.length <= partChars) return [text];
  const prefixRoom = 16; // "FLP1:99/99:" and a margin
  const chunk = partChars - prefixRoom;
  const count = Math.ceil(text.length / chunk);
  return Array.from({ length: count }, (_, i) => `FLP1:${i + 1}/${count}:${text.slice(i * chunk, (i + 1) * chunk)}`);
}
