/**
 * How much an offline QR may hold on a given screen. Every character of `FL1:` and `FL1/…` text is in
 * the QR alphanumeric set, so capacities are alphanumeric ones (ISO/IEC 18004 table 7).
 *
 * Error correction L: a code on a lit, flat phone screen is not torn or smudged like paper, and L holds
 * 28 % more than M at a given size; what a screen does lose (glare, moiré) is met with bigger modules:
 * at least 4 device pixels each, plus the 4-module quiet zone (the round-trip tests read codes drawn
 * at exactly that size with jsQR). A screen too narrow for the whole presentation at
 * that size gets parts (parts.ts) of the largest version it can show.
 */
export const OFFLINE_QR_ERROR_CORRECTION = "L";
export const OFFLINE_QR_MIN_MODULE_PIXELS = 4;
export const OFFLINE_QR_QUIET_MODULES = 4;

/** Alphanumeric characters a version-v code holds at error correction L (index v − 1). */
export const ALPHANUMERIC_CAPACITY_L = [
  25, 47, 77, 114, 154, 195, 224, 279, 335, 395, 468, 535, 619, 667, 758, 854, 938, 1046, 1153, 1249, 1352, 1460, 1588,
  1704, 1853, 1990, 2132, 2223, 2369, 2520, 2677, 2840, 3009, 3183, 3351, 3537, 3729, 3927, 4087, 4296,
] as const;

/** Parts are never bigger than this (version 21 at L), so a set of parts stays readable on any screen. */
export const OFFLINE_QR_CHARS = { part: ALPHANUMERIC_CAPACITY_L[20], max: ALPHANUMERIC_CAPACITY_L[39] } as const;

/** Modules across a version-v code, quiet zone included. */
export function offlineQrModules(version: number): number {
  return 17 + 4 * version + 2 * OFFLINE_QR_QUIET_MODULES;
}

/** The highest version whose modules each get OFFLINE_QR_MIN_MODULE_PIXELS on a drawing area this wide. */
export function offlineQrVersionFor(devicePixels: number): number {
  let version = 1;
  while (version < 40 && offlineQrModules(version + 1) * OFFLINE_QR_MIN_MODULE_PIXELS <= devicePixels) version++;
  return version;
}

/** Characters one code may hold on a drawing area this many device pixels wide. */
export function offlineQrCharsFor(devicePixels: number): number {
  return ALPHANUMERIC_CAPACITY_L[offlineQrVersionFor(devicePixels) - 1];
}

/** The smallest version that holds `chars` alphanumeric characters at L, or undefined past version 40. */
export function offlineQrVersionOf(chars: number): number | undefined {
  const index = ALPHANUMERIC_CAPACITY_L.findIndex((capacity) => capacity >= chars);
  return index < 0 ? undefined : index + 1;
}
