/** Reads the text of the QR code in a PNG image (pngjs + jsQR, no native code, nothing on the network). */
import { PNG } from "pngjs";
import * as jsQRModule from "jsqr";
import { VerifierError } from "@fairledger/verifier";

// jsqr is CommonJS with `exports.default`; under ESM interop the function sits at `.default` or `.default.default`.
type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const moduleValue = jsQRModule as unknown as { default: JsQr | { default: JsQr } };
const jsQR: JsQr = typeof moduleValue.default === "function" ? moduleValue.default : moduleValue.default.default;

export const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && Buffer.from(bytes.subarray(0, 8)).equals(PNG_MAGIC);
}

export function readQrPng(bytes: Uint8Array, source = "image"): string {
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes));
  } catch {
    throw new VerifierError("ERR_INPUT_UNREADABLE", `${source} is not a readable PNG image`);
  }
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  if (!code) throw new VerifierError("ERR_INPUT_UNREADABLE", `no QR code found in ${source}`);
  return code.data;
}
