/**
 * The public "check an agency" page (/agencies/) in Chromium on a 360 px phone at 1× and 2× device pixel
 * ratio, in English, Tagalog, Hindi and Arabic (right to left), against the issuer service on a local chain
 * with the demo consortium: a licensed agency (found by part of its name, in another case), a suspended one
 * (found by its licence number, the reason in the page's language) and an unknown one ("do not pay"). Each
 * answer is said in the status line screen readers announce; axe-core finds nothing; nothing is wider
 * than the screen.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startWalletStack, type WalletStack } from "./support/stack.ts";
import { axeViolations, launchPhoneBrowser, updateScreenshot, type Browser } from "./support/browser.ts";

const walletDir = fileURLToPath(new URL("..", import.meta.url));
const LANGUAGES = ["en", "tl", "hi", "ar"] as const;
const messages = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../src/agencies/locales/${lang}.json`, import.meta.url), "utf8")) as Record<
    string,
    string
  >;
const fill = (text: string, params: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);

/** Names the page puts inside sentences are bidi-isolated (U+2068 … U+2069): screen readers skip the marks. */
const isolated = (text: string) => `\u2068${text}\u2069`;
const KERALA = { agencyName: "Kerala Overseas Placements", licenceNumber: "POE/KL/2026/117" };
const BAYANIHAN = { agencyName: "Bayanihan Manpower Services", licenceNumber: "DMW-LB-0421-2026" };

