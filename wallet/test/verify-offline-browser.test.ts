/**
 * The border desk's offline mode (/verify/, issue #14) in Chromium, against the issuer service on a local
 * chain: the desk fetches a trust snapshot (GET /trust-snapshot) and shows its age, shows its request, the
 * worker's wallet (its own modules on Node) answers with its offline QR, and the page verifies that code
 * itself with the verifier library's checks. The camera path is real: Chromium's fake camera plays a .y4m
 * video made here from the wallet's QR. Forged codes are NOT VALID with the failing check named, a snapshot
 * past its maximum age is CANNOT CHECK, a photo works as well as the camera, in English and Arabic.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import QRCode from "qrcode";
import { PNG } from "pngjs";
import {
  OFFLINE_QR_ERROR_CORRECTION,
  OFFLINE_QR_QUIET_MODULES,
  encodeOfflineQr,
  splitOfflineQr,
  type AnchorProof,
} from "@fairledger/common";
import { credentialDigest } from "@fairledger/common/node";
import { createHolderKey, type HolderKey } from "../src/lib/holder-key.ts";
import { parsePickupInput } from "../src/pickup/offer.ts";
import { pickUpCredential } from "../src/pickup/pickup.ts";
import { fetchAnchor } from "../src/pickup/ledger-status.ts";
import { buildPresentation } from "../src/present/build-presentation.ts";
import { OFFLINE_QUERY_ID } from "../src/ui/actions.ts";
import { startWalletStack, type WalletStack } from "./support/stack.ts";
import { LAPTOP, officialPageDriver } from "./support/official-page.ts";
import { launchPhoneBrowser, updateScreenshot, type Browser } from "./support/browser.ts";

const walletDir = fileURLToPath(new URL("..", import.meta.url));
const messages = (lang: "en" | "ar") =>
  JSON.parse(readFileSync(new URL(`../src/verify/locales/${lang}.json`, import.meta.url), "utf8")) as Record<
    string,
    string
  >;
/** The fake camera's frame: square, even sides (4:2:0 chroma halves them). */
const FRAME = 720;

/** A QR code of `text` as the wallet draws it (error correction, quiet zone), as an RGBA PNG. */
async function qrPng(text: string, scale: number): Promise<Buffer> {
  return QRCode.toBuffer(text, {
    errorCorrectionLevel: OFFLINE_QR_ERROR_CORRECTION,
    margin: OFFLINE_QR_QUIET_MODULES,
    scale,
  });
}

/**
 * A Y4M video (YUV4MPEG2, 4:2:0) of `png` centred on a white frame, as Chromium's
 * --use-file-for-fake-video-capture plays it: header, then FRAME + Y plane + U and V planes at 128 (grey).
 */
function y4mOf(png: Buffer | null, frames = 10): Buffer {
  const luma = Buffer.alloc(FRAME * FRAME, 255);
  if (png) {
    const image = PNG.sync.read(png);
    assert.ok(image.width <= FRAME && image.height <= FRAME, `the code (${image.width} px) fits the ${FRAME} px frame`);
    const left = Math.floor((FRAME - image.width) / 2);
    const top = Math.floor((FRAME - image.height) / 2);
    for (let y = 0; y < image.height; y++)
      for (let x = 0; x < image.width; x++) {
        const at = (y * image.width + x) * 4;
        const value = Math.round(0.299 * image.data[at]! + 0.587 * image.data[at + 1]! + 0.114 * image.data[at + 2]!);
        luma[(top + y) * FRAME + left + x] = value;
      }
  }
  const chroma = Buffer.alloc((FRAME / 2) * (FRAME / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]);
  return Buffer.concat([
    Buffer.from(`YUV4MPEG2 W${FRAME} H${FRAME} F10:1 Ip A1:1 C420jpeg\n`),
    ...Array.from({ length: frames }, () => frame),
  ]);
}

