/**
 * Reading the offline QR transport (@fairledger/common offline-qr: `FL1:` one code, `FL1/i/n/hash:`
 * parts): its one presentation and anchor proof become a DecodedInput exactly as a presentation
 * envelope does, through the same checks (decode-input.ts). Broken codes become ERR_INPUT_UNREADABLE
 * with common's words (what is missing, cut or foreign).
 */
import {
  PRESENTATION_ENVELOPE_TYPE,
  assembleOfflineQr,
  isFairLedgerError,
  isOfflineQr,
  isOfflineQrPart,
  type OfflinePresentation,
  type PresentationEnvelope,
} from "@fairledger/common";
import { VerifierError } from "../errors.ts";
import { decodeInputText, type DecodedInput } from "./decode-input.ts";

/** True for the text of an offline QR code or of one or more of its parts (one per line). */
export function isOfflineQrInput(text: string): boolean {
  return isOfflineQr(text) || isOfflineQrPart(text);
}

/** Reads the codes (each a `FL1:` text or a part, in any order; lines of one text count as codes). */
export async function readOfflineQrCodes(texts: readonly string[]): Promise<OfflinePresentation> {
  const codes = texts.flatMap((text) =>
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
  );
  try {
    return await assembleOfflineQr(codes);
  } catch (error) {
    if (
      isFairLedgerError(error, "ERR_QR_PAYLOAD_INVALID") ||
      isFairLedgerError(error, "ERR_QR_PARTS_MISSING") ||
      isFairLedgerError(error, "ERR_QR_PART_FOREIGN")
    )
      throw new VerifierError("ERR_INPUT_UNREADABLE", error.message, { cause: error });
    throw error;
  }
}

/** The one presentation of an offline QR as the verifier's input (several are not verified at once yet). */
export function offlineInput(offline: OfflinePresentation): DecodedInput {
  const [only, ...others] = offline.presentations;
  if (!only || others.length > 0)
    throw new VerifierError(
      "ERR_INPUT_UNREADABLE",
      `the offline QR holds ${offline.presentations.length} presentations; this verifier checks one at a time`,
    );
  const envelope: PresentationEnvelope = {
    type: PRESENTATION_ENVELOPE_TYPE,
    version: 1,
    format: only.format,
    presentation: only.token,
    ...(only.anchor ? { anchor: only.anchor } : {}),
  };
  return decodeInputText(JSON.stringify(envelope));
}

export async function decodeOfflineQrInput(texts: readonly string[]): Promise<DecodedInput> {
  return offlineInput(await readOfflineQrCodes(texts));
}

/** Any input text, offline QR codes included (their inflating is asynchronous; the rest is not). */
export async function decodeInput(text: string): Promise<DecodedInput> {
  return isOfflineQrInput(text) ? decodeOfflineQrInput([text]) : decodeInputText(text);
}
