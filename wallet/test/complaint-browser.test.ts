/**
 * "Report a problem" end to end at phone width: the real issuer service on a local chain serves the built
 * wallet; the worker picks up a paper, opens "Report a problem" on its card, chooses "I was charged a
 * fee", writes what happened, adds a receipt photo and sends (anonymous to the agency by default). The
 * authority of the agency's country lists the agency's complaints through the API, sees the text and no
 * filer, and marks it handled with an outcome; the wallet then shows "Handled" and the outcome. The
 * messages appear in the live region at the top; axe-core finds nothing at 360 and 1280 px.
 * Screenshot: wallet/screenshots/complaint.png.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { axeViolations, launchPhoneBrowser, updateScreenshot, type Browser } from "./support/browser.ts";
import { startWalletStack, type WalletStack } from "./support/stack.ts";

const walletDir = fileURLToPath(new URL("..", import.meta.url));
const localeOf = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../src/locales/${lang}.json`, import.meta.url), "utf8")) as Record<string, string>;
const english = localeOf("en");
/** A PNG signature and a few bytes: what the service's type check reads. */
const RECEIPT_PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from("receipt"),
]);
const WORDS = "The agency asked me for 30,000 PHP before my flight.";
const OUTCOME = "The agency refunded the fee on 2 December; its licence is under review.";

