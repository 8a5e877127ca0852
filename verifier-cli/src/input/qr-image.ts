/** Reads the text of the QR code in a PNG image (pngjs + jsQR, no native code, nothing on the network). */
import { createRequire } from "node:module";
import type { PNG as PngClass } from "pngjs";
import { VerifierError } from "@fairledger/verifier";

type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;

// Loaded on the first image, not at start-up: a text or JSON presentation (the common case at a desk)
// should not pay for them (jsqr alone took ~80 ms of a `fairledger verify` start-up). Both are CommonJS.
let decoders: { PNG: typeof PngClass; jsQR: JsQr } | undefined;
function qrDecoders(): { PNG: typeof PngClass; jsQR: JsQr } {
  if (!decoders) {
    const require = createRequire(import.meta.url);
    // jsqr is CommonJS with `exports.default`.
    const jsQRModule = require("jsqr") as { default: JsQr };
    decoders = { PNG: (require("pngjs") as { PNG: typeof PngClass }).PNG, jsQR: jsQRModule.default };
  }
  return decoders;
}

export const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && Buffer.from(bytes.subarray(0, 8)).equals(PNG_MAGIC);
}

export function readQrPng(bytes: Uint8Array, source = "image"): string {
  const { PNG, jsQR } = qrDecoders();
  let png: PngClass;
  try {
    png = PNG.sync.read(Buffer.from(bytes));
  } catch {
    throw new VerifierError("ERR_INPUT_UNREADABLE", `${source} is not a readable PNG image`);
  }
  const code = jsQR(
    new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
    png.width,
    png.height,
  );
  if (!code) throw new VerifierError("ERR_INPUT_UNREADABLE", `no QR code found in ${source}`);
  return code.data;
}