describe("the agency check page in Chromium", () => {
  let stack: WalletStack;

  before(async () => {
    execFileSync(process.execPath, ["build.mjs"], { cwd: walletDir, stdio: "ignore" });
    stack = await startWalletStack(`${walletDir}dist`);
    const authority = async (role: "authorityPH" | "authorityIN", path: string, body: unknown) => {
      const response = await fetch(`${stack.apiUrl}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-api-key": stack.service.apiKeys[role]!,
          "idempotency-key": crypto.randomUUID(),
        },
        body: JSON.stringify(body),
      });
      assert.ok(response.ok, `${path}: ${response.status} ${await response.text()}`);
    };
    const window = {
      validFrom: new Date(Date.now() - 86_400_000).toISOString(),
      validUntil: new Date(Date.now() + 365 * 86_400_000).toISOString(),
    };
    const { agency, agencyIN } = stack.ledger.demo.accounts;
    await authority("authorityPH", "/licences", { agency: agency.address, ...BAYANIHAN, ...window });
    await authority("authorityIN", "/licences", { agency: agencyIN.address, ...KERALA, ...window });
    await authority("authorityIN", `/licences/${agencyIN.address}/suspend`, { reason: "fees-charged-to-workers" });
  });

  after(async () => {
    await stack?.stop();
  });

  it("serves the page at /agencies/ and leaves GET /agencies to the authorities (401 without a key)", async () => {
    const page = await fetch(`${stack.apiUrl}/agencies/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script type="module" src="app.js">/);
    const list = await fetch(`${stack.apiUrl}/agencies`);
    assert.equal(list.status, 401);
  });

  it("checks the agency named in the address (?q=), so an agency's licence number can be shared as a link or QR; lists several matches to choose from", async () => {
    const browser = await launchPhoneBrowser(1);
    try {
      await browser.page.goto(`${stack.service.url}/agencies/?q=${encodeURIComponent(KERALA.licenceNumber)}`);
      await browser.page.waitForSelector('#agency .verdict[data-state="suspended"]');
      assert.equal(await browser.page.inputValue("#search-input"), KERALA.licenceNumber);
      // What is typed survives a change of language (the page is redrawn in the new one).
      await browser.page.fill("#search-input", "kerala");
      await browser.page.selectOption("#language-select", "tl");
      await browser.page.waitForSelector("html[lang=fil]");
      assert.equal(await browser.page.inputValue("#search-input"), "kerala");
      await browser.page.selectOption("#language-select", "en");
      await browser.page.waitForSelector("html[lang=en]");
      await browser.page.fill("#search-input", "bayanihan");
      await browser.page.click("#search-form button[type=submit]");
      await browser.page.waitForSelector('#agency .verdict[data-state="licensed"]');
      assert.equal(new URL(browser.page.url()).search, "?q=bayanihan");

      // "2026" is in both licence numbers: the page lists both, each with its state, and opens the one chosen.
      await browser.page.fill("#search-input", "2026");
      await browser.page.click("#search-form button[type=submit]");
      await browser.page.waitForSelector("#results .choice-button");
      assert.equal(await browser.page.textContent("#status"), fill(messages("en").foundMany!, { n: "2" }));
      assert.equal(await browser.page.locator("#results .choice-button").count(), 2);
      assert.deepEqual(
        await browser.page.locator("#results .choice-button .tag").allTextContents(),
        [messages("en")["short.licensed"], messages("en")["short.suspended"]],
        "each match says its state in a few words",
      );
      assert.deepEqual(await axeViolations(browser.page), []);
      await browser.page.click(
        `#results .choice-button[data-agency="${stack.ledger.demo.accounts.agencyIN.address.toLowerCase()}"]`,
      );
      await browser.page.waitForSelector('#agency .verdict[data-state="suspended"]');

      // More matches than the register lists (it lists 20): the page asks for more of the name.
      await browser.page.route("**/public/agencies?q=placements", (route) =>
        route.fulfill({
          contentType: "application/json",
          body: JSON.stringify({
            query: "placements",
            results: [1, 2].map((n) => ({
              agency: `0x${String(n).repeat(40)}`,
              name: `Placements ${n}`,
              licenceNumber: null,
              country: "PH",
              state: "licensed",
            })),
            more: true,
            advice: null,
          }),
        }),
      );
      await browser.page.fill("#search-input", "placements");
      await browser.page.click("#search-form button[type=submit]");
      await browser.page.waitForSelector("#results .choice-button");
      assert.equal(await browser.page.textContent("#results .hint"), messages("en").moreResults);
    } finally {
      await browser.close();
    }
  });

  for (const deviceScaleFactor of [1, 2]) {
    describe(`at 360 px, ${deviceScaleFactor}× device pixel ratio`, () => {
      let browser: Browser;
      const pageErrors: string[] = [];

      before(async () => {
        browser = await launchPhoneBrowser(deviceScaleFactor);
        browser.page.on("pageerror", (error) => pageErrors.push(String(error)));
        await browser.page.goto(`${stack.service.url}/agencies/`);
        await browser.page.waitForSelector("body[data-ready]");
      });
      after(async () => {
        await browser?.close();
      });

      /** Types `query`, presses the button, and waits for the verdict `state` and the status line to speak. */
      async function lookUp(query: string, state: string) {
        const { page } = browser;
        await page.fill("#search-input", query);
        await page.click("#search-form button[type=submit]");
        await page.waitForSelector(`#agency .verdict[data-state="${state}"]`);
        return {
          verdict: ((await page.textContent("#agency .verdict-text")) ?? "").trim(),
          status: ((await page.textContent("#status")) ?? "").trim(),
          text: (await page.textContent("#agency")) ?? "",
        };
      }

      async function fitsAndIsAccessible(what: string) {
        const { page } = browser;
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 360, `${what}: page is ${width} px wide`);
        assert.deepEqual(await axeViolations(page), [], what);
      }

      for (const lang of LANGUAGES) {
        it(`${lang}: a licensed, a suspended and an unknown agency, each said in big words and announced`, async () => {
          const { page } = browser;
          const t = messages(lang);
          // Only a change of language redraws the page (choosing the current one again would race the typing below).
          if ((await page.inputValue("#language-select")) !== lang) await page.selectOption("#language-select", lang);
          await page.waitForSelector(
            `html[lang=${lang === "tl" ? "fil" : lang}][dir=${lang === "ar" ? "rtl" : "ltr"}]`,
          );
          assert.equal(await page.textContent("h1"), t.appTitle);

          const licensed = await lookUp("BAYANIHAN manpower", "licensed");
          assert.equal(licensed.verdict, t["verdict.licensed"]);
          assert.equal(
            licensed.status,
            fill(t.announceAgency!, { name: isolated(BAYANIHAN.agencyName), verdict: t["verdict.licensed"]! }),
          );
          assert.ok(licensed.text.includes(BAYANIHAN.licenceNumber), "licence number shown");
          assert.equal(
            await page.getAttribute("#agency .licence-number", "dir"),
            "ltr",
            "a licence number reads left to right, in Arabic too",
          );
          assert.ok(licensed.text.includes(t.feeNone!), `PH→SA fee policy in ${lang}`);
          assert.ok(licensed.text.includes("Department of Migrant Workers (PH)"), "the authority is named");
          // Served by this service: counted (none filed in this test), not "unknown".
          assert.ok(
            licensed.text.includes(fill(t.complaintsCount!, { count: "0", open: "0" })),
            "complaints: counted here",
          );
          await fitsAndIsAccessible(`${lang} licensed`);

          const suspended = await lookUp("poe kl 2026 117", "suspended");
          const reason = t["reason.fees-charged-to-workers"]!;
          assert.equal(suspended.verdict, fill(t["verdict.suspended"]!, { reason }));
          assert.ok(suspended.status.includes(suspended.verdict), "the verdict is announced");
          assert.ok(suspended.text.includes(t.doNotPay!));
          assert.ok(suspended.text.includes(fill(t.historyReason!, { reason })), "the history gives the reason");
          await fitsAndIsAccessible(`${lang} suspended`);
          if (lang === "en" && deviceScaleFactor === 2)
            await updateScreenshot(page, "agencies-suspended.png", { fullPage: true });

          const unknown = await lookUp("Nobody Recruiters International", "unknown");
          assert.equal(unknown.verdict, t["verdict.unknown"]);
          assert.equal(unknown.status, fill(t.noneFound!, { query: isolated("Nobody Recruiters International") }));
          await fitsAndIsAccessible(`${lang} unknown`);
        });
      }

      it('clears an earlier verdict as soon as a new check starts: a refused check never sits under another agency\'s "Licensed"', async () => {
        const { page } = browser;
        if ((await page.inputValue("#language-select")) !== "en") await page.selectOption("#language-select", "en");
        await page.waitForSelector("html[lang=en]");
        await lookUp("bayanihan", "licensed");
        await page.fill("#search-input", "a");
        await page.click("#search-form button[type=submit]");
        await page.waitForSelector("#status.error");
        assert.equal(await page.textContent("#status"), messages("en").errorTooShort);
        assert.equal(await page.locator(".verdict").count(), 0, "no verdict left on screen");
      });

      it("threw no error in the page", () => {
        assert.deepEqual(pageErrors, []);
      });
    });
  }
});