describe("wallet: report a problem, handled by the authority", { timeout: 300_000 }, () => {
  let stack: WalletStack;
  let browser: Browser;
  let work: string;
  let reference: string;
  let caseId: string;

  const authority = async (method: "GET" | "POST", path: string, body?: unknown) => {
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: {
        "x-api-key": stack.service.apiKeys.authorityPH!,
        ...(body !== undefined ? { "content-type": "application/json", "idempotency-key": randomUUID() } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  before(async () => {
    execFileSync(process.execPath, ["build.mjs"], { cwd: walletDir, stdio: "ignore" });
    work = mkdtempSync(join(tmpdir(), "fairledger-wallet-complaint-"));
    stack = await startWalletStack(join(walletDir, "dist"));
    browser = await launchPhoneBrowser(2);
    caseId = await stack.caseWithAnchoredContract();
    const offer = await stack.offer(caseId);
    const { page } = browser;
    await page.goto(`${stack.service.url}/wallet/`);
    await page.waitForSelector("body[data-ready]");
    await page.fill("#pickup-input", offer.credentialOfferUri);
    await page.click("#pickup-form button[type=submit]");
    const card = page.locator("li.card");
    await card.waitFor();
    await stack.waitUntilAnchored((await card.getAttribute("data-digest"))!);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("files a report from the card: category, words, a receipt photo; anonymous by default; the message is announced at the top", async () => {
    const { page } = browser;
    const card = page.locator("li.card");
    await card.locator("details.report summary").click();
    assert.equal(await card.locator("details.report summary").textContent(), "Report a problem");
    await card.locator("select[name=category]").selectOption("fee-charged");
    await card.locator("textarea[name=text]").fill(WORDS);
    const photo = join(work, "receipt.png");
    writeFileSync(photo, RECEIPT_PNG);
    await card.locator("input[name=photo]").setInputFiles(photo);
    assert.equal(await card.locator("input[name=share]").isChecked(), false, "anonymous to the agency by default");
    assert.deepEqual(await axeViolations(page), [], "the open form at 360 px");
    await card.locator(".complaint-form button[type=submit]").click();
    await page.waitForSelector("li.complaint");
    reference = (await page.getAttribute("li.complaint", "data-reference"))!;
    const message = (await page.textContent("#status")) ?? "";
    assert.equal(message, english.complaintFiled!.replace("{reference}", reference.slice(0, 8)));
    assert.equal(await page.getAttribute("#status", "aria-live"), "polite");
    assert.equal(await page.textContent("li.complaint .complaint-category"), "I was charged a fee");
  });

  it("the authority of the agency's country sees the words and no filer, and marks it handled with an outcome", async () => {
    const agencyDid = stack.service.context.store.principals.byId(
      stack.service.context.store.complaints.byId(reference)!.agencyId,
    )!.did;
    const listed = await authority("GET", `/complaints?agency=${encodeURIComponent(agencyDid)}`);
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    const [complaint] = listed.body.complaints as { reference: string; text: string; filer: unknown; photo: unknown }[];
    assert.equal(complaint!.reference, reference);
    assert.equal(complaint!.text, WORDS);
    assert.equal(complaint!.filer, null, "the worker did not allow the agency to learn who filed");
    assert.deepEqual(complaint!.photo, { mediaType: "image/png", bytes: RECEIPT_PNG.length });
    const handled = await authority("POST", `/complaints/${reference}/handling`, { outcome: OUTCOME });
    assert.equal(handled.status, 200, JSON.stringify(handled.body));
  });

  it("the wallet shows the new status and the outcome, fits 360 px, and axe-core finds nothing at 360 and 1280 px", async () => {
    const { page } = browser;
    await page.click("button.complaint-check");
    await page.waitForSelector("li.complaint[data-complaint-status=handled]");
    assert.equal(await page.textContent("li.complaint .complaint-status"), "Handled by the authority");
    assert.equal(
      await page.textContent("li.complaint .complaint-outcome"),
      english.complaintOutcome!.replace("{outcome}", OUTCOME),
    );
    assert.equal(await page.textContent("#status"), english.complaintChecked);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `page is ${width} px wide`);
    assert.deepEqual(await axeViolations(page), [], "360 px");
    await page.locator("li.card .complaints-block").scrollIntoViewIfNeeded();
    await updateScreenshot(page.locator("li.card .complaints-block"), "complaint.png");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator("details.report summary").click();
    assert.deepEqual(await axeViolations(page), [], "1280 px, form open");
    await page.setViewportSize({ width: 360, height: 780 });
  });

  it("in Tagalog, Hindi and Arabic (right to left) at device scale 1: files, sees it handled, every message in the language", async () => {
    const phone = await launchPhoneBrowser(1);
    try {
      const { page } = phone;
      await page.goto(`${stack.service.url}/wallet/`);
      await page.waitForSelector("body[data-ready]");
      await page.fill("#pickup-input", (await stack.offer(caseId)).credentialOfferUri);
      await page.click("#pickup-form button[type=submit]");
      const card = page.locator("li.card");
      await card.waitFor();
      await stack.waitUntilAnchored((await card.getAttribute("data-digest"))!);
      // One open complaint per category per case: each language reports another kind of problem.
      const runs = [
        { lang: "tl", htmlLang: "fil", category: "contract-changed", dir: "ltr" },
        { lang: "hi", htmlLang: "hi", category: "documents-withheld", dir: "ltr" },
        { lang: "ar", htmlLang: "ar", category: "wages-unpaid", dir: "rtl" },
      ] as const;
      for (const { lang, htmlLang, category, dir } of runs) {
        const words = localeOf(lang);
        await page.selectOption("#language-select", lang);
        // The wallet tags Tagalog pages `fil` (Filipino).
        await page.waitForSelector(`html[lang=${htmlLang}][dir=${dir}]`);
        await card.locator("details.report summary").click();
        assert.equal(await card.locator("details.report summary").textContent(), words.reportTitle);
        await card.locator("select[name=category]").selectOption(category);
        await card.locator("textarea[name=text]").fill(`${lang}: ${WORDS}`);
        await card.locator(".complaint-form button[type=submit]").click();
        await page.waitForFunction(
          (n) => document.querySelectorAll("li.complaint").length === n,
          runs.findIndex((run) => run.lang === lang) + 1,
        );
        const ref = (await page.locator("li.complaint").last().getAttribute("data-reference"))!;
        assert.equal(await page.textContent("#status"), words.complaintFiled!.replace("{reference}", ref.slice(0, 8)));
        assert.deepEqual(await axeViolations(page), [], `${lang}: after filing, 360 px`);
        const handled = await authority("POST", `/complaints/${ref}/handling`, { outcome: `${lang}: ${OUTCOME}` });
        assert.equal(handled.status, 200, JSON.stringify(handled.body));
        await page.click("button.complaint-check");
        const shown = page.locator(`li.complaint[data-reference="${ref}"]`);
        await shown.locator(".complaint-status", { hasText: words["complaintStatus.handled"]! }).waitFor();
        assert.equal(
          await shown.locator(".complaint-outcome").textContent(),
          words.complaintOutcome!.replace("{outcome}", `${lang}: ${OUTCOME}`),
        );
        assert.equal(await page.textContent("#status"), words.complaintChecked);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 360, `${lang}: page is ${width} px wide`);
        assert.deepEqual(await axeViolations(page), [], `${lang}: handled, 360 px`);
      }
    } finally {
      await phone.close();
    }
  });
});