describe("the border desk's offline mode in Chromium", { timeout: 300_000 }, () => {
  let stack: WalletStack;
  let holder: HolderKey;
  let credential: string;
  let anchor: AnchorProof | undefined;
  let browser: Browser;
  const { noAxeViolationsAtBothWidths } = officialPageDriver(() => browser.page);
  let videoDir: string;
  let video: string;

  before(async () => {
    execFileSync(process.execPath, ["build.mjs"], { cwd: walletDir, stdio: "ignore" });
    stack = await startWalletStack(`${walletDir}dist`);
    holder = await createHolderKey();
    const caseId = await stack.caseWithAnchoredContract();
    const offer = await stack.offer(caseId);
    credential = await pickUpCredential(fetch, parsePickupInput(offer.credentialOfferUri, stack.apiUrl), holder);
    const digest = credentialDigest(credential.split("~")[0]!);
    await stack.waitUntilAnchored(digest);
    anchor = await fetchAnchor(fetch, stack.apiUrl, digest);
    // The camera's video is written per traveller (the request's nonce is in the code): a blank one until then.
    videoDir = mkdtempSync(join(tmpdir(), "fairledger-desk-camera-"));
    video = join(videoDir, "camera.y4m");
    writeFileSync(video, y4mOf(null));
    browser = await launchPhoneBrowser(1, {
      args: [
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
    await browser.page.setViewportSize(LAPTOP);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
    if (videoDir) rmSync(videoDir, { recursive: true, force: true });
  });

  /** The wallet's offline QR text for the desk's current request, as makePresentationQr makes it. */
  async function walletCode(forge: (presentation: string) => string = (same) => same): Promise<string> {
    const { page } = browser;
    const aud = (await page.textContent("#offline-aud"))!;
    const nonce = (await page.textContent("#offline-nonce"))!;
    const presentation = await buildPresentation(
      credential,
      new Set(["employerName"]),
      { aud, nonce, claims: [] },
      holder.privateKey,
      new Date(),
    );
    return encodeOfflineQr({
      presentations: [
        { queryId: OFFLINE_QUERY_ID, format: "vc+sd-jwt", token: forge(presentation), ...(anchor ? { anchor } : {}) },
      ],
    });
  }

  async function newTraveller(): Promise<void> {
    const { page } = browser;
    const before = await page.evaluate(() => document.querySelector("#offline-nonce")?.textContent ?? null);
    await page.click("#offline-traveller");
    await page.waitForFunction((previous) => {
      const nonce = document.querySelector("#offline-nonce")?.textContent;
      return Boolean(nonce) && nonce !== previous && document.querySelector("#verdict") === null;
    }, before);
  }

  async function typeCodes(codes: string[]): Promise<void> {
    await browser.page.fill("#scan-text", codes.join("\n"));
    await browser.page.click("#scan-text-form button[type=submit]");
  }

  async function verdict(): Promise<{ outcome: string | null; failed: string[] }> {
    const { page } = browser;
    await page.waitForSelector("#verdict");
    return {
      outcome: await page.getAttribute("#verdict", "data-outcome"),
      failed: await page
        .locator("#checks li[data-state=failed]")
        .evaluateAll((items) => items.map((item) => item.getAttribute("data-check") ?? "")),
    };
  }

  it("the service serves the trust snapshot (public, no-store) and documents it", async () => {
    const response = await fetch(`${stack.apiUrl}/trust-snapshot`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("cache-control"), "no-store");
    const snapshot = (await response.json()) as { type: string; version: number; block: { number: number } };
    assert.equal(snapshot.type, "FairLedgerTrustSnapshot");
    assert.equal(snapshot.version, 2);
    const openapi = (await (await fetch(`${stack.apiUrl}/openapi.json`)).json()) as {
      paths: Record<string, { get?: { operationId?: string; responses?: Record<string, unknown> } }>;
    };
    const operation = openapi.paths["/trust-snapshot"]?.get;
    assert.equal(operation?.operationId, "getTrustSnapshot");
    assert.ok(operation?.responses?.["429"] && operation.responses["503"]);
  });

  it("without a snapshot the desk says so and refuses to check; refreshed, its age is on screen", async () => {
    const { page } = browser;
    await page.goto(`${stack.service.url}/verify/`);
    await page.waitForSelector("body[data-ready]");
    assert.equal(await page.getAttribute("#snapshot-age", "data-state"), "none");
    await page.click("#mode-offline");
    await newTraveller();
    await typeCodes([await walletCode()]);
    assert.equal((await verdict()).outcome, "cannot-verify");
    assert.equal(await page.textContent("#verdict .verdict-advice"), messages("en")["offline.tooOld"]);

    await page.click("#refresh-snapshot");
    await page.waitForSelector("#snapshot-age[data-state=fresh]");
    assert.match((await page.textContent("#snapshot-age"))!, /Trust snapshot: \d+ s old \(block \d+\)\. .* 24 h old/);
    await newTraveller();
    await noAxeViolationsAtBothWidths();
  });

  it("the camera reads the wallet's offline QR and the page shows VALID, logged as an offline check", async () => {
    const { page } = browser;
    await page.setViewportSize(LAPTOP);
    await newTraveller();
    const code = await walletCode();
    assert.match(code, /^FL1:/);
    writeFileSync(video, y4mOf(await qrPng(code, 4)));
    await page.click("#scan-camera");
    const shown = await verdict();
    assert.deepEqual(shown, { outcome: "valid", failed: [] });
    assert.equal(await page.textContent("#verdict .verdict-text"), "VALID");
    for (const check of [
      "issuer-signature",
      "key-binding",
      "issuer-licensed",
      "anchored",
      "not-revoked",
      "not-replayed",
    ])
      assert.equal(await page.getAttribute(`#checks li[data-check="${check}"]`, "data-state"), "passed", check);
    // The traveller's nonce is spent: the request and its camera view are gone with it.
    assert.equal(await page.locator("#offline-request, #camera-view").count(), 0);
    assert.match((await page.textContent("#shift-log tbody tr:first-child"))!, /VALID \(offline\)/);
    await noAxeViolationsAtBothWidths();
    await page.setViewportSize(LAPTOP);
    await updateScreenshot(page, "verify-offline.png", { fullPage: true });
  });

  it("a forged code is NOT VALID and names the failing check", async () => {
    const { page } = browser;
    await newTraveller();
    // The issuer-signed JWT's payload altered after signing: its validity a year longer, still valid JSON.
    const altered = await walletCode((presentation) => {
      const [jwt, ...rest] = presentation.split("~");
      const [header, payload, signature] = jwt!.split(".");
      const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")) as { exp?: number };
      const forged = Buffer.from(JSON.stringify({ ...claims, exp: (claims.exp ?? 0) + 365 * 86_400 })).toString(
        "base64url",
      );
      return [`${header}.${forged}.${signature}`, ...rest].join("~");
    });
    await typeCodes([altered]);
    assert.deepEqual(await verdict(), { outcome: "invalid", failed: ["issuer-signature"] });

    // A genuine code made for another desk's request (another nonce): refused by its key binding.
    await newTraveller();
    const otherNonce = await walletCode();
    await newTraveller();
    await typeCodes([otherNonce]);
    assert.deepEqual(await verdict(), { outcome: "invalid", failed: ["key-binding"] });
    // The check's meaning in the officer's language first, then the verifier's own words, which name the nonce.
    assert.match((await page.textContent('#checks li[data-check="key-binding"] details span[lang="en"]'))!, /nonce/);
  });

  it("the photo fallback and the parts of the multi-part fallback read the same code", async () => {
    const { page } = browser;
    await newTraveller();
    await page.setInputFiles("#scan-photo", {
      name: "code.png",
      mimeType: "image/png",
      buffer: await qrPng(await walletCode(), 4),
    });
    assert.deepEqual(await verdict(), { outcome: "valid", failed: [] });

    await newTraveller();
    const parts = await splitOfflineQr(await walletCode(), 300);
    assert.ok(parts.length >= 3);
    // One at a time, in any order, as a camera reads a wallet showing them in turn.
    await typeCodes([parts[1]!]);
    await page.waitForFunction(() => /1 of/.test(document.getElementById("parts-progress")?.textContent ?? ""));
    await typeCodes([...parts].reverse());
    assert.deepEqual(await verdict(), { outcome: "valid", failed: [] });
  });

  it("in Arabic the page reads right to left, with no axe violations", async () => {
    const { page } = browser;
    await page.selectOption("#language-select", "ar");
    await page.waitForSelector("html[lang=ar][dir=rtl]");
    assert.equal(await page.textContent("#mode-offline"), messages("ar")["mode.offline"]);
    await newTraveller();
    await typeCodes([await walletCode()]);
    assert.equal((await verdict()).outcome, "valid");
    assert.equal(await page.textContent("#verdict .verdict-text"), messages("ar")["verdict.valid"]);
    await noAxeViolationsAtBothWidths();
    await page.selectOption("#language-select", "en");
    await page.waitForSelector("html[lang=en]");
  });

  it("a snapshot older than the maximum age is CANNOT CHECK: reconnect to refresh", async () => {
    const { page } = browser;
    await page.setViewportSize(LAPTOP);
    await newTraveller();
    const code = await walletCode();
    // The officer's setting: 1 h; the desk's clock 2 h on (injected time, not a wait).
    await page.fill("#max-age-input", "1");
    await page.click("#max-age-form button[type=submit]");
    await page.clock.setFixedTime(Date.now() + 2 * 3600_000);
    await typeCodes([code]);
    assert.deepEqual(await verdict(), { outcome: "cannot-verify", failed: [] });
    assert.equal(await page.textContent("#verdict .verdict-text"), "CANNOT CHECK");
    assert.equal(await page.textContent("#verdict .verdict-advice"), messages("en")["offline.tooOld"]);
    assert.equal(await page.getAttribute("#snapshot-age", "data-state"), "too-old");
    // A maximum age outside 1…168 h is refused, naming the range.
    await page.fill("#max-age-input", "0");
    await page.click("#max-age-form button[type=submit]");
    await page.waitForSelector("#status.error");
    assert.equal(await page.getAttribute("#max-age-input", "aria-invalid"), "true");
  });
});
