/**
 * QR codes in and out: reading a chosen photo with jsQR (loaded only when needed) and drawing the
 * offline presentation code with qrcode at a whole number of device pixels per module (at least
 * OFFLINE_QR_MIN_MODULE_PIXELS), so every code stays sharp for a camera or a screenshot.
 */
import QRCode from "qrcode";
import { WalletError } from "../lib/errors.ts";
import {
  OFFLINE_QR_ERROR_CORRECTION,
  OFFLINE_QR_MIN_MODULE_PIXELS,
  OFFLINE_QR_QUIET_MODULES,
  offlineQrCharsFor,
} from "@fairledger/common";

export async function readQrFromFile(file: File): Promise<string> {
  // jsqr is a UMD bundle: its function is module.exports, and module.exports.default too.
  const jsqrModule = (await import("jsqr")) as unknown as { default: typeof import("jsqr").default };
  const jsQR = jsqrModule.default;
  const bitmap = await createImageBitmap(file);
  const canvas = document.createElement("canvas");
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("this browser gives no 2D canvas context");
  context.drawImage(bitmap, 0, 0);
  const image = context.getImageData(0, 0, canvas.width, canvas.height);
  const code = jsQR(image.data, image.width, image.height);
  if (!code) throw new WalletError("ERR_QR_UNREADABLE", "no QR code in the image");
  return code.data;
}

/**
 * A photo of a QR code chosen in `file` fills `field` with the code's text, then `use` gets that text; a
 * photo without a readable code goes to `onUnreadable` and `use` does not run.
 */
export function readQrPhotoInto(
  file: HTMLInputElement,
  field: { value: string },
  use: (text: string) => unknown,
  onUnreadable: (error: unknown) => void,
): void {
  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    try {
      field.value = await readQrFromFile(chosen);
    } catch (error) {
      onUnreadable(error);
      return;
    }
    await use(field.value);
  });
}

/** Device pixels available for one code: the content column at this screen's pixel ratio. */
export function qrDevicePixels(): { devicePixels: number; ratio: number } {
  const ratio = Math.max(1, window.devicePixelRatio || 1);
  const cssWidth = Math.min(480, document.documentElement.clientWidth - 24);
  return { devicePixels: Math.floor(cssWidth * ratio), ratio };
}

/** Characters one offline code may hold on this screen (see common's offline-qr/sizes.ts). */
export function offlineQrCharsOnThisScreen(): number {
  return offlineQrCharsFor(qrDevicePixels().devicePixels);
}

/** A PNG data URL of the code with whole device pixels per module (at least 4), and its CSS width. */
export async function qrPngDataUrl(text: string): Promise<{ url: string; cssWidth: number }> {
  const { devicePixels, ratio } = qrDevicePixels();
  const modules =
    QRCode.create(text, { errorCorrectionLevel: OFFLINE_QR_ERROR_CORRECTION }).modules.size +
    2 * OFFLINE_QR_QUIET_MODULES;
  const scale = Math.max(OFFLINE_QR_MIN_MODULE_PIXELS, Math.min(12, Math.floor(devicePixels / modules)));
  const url = await QRCode.toDataURL(text, {
    errorCorrectionLevel: OFFLINE_QR_ERROR_CORRECTION,
    margin: OFFLINE_QR_QUIET_MODULES,
    scale,
  });
  return { url, cssWidth: (modules * scale) / ratio };
}
