/** Reading the files (or stdin, "-") named on the command line, and grouping QR parts into one input. */
import { readFileSync } from "node:fs";
import { VerifierError } from "../errors.ts";
import { isPng, readQrPng } from "../input/qr-image.ts";
import { isPresentationPart } from "../input/presentation-parts.ts";
import type { InputItem } from "../input/decode-input.ts";

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

/** Several QR parts (FLP1:i/n) form one presentation; otherwise each file is verified on its own. */
export function groupInputs(items: readonly InputItem[]): InputItem[][] {
  if (items.length <= 1) return [items.slice()];
  const allParts = items.every((item) => {
    try {
      const text = isPng(item.bytes) ? readQrPng(item.bytes, item.source) : Buffer.from(item.bytes).toString("utf8").trim();
      return isPresentationPart(text);
    } catch {
      return false;
    }
  });
  return allParts ? [items.slice()] : items.map((item) => [item]);
}
