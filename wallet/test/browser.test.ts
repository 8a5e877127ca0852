/**
 * The wallet page in Chromium at phone width, against a test issuer speaking the pickup protocol:
 * pick up with a one-time code, answer a verifier's request with personal claims withheld, read the
 * QR screenshots back and check the presentation independently; languages incl. right to left;
 * axe-core; and opening again offline.
 *
 * The verifier CLI itself is exercised on these QR screenshots in test/e2e/wallet-*.test.ts, which has
 * the chain the CLI needs.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { credentialDigest, verifyMerkleProof } from "@fairledger/common/node";
import { assembleOfflineQr, claimLabel } from "@fairledger/common";
import { startPickupServer, type PickupServer } from "./support/pickup-server.ts";
import { axeViolations, decodeQrPng, launchPhoneBrowser, shownQrScreenshots, type Browser } from "./support/browser.ts";
import { checkPresentation } from "./support/check-presentation.ts";

const walletDir = fileURLToPath(new URL("..", import.meta.url));
const request = {
  type: "FairLedgerPresentationRequest",
  aud: "did:web:border.example.sa",
  nonce: "b3f0c6a1d9e24f7a",
  credentialType: "EmploymentContractCredential",
  claims: ["employerName", "jobTitle", "worksiteCountry", "workerName"],
};

describe("wallet page in Chromium", () => {
  let server: PickupServer;
  let browser: Browser;
  const pageErrors: string[] = [];

  before(async () => {
    execFileSync(process.execPath, ["build.mjs"], { cwd: walletDir, stdio: "ignore" });
    server = await startPickupServer(`${walletDir}dist`);
    browser = await launchPhoneBrowser();
    browser.page.on("pageerror", (error) => pageErrors.push(String(error)));
    await browser.page.goto(`${server.url}/wallet/`);
    await browser.page.waitForSelector("body[data-ready]");
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("fits a 360 px wide screen", async () => {
    const width = await browser.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `page is ${width} px wide`);
  });

  it("refuses an unknown pickup code and says so", async () => {
    const { page } = browser;
    await page.fill("#pickup-input", "NOSUCHCODE");
    await page.click("#pickup-form button[type=submit]");
    await page.waitForSelector("#status.error");
    assert.match((await page.textContent("#status")) ?? "", /not known. Check it for typing mistakes/);
    assert.equal(await page.locator("li.card").count(), 0);
  });

  it("picks up a credential with the one-time code and lists it in plain words", async () => {
    const { page } = browser;
    await page.fill("#pickup-input", server.offer());
    await page.click("#pickup-form button[type=submit]");
    const card = page.locator("li.card");
    await card.waitFor();
    const text = (await card.textContent()) ?? "";
    for (const words of [
      "Employment contract",
      "Staff nurse",
      "Al Noor Hospital",
      "Saudi Arabia",
      "Recorded on the ledger",
    ]) {
      assert.ok(text.includes(words), `card shows "${words}": ${text}`);
    }
    assert.equal(await card.locator(".status").getAttribute("data-status"), "valid");
    // The worker's own phone shows the worker's own contract in full (presenting keeps these off: next test).
    assert.ok(text.includes("Maria Santos"), "the worker's own name is on the card");
    assert.equal(
      (await card.locator("dd[data-claim=monthlyWage]").textContent())?.replace(/\u00a0/g, " "),
      "SAR 4,500.00",
      "the wage in currency units",
    );
    assert.ok(text.includes("No fee statement is held on this phone"), "no fee statement: a neutral line");
  });

  it("answers a request with personal claims withheld, as QR codes the verifier reads back", async () => {
    const { page } = browser;
    await page.fill("#request-input", JSON.stringify(request));
    await page.click("#request-form button[type=submit]");
    await page.waitForSelector("#disclosure-form");
    assert.match((await page.textContent("#request-summary")) ?? "", /did:web:border\.example\.sa asks to see/);
    for (const claim of ["workerName", "passportNumber", "birthDate", "nationality", "monthlyWage"]) {
      assert.equal(await page.isChecked(`#claim-${claim}`), false, `${claim} is off by default`);
    }
    for (const claim of ["employerName", "jobTitle", "worksiteCountry", "contractStart"]) {
      assert.equal(await page.isChecked(`#claim-${claim}`), true, `${claim} is on by default`);
    }
    await page.uncheck("#claim-contractStart");
    await page.check("#claim-nationality");
    await page.click("#make-qr");
    const texts = (await shownQrScreenshots(page)).map(decodeQrPng);
    assert.equal(texts.length, 1, "one offline QR code on a 2x phone screen");
    assert.match(texts[0]!, /^FL1:/);
    const [shown] = (await assembleOfflineQr(texts)).presentations;
    const envelope = { presentation: shown!.token, anchor: shown!.anchor };

    const seen = await checkPresentation(envelope.presentation, {
      issuerKey: server.issuer.publicJwk,
      nonce: request.nonce,
      aud: request.aud,
    });
    assert.equal(seen.subject.employerName, "Al Noor Hospital");
    assert.equal(seen.subject.nationality, "PH", "the claim the worker switched on is shown");
    for (const claim of ["workerName", "passportNumber", "birthDate", "monthlyWage", "contractStart"]) {
      assert.equal(claim in seen.subject, false, `${claim} is not visible to the verifier`);
    }
    const digest = credentialDigest(envelope.presentation);
    assert.ok(
      envelope.anchor && verifyMerkleProof(envelope.anchor.root, digest, envelope.anchor.proof),
      "anchor proof covers the credential",
    );

    await page.click("#qr-as-parts");
    const parts = (await shownQrScreenshots(page)).map(decodeQrPng);
    assert.ok(parts.length > 1 && parts.every((part) => part.startsWith("FL1/")), `${parts.length} parts`);
    assert.deepEqual((await assembleOfflineQr(parts.reverse())).presentations[0]!.token, envelope.presentation);
  });

  it("has no axe-core violations with the QR codes shown", async () => {
    assert.deepEqual(await axeViolations(browser.page), []);
  });

  it("switches to Arabic right to left, to Tagalog and Hindi, remembers the choice, and stays accessible", async () => {
    const { page } = browser;
    await page.selectOption("#language-select", "ar");
    await page.waitForSelector("html[dir=rtl][lang=ar]");
    assert.equal(await page.textContent("h1"), "محفظة FairLedger");
    assert.deepEqual(await axeViolations(page), []);
    await page.reload();
    await page.waitForSelector("body[data-ready]");
    assert.equal(await page.getAttribute("html", "dir"), "rtl", "the language is remembered");
    assert.equal(await page.textContent("h2#credentials-heading"), "أوراقي");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `right-to-left page is ${width} px wide`);

    await page.selectOption("#language-select", "tl");
    await page.waitForSelector("html[dir=ltr][lang=fil]");
    assert.equal(await page.textContent("h2#credentials-heading"), "Aking mga papeles");
    assert.deepEqual(await axeViolations(page), []);
    await page.selectOption("#language-select", "hi");
    await page.waitForSelector("html[dir=ltr][lang=hi]");
    assert.equal(await page.textContent("h2#credentials-heading"), "मेरे कागज़");
    await page.selectOption("#language-select", "en");
    await page.waitForSelector("html[dir=ltr][lang=en]");
  });

  it("shows a credential the issuer revoked as revoked", async () => {
    const { page } = browser;
    const digest = (await page.getAttribute("li.card", "data-digest"))!;
    server.revoke(digest, "the employment contract was substituted");
    await page.reload();
    await page.waitForSelector("body[data-ready]");
    assert.equal(await page.getAttribute("li.card .status", "data-status"), "revoked");
    assert.equal(await page.textContent("li.card .status"), "Revoked by the issuer");
    assert.equal(await page.textContent("li.card .status-reason"), "Reason: the employment contract was substituted");
    assert.equal(await page.textContent("li.card .contact"), `Ask ${new URL(server.url).host} about it.`);
  });

  it("opens offline once loaded, with its credentials, and still makes a presentation", async () => {
    const { page, context } = browser;
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await page.waitForSelector("body[data-ready]");
    assert.equal(
      await page.evaluate(() => navigator.serviceWorker.controller !== null),
      true,
      "page is controlled by the service worker",
    );
    await context.setOffline(true);
    try {
      await page.reload();
      await page.waitForSelector("body[data-ready]");
      assert.equal(await page.textContent("h1"), "FairLedger wallet");
      await page.waitForSelector("li.card");
      assert.match((await page.textContent(".offline")) ?? "", /offline/);
      await page.fill("#request-input", JSON.stringify({ ...request, nonce: "offline-nonce-1" }));
      await page.click("#request-form button[type=submit]");
      await page.click("#make-qr");
      await page.waitForFunction(
        () => document.querySelector<HTMLImageElement>("img.qr")?.src.startsWith("data:image/png") === true,
      );
    } finally {
      await context.setOffline(false);
    }
  });

  it("removes a paper from this phone only after the worker opens the removal and confirms", async () => {
    const { page } = browser;
    await page.reload();
    await page.waitForSelector("body[data-ready]");
    assert.equal(await page.isVisible("li.card button.remove"), false, "the remove button is folded away");
    await page.click("li.card details.removal summary");
    assert.deepEqual(await axeViolations(page), []);
    await page.click("li.card button.remove");
    await page.waitForSelector("li.card", { state: "detached" });
    await page.reload();
    await page.waitForSelector("body[data-ready]");
    assert.equal(await page.locator("li.card").count(), 0, "still gone after reload");
  });

  it("raised no script errors", () => {
    assert.deepEqual(pageErrors, []);
  });
});

describe("wallet page on a 1x screen (the least sharp QR codes)", () => {
  let server: PickupServer;
  let browser: Browser;

  before(async () => {
    server = await startPickupServer(`${walletDir}dist`);
    browser = await launchPhoneBrowser(1);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("draws QR codes that fit 360 px and read back from a screenshot", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/wallet/`);
    await page.waitForSelector("body[data-ready]");
    await page.fill("#pickup-input", server.offer());
    await page.click("#pickup-form button[type=submit]");
    await page.locator("li.card").waitFor();
    await page.fill("#request-input", JSON.stringify(request));
    await page.click("#request-form button[type=submit]");
    await page.click("#make-qr");
    const box = (await page.locator("img.qr").boundingBox())!;
    assert.ok(box.x >= 0 && box.x + box.width <= 360, "the code fits the screen");
    const texts = (await shownQrScreenshots(page)).map(decodeQrPng);
    assert.ok(texts.length > 1, "a 1x screen shows the fallback parts, one at a time");
    const [shown] = (await assembleOfflineQr(texts.reverse())).presentations;
    const seen = await checkPresentation(shown!.token, {
      issuerKey: server.issuer.publicJwk,
      nonce: request.nonce,
      aud: request.aud,
    });
    assert.equal("workerName" in seen.subject, false);
    assert.equal(seen.subject.jobTitle, "Staff nurse");
  });

  it("fits 360 px", async () => {
    const width = await browser.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `page is ${width} px wide`);
  });
});

describe("picking up with a PIN (tx_code) in Chromium", () => {
  let server: PickupServer;
  let browser: Browser;

  before(async () => {
    server = await startPickupServer(`${walletDir}dist`);
    browser = await launchPhoneBrowser();
    await browser.page.goto(`${server.url}/wallet/`);
    await browser.page.waitForSelector("body[data-ready]");
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows no PIN field until the issuer asks for one, then asks, refuses a wrong PIN, and picks up with the right one", async () => {
    const { page } = browser;
    assert.equal(await page.isVisible("#pickup-pin"), false, "no PIN field for offers without one");
    const code = server.offer("EmploymentContractCredential", false, { txCode: "2468" });
    await page.fill("#pickup-input", code.toLowerCase());
    await page.click("#pickup-form button[type=submit]");
    await page.waitForSelector("#status.error");
    assert.match((await page.textContent("#status")) ?? "", /needs the PIN your agency gave you separately/);
    assert.equal(await page.isVisible("#pickup-pin"), true);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "pickup-pin");

    await page.fill("#pickup-pin", "1357");
    await page.click("#pickup-form button[type=submit]");
    await page.waitForFunction(() => document.querySelector("#status")?.textContent?.includes("PIN is wrong"));

    await page.fill("#pickup-pin", "2468");
    await page.click("#pickup-form button[type=submit]");
    await page.locator("li.card").waitFor();
    assert.equal(await page.isVisible("#pickup-pin"), false, "the field goes away after the pickup");
  });
});

/** Whether `locator`'s box lies wholly inside the 360 x 780 viewport as the page is scrolled now. */
async function inViewport(page: import("playwright-core").Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).boundingBox();
  const viewport = page.viewportSize()!;
  return box !== null && box.y >= 0 && box.x >= 0 && box.y + box.height <= viewport.height && box.width > 0;
}

