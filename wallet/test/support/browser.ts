/**
 * Chromium for the wallet's browser tests: Debian's /usr/bin/chromium driven by playwright-core, with
 * a fresh profile each time, a 360 px wide phone viewport, and no network beyond loopback.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { PNG } from "pngjs";
import jsqr from "jsqr";

export const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** More Chromium switches, e.g. --host-resolver-rules or --ignore-certificate-errors-spki-list. */
  args?: string[];
  /**
   * false to have the page's Content-Security-Policy apply as it would on a phone (axe-core then cannot be
   * injected).
   */
  bypassCSP?: boolean;
}

/** A phone-sized window; `deviceScaleFactor` 2 is a typical phone screen, 1 the worst case for QR sharpness. */
export async function launchPhoneBrowser(deviceScaleFactor = 2, options: LaunchOptions = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "fairledger-wallet-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    headless: true,
    viewport: { width: 360, height: 780 },
    deviceScaleFactor,
    // Only so axe-core can be injected into a page whose CSP forbids inline scripts.
    bypassCSP: options.bypassCSP ?? true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const axePath = fileURLToPath(import.meta.resolve("axe-core/axe.min.js"));

/** axe-core's violations on the page as it is now (WCAG 2 A/AA and best practices). */
export async function axeViolations(page: Page): Promise<{ id: string; help: string; nodes: string[] }[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(): Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> };
      }
    ).axe;
    const result = await axe.run();
    return result.violations.map((violation) => ({
      id: violation.id,
      help: violation.help,
      nodes: violation.nodes.map((node) => JSON.stringify(node.target)),
    }));
  });
}

// jsqr is CommonJS: under Node ESM its default import is the function itself.
const jsQR = jsqr as unknown as typeof import("jsqr").default;

/** The text of the QR code in a PNG (a screenshot), read with jsQR as the verifier CLI does. */
export function decodeQrPng(png: Buffer): string {
  const image = PNG.sync.read(png);
  const code = jsQR(
    new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length),
    image.width,
    image.height,
  );
  if (!code) throw new Error("no QR code in the screenshot");
  return code.data;
}

/**
 * Screenshots of every code the wallet shows for a presentation: the one code, or each part of the
 * fallback in turn (the page shows one at a time; "Next" brings the following one).
 */
export async function shownQrScreenshots(page: Page): Promise<Buffer[]> {
  const waitForImage = (part: number) =>
    page.waitForFunction((expected) => {
      const image = document.querySelector<HTMLImageElement>("img.qr");
      return image?.dataset.part === String(expected) && image.complete && image.src.startsWith("data:image/png");
    }, part);
  await waitForImage(1);
  const image = page.locator("img.qr");
  const count = Number(await image.getAttribute("data-parts"));
  const shots: Buffer[] = [];
  for (let part = 1; part <= count; part++) {
    if (part > 1) {
      await page.click("#qr-next");
      await waitForImage(part);
    }
    shots.push(await image.screenshot());
  }
  return shots;
}

/**
 * Refreshes README's picture `wallet/screenshots/<name>` of a page or of one element, only when asked
 * (`UPDATE_SCREENSHOTS=1`): a test run leaves the working tree as it found it.
 */
export async function updateScreenshot(
  target: { screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown> },
  name: string,
  { fullPage = false }: { fullPage?: boolean } = {},
): Promise<void> {
  if (!process.env.UPDATE_SCREENSHOTS) return;
  const directory = fileURLToPath(new URL("../../screenshots/", import.meta.url));
  mkdirSync(directory, { recursive: true });
  await target.screenshot({ path: join(directory, name), ...(fullPage ? { fullPage } : {}) });
}
