/**
 * Base45 (RFC 9285): bytes as characters of the QR alphanumeric set, so a code holds 5.5 bits per
 * character instead of 8 per byte — the encoding the EU Digital COVID Certificate uses for `HC1:`.
 *
 * Our own 40 lines rather than npm `base45` 3.0.0 (which the tests use as an independent cross-check):
 * that package calls Node's `Buffer`, which the wallet's and the border page's browsers lack, and it
 * decodes anything — a character outside the alphabet or a group above 65535 becomes silent garbage,
 * where RFC 9285 §4.2 says the decoder must fail.
 */
import { FairLedgerError } from "../errors.ts";

export const BASE45_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

const VALUE_OF = new Map([...BASE45_ALPHABET].map((char, value) => [char, value]));

export function bytesToBase45(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const n = bytes[i] * 256 + bytes[i + 1];
    text += BASE45_ALPHABET[n % 45] + BASE45_ALPHABET[Math.floor(n / 45) % 45] + BASE45_ALPHABET[Math.floor(n / 2025)];
  }
  if (bytes.length % 2 === 1) {
    const n = bytes[bytes.length - 1];
    text += BASE45_ALPHABET[n % 45] + BASE45_ALPHABET[Math.floor(n / 45)];
  }
  return text;
}

function invalid(message: string): FairLedgerError {
  return new FairLedgerError("ERR_QR_PAYLOAD_INVALID", `not Base45: ${message}`);
}

/** Strict decoding: throws FairLedgerError ERR_QR_PAYLOAD_INVALID on any text RFC 9285 §4.2 rejects. */
export function base45ToBytes(text: string): Uint8Array {
  if (text.length % 3 === 1)
    throw invalid(`${text.length} characters cannot be whole groups (was the text cut short?)`);
  const bytes = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  const digit = (position: number): number => {
    const value = VALUE_OF.get(text[position]);
    if (value === undefined) throw invalid(`character ${JSON.stringify(text[position])} at ${position}`);
    return value;
  };
  let out = 0;
  for (let i = 0; i < text.length; i += 3) {
    if (i + 2 < text.length) {
      const n = digit(i) + digit(i + 1) * 45 + digit(i + 2) * 2025;
      if (n > 0xffff) throw invalid(`group at ${i} is above 65535`);
      bytes[out++] = n >> 8;
      bytes[out++] = n & 0xff;
    } else {
      const n = digit(i) + digit(i + 1) * 45;
      if (n > 0xff) throw invalid("its last group is above 255 (was the text cut short?)");
      bytes[out++] = n;
    }
  }
  return bytes;
}
