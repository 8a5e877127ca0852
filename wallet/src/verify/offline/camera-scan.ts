/**
 * Reading QR codes from the desk's camera: getUserMedia (the rear camera where there is one) into a
 * video element, a frame looked at every SCAN_INTERVAL_MS by the browser's BarcodeDetector where it
 * reads QR codes, else by jsQR (lazily loaded, as the wallet's photo reader loads it). Each distinct
 * text read goes to `onCode`; the scan stops when `onCode` says it has everything, or on `stop()`.
 */
import { readQrFromFile } from "../../ui/qr-io.ts";

/** Often enough that a part shown for a second is read, rarely enough to leave the CPU to the page. */
const SCAN_INTERVAL_MS = 150;

export interface CameraScan {
  stop(): void;
}

type Decode = (video: HTMLVideoElement) => Promise<string | null>;

interface DetectorLike {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
interface DetectorClass {
  new (options: { formats: string[] }): DetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

async function chooseDecoder(): Promise<Decode> {
  const Detector = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (Detector && (await Detector.getSupportedFormats()).includes("qr_code")) {
    const detector = new Detector({ formats: ["qr_code"] });
    return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
  }
  // jsqr is a UMD bundle: its function is module.exports, and module.exports.default too.
  const jsQR = ((await import("jsqr")) as unknown as { default: typeof import("jsqr").default }).default;
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  if (!context) throw new Error("this browser gives no 2D canvas context");
  return async (video) => {
    if (video.videoWidth === 0) return null;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    context.drawImage(video, 0, 0);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" })?.data ?? null;
  };
}

/** Starts the camera into `video`; rejects when there is no camera or the officer refused it. */
export async function startCameraScan(video: HTMLVideoElement, onCode: (text: string) => boolean): Promise<CameraScan> {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: { ideal: "environment" } },
    audio: false,
  });
  let stopped = false;
  let last = "";
  const stop = () => {
    stopped = true;
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  try {
    video.srcObject = stream;
    await video.play();
    const decode = await chooseDecoder();
    const tick = async () => {
      if (stopped) return;
      const text = await decode(video).catch(() => null);
      if (stopped) return;
      if (text && text !== last) {
        last = text;
        if (onCode(text)) return stop();
      }
      setTimeout(() => void tick(), SCAN_INTERVAL_MS);
    };
    void tick();
  } catch (error) {
    stop();
    throw error;
  }
  return { stop };
}

/** The photo fallback: the code in a chosen picture (jsQR, as the wallet reads a request photo). */
export const readCodePhoto = (file: File): Promise<string> => readQrFromFile(file);
