/**
 * Joining a presentation split over several QR codes. The FLP1 part format is @fairledger/common's
 * (qr-parts.ts, shared with the wallet that splits); here a broken set becomes ERR_INPUT_UNREADABLE.
 */
import { isFairLedgerError, isQrPart, joinQrParts, splitIntoQrParts } from "@fairledger/common";
import { VerifierError } from "../errors.ts";

export const isPresentationPart = isQrPart;

export function joinPresentationParts(texts: readonly string[]): string {
  try {
    return joinQrParts(texts);
  } catch (error) {
    if (isFairLedgerError(error, "ERR_QR_PARTS_INVALID"))
      throw new VerifierError("ERR_INPUT_UNREADABLE", error.message, { cause: error });
    throw error;
  }
}

/** Splits envelope text into QR part texts of at most `chunkSize` characters of payload each (the wallet's split). */
export function splitPresentationParts(text: string, chunkSize = 1200): string[] {
  return splitIntoQrParts(text, chunkSize + 16);
}
