/**
 * QR codes in and out: reading a chosen photo with jsQR (loaded only when needed) and drawing the
 * presentation parts with qrcode at a whole number of pixels per module, so every code stays sharp
 * for a camera or a screenshot.
 */
import QRCode from "qrcode";
import { WalletError } from "../lib/errors.ts";
import { QR_ERROR_CORRECTION } from "../present/qr-parts.ts";

export async function readQrFromFile(file: File): Promise<string> {
  // jsqr is a UMD bundle: its function is module.exports, and module.exports.default too.
  const jsqrModule = (await import("jsqr")) as unknown as { default: typeof import("jsqr").default };
  const jsQR = jsqrModule.default;
  const bitmap = await createImageBitmap(file);
  const canvas = document.createElement("canvas");
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext("2d")!;
  context.drawImage(bitmap, 0, 0);
  const image = context.getImageData(0, 0, canvas.width, canvas.height);
  const code = jsQR(image.data, image.width, image.height);
  if (!code) throw new WalletError("ERR_QR_UNREADABLE", "no QR code in the image");
  return code.data;
}

/** A PNG data URL of the code, as wide as `maxWidth` allows with whole pixels per module (at least 3). */
export async function qrPngDataUrl(text: string, maxWidth: number): Promise<{ url: string; width: number }> {
  const margin = 4;
  const modules = QRCode.create(text, { errorCorrectionLevel: QR_ERROR_CORRECTION }).modules.size + 2 * margin;
  const scale = Math.max(3, Math.min(8, Math.floor(maxWidth / modules)));
  const url = await QRCode.toDataURL(text, { errorCorrectionLevel: QR_ERROR_CORRECTION, margin, scale });
  return { url, width: modules * scale };
}
