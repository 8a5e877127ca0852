/**
 * The offline QR transport (`FL1:` one code, `FL1/i/n/hash:` parts): what a wallet shows at a desk with
 * no network and what the verifier, the CLI and the border page read. Browser-safe, like the rest of
 * this entry: Compression Streams, Web Crypto and TextEncoder only.
 */
export { BASE45_ALPHABET, base45ToBytes, bytesToBase45 } from "./base45.ts";
export { MAX_INFLATED_BYTES } from "./deflate.ts";
export {
  MAX_OFFLINE_PRESENTATIONS,
  OFFLINE_LAYOUT_VERSION,
  readOfflineLayout,
  vpTokenOf,
  writeOfflineLayout,
  type OfflinePresentation,
  type OfflinePresentationItem,
  type OfflineTokenFormat,
} from "./presentation-layout.ts";
export { OFFLINE_QR_PREFIX, decodeOfflineQr, encodeOfflineQr, isOfflineQr } from "./offline-qr.ts";
export {
  MAX_OFFLINE_PARTS,
  OFFLINE_PART_PREFIX,
  OfflineQrAssembler,
  assembleOfflineQr,
  isOfflineQrPart,
  splitOfflineQr,
  type AssemblyProgress,
} from "./parts.ts";
export {
  ALPHANUMERIC_CAPACITY_L,
  OFFLINE_QR_CHARS,
  OFFLINE_QR_ERROR_CORRECTION,
  OFFLINE_QR_MIN_MODULE_PIXELS,
  OFFLINE_QR_QUIET_MODULES,
  offlineQrCharsFor,
  offlineQrModules,
  offlineQrVersionFor,
  offlineQrVersionOf,
} from "./sizes.ts";
