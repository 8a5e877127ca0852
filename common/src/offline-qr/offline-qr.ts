/**
 * The offline QR transport, for a border desk with no network between phone and desk: one code whose
 * text is `FL1:` + Base45(zlib deflate(layout 1 bytes)) — the EU DCC's `HC1:` recipe, with FairLedger's
 * own layout (presentation-layout.ts) where the DCC has COSE/CBOR. Every character is in the QR
 * alphanumeric set, so the code is drawn in alphanumeric mode (5.5 bits a character).
 *
 * The prefix names the version of the whole recipe: a reader refuses any other (`FL2:` will mean a
 * change it cannot read). When one code cannot hold it, parts.ts splits the same text.
 */
import { FairLedgerError } from "../errors.ts";
import { base45ToBytes, bytesToBase45 } from "./base45.ts";
import { deflate, inflate } from "./deflate.ts";
import { readOfflineLayout, writeOfflineLayout, type OfflinePresentation } from "./presentation-layout.ts";

export const OFFLINE_QR_PREFIX = "FL1:";
/** Any FairLedger offline QR version, so a reader can say "a newer version" rather than "not a QR of ours". */
const ANY_VERSION = /^FL(\d+):/;

/** True for the text of a whole offline QR of any version (a reader then says whether it knows the version). */
export function isOfflineQr(text: string): boolean {
  return ANY_VERSION.test(text.trim());
}

/**
 * The single-code text of an offline presentation. Anchor proofs go without their transaction hash and
 * block number unless `anchorHints` is set: those help a person with a block explorer, the verifier
 * never reads them (it checks chain, ledger, root and proof), and they cost 52 characters of the code.
 */
export async function encodeOfflineQr(
  offline: OfflinePresentation,
  options: { anchorHints?: boolean } = {},
): Promise<string> {
  const presentations = options.anchorHints
    ? offline.presentations
    : offline.presentations.map(({ anchor, ...item }) => {
        if (!anchor) return item;
        const { transactionHash: _hash, blockNumber: _block, ...checked } = anchor;
        return { ...item, anchor: checked };
      });
  return OFFLINE_QR_PREFIX + bytesToBase45(await deflate(writeOfflineLayout({ presentations })));
}

/** The compressed bytes a `FL1:` text carries; throws FairLedgerError ERR_QR_PAYLOAD_INVALID. */
export function offlineQrBytes(text: string): Uint8Array {
  const trimmed = text.trim();
  if (!trimmed.startsWith(OFFLINE_QR_PREFIX)) {
    const version = ANY_VERSION.exec(trimmed)?.[1];
    throw new FairLedgerError(
      "ERR_QR_PAYLOAD_INVALID",
      version
        ? `offline QR version ${version} is not known to this reader (it reads ${OFFLINE_QR_PREFIX})`
        : `an offline presentation starts with ${OFFLINE_QR_PREFIX}`,
    );
  }
  return base45ToBytes(trimmed.slice(OFFLINE_QR_PREFIX.length));
}

/** Inflates and reads compressed layout bytes. */
export async function readCompressedOfflineLayout(bytes: Uint8Array): Promise<OfflinePresentation> {
  return readOfflineLayout(await inflate(bytes));
}

/** Reads a single-code `FL1:` text; throws FairLedgerError ERR_QR_PAYLOAD_INVALID, saying what is wrong. */
export async function decodeOfflineQr(text: string): Promise<OfflinePresentation> {
  return readCompressedOfflineLayout(offlineQrBytes(text));
}