describe("the worker's own contract in four languages, and messages where the eye is (#15)", () => {
  let server: PickupServer;
  let browser: Browser;
  const pageErrors: string[] = [];
  const locale = (code: string) =>
    JSON.parse(readFileSync(new URL(`../src/locales/${code}.json`, import.meta.url), "utf8")) as Record<string, string>;
  let contractDigest: string;

  before(async () => {
    server = await startPickupServer(`${walletDir}dist`);
    browser = await launchPhoneBrowser();
    browser.page.on("pageerror", (error) => pageErrors.push(String(error)));
    await browser.page.goto(`${server.url}/wallet/`);
    await browser.page.waitForSelector("body[data-ready]");
    const { page } = browser;
    for (const type of ["EmploymentContractCredential", "RecruitmentFeeStatement"] as const) {
      const count = await page.locator("li.card").count();
      await page.fill("#pickup-input", server.offer(type));
      await page.click("#pickup-form button[type=submit]");
      await page.waitForFunction((n) => document.querySelectorAll("li.card").length === n, count + 1);
    }
    contractDigest = (await page.getAttribute("li.card:has(dd[data-claim=monthlyWage])", "data-digest"))!;
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const lang of ["en", "tl", "hi", "ar"] as const) {
    it(`${lang}: the card shows the whole contract with its labels, the wage in currency units, the worker's name and "no recruitment fees"; 360 px; axe clean`, async () => {
      const { page } = browser;
      const words = locale(lang);
      await page.selectOption("#language-select", lang);
      await page.waitForSelector(`html[lang=${lang === "tl" ? "fil" : lang}][dir=${lang === "ar" ? "rtl" : "ltr"}]`);
      const card = page.locator(`li.card[data-digest="${contractDigest}"]`);
      await card.locator(`h3:text-is("${words["type.EmploymentContractCredential"]}")`).waitFor();
      assert.equal(await page.isVisible("#status"), false, "no message left over in the language just left");
      const labels = await card.locator("dt").allTextContents();
      for (const claim of [
        "monthlyWage",
        "workerName",
        "employerName",
        "worksiteCountry",
        "contractStart",
        "contractMonths",
      ])
        assert.ok(
          labels.some((label) => label.startsWith(claimLabel("EmploymentContractCredential", [claim], lang)!)),
          `${lang}: ${claim} labelled from the type metadata: ${labels.join(" | ")}`,
        );
      const wage = (await card.locator("dd[data-claim=monthlyWage]").textContent()) ?? "";
      assert.match(wage, /4,500\.00|٤٬٥٠٠٫٠٠/, `${lang}: wage in currency units: ${wage}`);
      assert.ok(!wage.includes("450000"), "not in minor units");
      assert.equal(await card.locator("dd[data-claim=workerName]").textContent(), "Maria Santos");
      assert.equal(await card.locator(".fees").textContent(), words.noFeesPaid);
      if (lang === "en") assert.equal(words.noFeesPaid, "You paid no recruitment fees");
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `${lang}: page is ${width} px wide`);
      assert.deepEqual(await axeViolations(page), [], lang);
    });

    it(`${lang}: a bad pickup code's message is in view at once, focused, without scrolling`, async () => {
      const { page } = browser;
      const words = locale(lang);
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await page.fill("#pickup-input", "NOSUCHCODE");
      await page.click("#pickup-form button[type=submit]");
      await page.waitForFunction(
        (text) => document.querySelector("#status.error")?.textContent === text,
        words.ERR_CODE_UNKNOWN,
      );
      assert.ok(await inViewport(page, "#status"), `${lang}: the message is on screen`);
      assert.equal(await page.evaluate(() => document.activeElement?.id), "status");
      assert.equal(await page.getAttribute("#status", "aria-live"), "polite");
      assert.deepEqual(await axeViolations(page), [], lang);
    });
  }

  it("says the issuer no longer knows a paper it answers 404 for, that it cannot be checked, and never 'Valid'", async () => {
    const { page } = browser;
    await page.selectOption("#language-select", "en");
    await page.waitForSelector("html[lang=en]");
    const card = page.locator(`li.card[data-digest="${contractDigest}"]`);
    assert.equal(await card.locator(".status").getAttribute("data-status"), "valid", "known and active first");
    server.forget(contractDigest);
    await page.reload();
    await page.waitForSelector("body[data-ready]");
    assert.equal(await card.locator(".status").getAttribute("data-status"), "not-known");
    const text = (await card.textContent()) ?? "";
    assert.match(text, /The issuer no longer knows this paper/);
    assert.match(text, /Nobody can check it now/);
    assert.match(text, /Ask 127\.0\.0\.1:\d+ about it/);
    assert.doesNotMatch(text, /\bValid\b/, text);
    assert.deepEqual(await axeViolations(page), []);
  });

  it("raised no script errors", () => {
    assert.deepEqual(pageErrors, []);
  });
});
