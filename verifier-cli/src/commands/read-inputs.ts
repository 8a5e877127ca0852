/**
 * Reading the files (or stdin, "-") named on the command line, grouping QR parts into one input, and
 * turning a group into what the library verifies: an offline QR (`FL1:` one code, or `FL1/i/n/hash:`
 * parts in any order), the older FLP1 parts of a JSON envelope, or one text or JSON file.
 */
import { readFileSync } from "node:fs";
import {
  MAX_INPUT_BYTES,
  VerifierError,
  decodeInputText,
  decodeOfflineQrInput,
  isOfflineQrInput,
  isPresentationPart,
  joinPresentationParts,
  type DecodedInput,
} from "@fairledger/verifier";
import { isPng, readQrPng } from "../input/qr-image.ts";

/** One file (or stdin) as read: a QR PNG image, text or JSON. */
export interface InputItem {
  bytes: Uint8Array;
  source: string;
}

export function readInputs(paths: readonly string[]): InputItem[] {
  let stdinUsed = false;
  return paths.map((path) => {
    if (path === "-") {
      if (stdinUsed) throw new VerifierError("ERR_USAGE", "stdin (-) can be named only once");
      stdinUsed = true;
      return { bytes: readFileSync(0), source: "stdin" };
    }
    try {
      return { bytes: readFileSync(path), source: path };
    } catch {
      throw new VerifierError("ERR_USAGE", `cannot read ${path}`);
    }
  });
}

/** Several QR parts (FL1/i/n/hash or FLP1:i/n) form one presentation; otherwise each file is verified on its own. */
export function groupInputs(items: readonly InputItem[]): InputItem[][] {
  if (items.length <= 1) return [items.slice()];
  const allParts = items.every((item) => {
    try {
      const text = isPng(item.bytes)
        ? readQrPng(item.bytes, item.source)
        : Buffer.from(item.bytes).toString("utf8").trim();
      return isPresentationPart(text) || isOfflineQrInput(text);
    } catch {
      return false;
    }
  });
  return allParts ? [items.slice()] : items.map((item) => [item]);
}

function itemTexts(items: readonly InputItem[]): string[] {
  if (items.length === 0) throw new VerifierError("ERR_INPUT_UNREADABLE", "nothing to verify");
  return items.map((item) => {
    if (item.bytes.length > MAX_INPUT_BYTES * 8)
      throw new VerifierError("ERR_INPUT_UNREADABLE", `${item.source} is too large`);
    return isPng(item.bytes) ? readQrPng(item.bytes, item.source) : Buffer.from(item.bytes).toString("utf8").trim();
  });
}

/** One input group decoded: offline QR codes are assembled and inflated, anything else read as text. */
export async function decodeInputGroup(items: readonly InputItem[]): Promise<DecodedInput> {
  const texts = itemTexts(items);
  if (texts.some(isOfflineQrInput)) return decodeOfflineQrInput(texts);
  return decodeInputText(joinedText(texts));
}

/** A QR image's content, a file's text, or FLP1 parts joined into one. */
function joinedText(texts: readonly string[]): string {
  const [first] = texts;
  if (texts.length === 1 && first !== undefined && !isPresentationPart(first)) return first;
  // Several images (or lines) are the parts of one presentation.
  const parts = texts.flatMap((text) =>
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
  );
  return joinPresentationParts(parts);
}
