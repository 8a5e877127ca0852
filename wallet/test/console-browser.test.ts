/**
 * The licensing authority's console (/console/) in Chromium at 1280 px and 360 px, in English and Arabic
 * (right to left), against the issuer service on a local chain with the demo consortium. The Philippine
 * authority signs in with its API key, onboards a new agency (its API key shown once, and it works), licenses
 * it, suspends it with a reason chosen in words after a confirmation, reads the history, reinstates it; a
 * bad input is refused next to the button in the service's words; PH proposes a corridor fee policy and the
 * Saudi authority, signed in with its own key, approves it and sees it in force; the audit log lists PH's
 * actions. A wrong key and an agency's key are refused at sign-in; the key lives in sessionStorage only.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Wallet } from "ethers";
import { startWalletStack, type WalletStack } from "./support/stack.ts";
import { LAPTOP, officialPageDriver } from "./support/official-page.ts";
import { launchPhoneBrowser, updateScreenshot, type Browser } from "./support/browser.ts";

const walletDir = fileURLToPath(new URL("..", import.meta.url));
const messages = (lang: "en" | "ar") =>
  JSON.parse(readFileSync(new URL(`../src/console/locales/${lang}.json`, import.meta.url), "utf8")) as Record<
    string,
    string
  >;
const en = messages("en");
const AGENCY_NAME = "Kalayaan Overseas Placement";
const LICENCE_NUMBER = "DMW-LB-0777-2026";

describe("the authority console /console/ in Chromium", { timeout: 300_000 }, () => {
  let stack: WalletStack;
  let browser: Browser;
  const { signIn, chooseLanguage, noAxeViolationsAtBothWidths } = officialPageDriver(() => browser.page);
  /** The new agency's chain account, funded on the local chain (it pays to publish its DID key). */
  const agency = Wallet.createRandom();
  const agencyAccount = agency.address.toLowerCase();
  const card = () => `#licence-list li[data-agency="${agencyAccount}"]`;

  before(async () => {
    execFileSync(process.execPath, ["build.mjs"], { cwd: walletDir, stdio: "ignore" });
    stack = await startWalletStack(`${walletDir}dist`);
    const funded = await fetch(stack.ledger.chain.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "hardhat_setBalance",
        params: [agency.address, "0xDE0B6B3A7640000"],
      }),
    });
    assert.equal(funded.status, 200);
    browser = await launchPhoneBrowser(1);
    await browser.page.setViewportSize(LAPTOP);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function signInAs(apiKey: string): Promise<void> {
    await signIn(apiKey);
    await browser.page.waitForSelector('#section[data-loaded="agencies"]');
  }

  async function openSection(section: string): Promise<void> {
    await browser.page.click(`#sections button[data-section="${section}"]`);
    await browser.page.waitForSelector(`#section[data-loaded="${section}"]:not([aria-busy])`);
  }

  async function statusSays(text: string): Promise<void> {
    await browser.page.waitForFunction((t) => document.querySelector("#status")?.textContent === t, text);
  }

  it("is served by the issuer service at /console/, with no inline script where the API key lives", async () => {
    const page = await fetch(`${stack.apiUrl}/console/`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<script type="module" src="app.js">/);
    assert.match(html, /script-src 'self'/);
    const bare = await fetch(`${stack.apiUrl}/console`, { redirect: "manual" });
    assert.equal(bare.headers.get("location"), "/console/");
  });

  it("a wrong key and an agency's key are refused at sign-in, in words, and are not kept", async () => {
    const { page } = browser;
    await page.goto(`${stack.service.url}/console/`);
    await page.waitForSelector("body[data-ready]");
    await signIn("fl_wrong_key_0000000000000000");
    await statusSays(en["signIn.error.wrongKey"]!);
    assert.equal(await page.getAttribute("#status", "role"), "status");
    assert.equal(await page.getAttribute("#api-key-input", "aria-invalid"), "true");
    assert.equal(await page.isVisible("#sections"), false);
    await signIn(stack.service.apiKeys.agency!);
    await statusSays(en["signIn.error.notAuthority"]!);
    assert.equal(await page.evaluate(() => sessionStorage.length), 0, "no refused key is kept");
    await noAxeViolationsAtBothWidths();
  });

  it("signs in; onboards an agency whose API key is shown once, with a warning, and works", async () => {
    const { page } = browser;
    await signInAs(stack.service.apiKeys.authorityPH!);
    const stored = await page.evaluate(() => ({
      session: Object.keys(sessionStorage),
      local: Object.keys(localStorage),
    }));
    assert.deepEqual(stored.session, ["fairledger-console-api-key"]);
    assert.deepEqual(stored.local, ["fairledger-console-language"], "the key never goes to localStorage");
    assert.match((await page.textContent("#signed-in-as")) ?? "", /\(PH\)/);

    await openSection("onboard");
    await page.selectOption("#onboard-kind", "agency");
    await page.fill("#onboard-name", AGENCY_NAME);
    await page.fill("#onboard-private-key", agency.privateKey);
    await page.click("#onboard-submit");
    await page.waitForSelector("#new-key-value");
    const key = (await page.textContent("#new-key-value"))!;
    assert.match(key, /^fl_/);
    assert.equal(await page.textContent("#new-key-warning"), en["onboard.keyWarning"]);
    assert.equal(await page.inputValue("#onboard-private-key"), "", "the account's private key is not kept");
    assert.doesNotMatch(
      await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage })),
      new RegExp(key),
      "the new key is in no storage",
    );
    // It is the agency's real key.
    const identity = await fetch(`${stack.apiUrl}/identity`, { headers: { "x-api-key": key } });
    const who = (await identity.json()) as { kind: string; name: string };
    assert.deepEqual([who.kind, who.name], ["agency", AGENCY_NAME]);
    assert.equal(await page.locator("#principal-list li[data-kind=agency]").count(), 1);
    await noAxeViolationsAtBothWidths();

    // Shown once: after moving to another section and back, it is gone from the page.
    await openSection("audit");
    await openSection("onboard");
    assert.equal(await page.locator("#new-key").count(), 0);
    assert.doesNotMatch((await page.content()) ?? "", new RegExp(key));
  });

  it("licenses the new agency, then refuses a bad licence next to the button in the service's words", async () => {
    const { page } = browser;
    await page.fill("#onboard-name", "Second Agency");
    await page.fill("#onboard-private-key", `0x${"ab".repeat(31)}`);
    await page.click("#onboard-submit");
    await page.waitForFunction(() => (document.querySelector("#onboard-error")?.textContent ?? "") !== "");
    assert.match(
      (await page.textContent("#onboard-error")) ?? "",
      /^Something in the form is not right\. The service says: .*privateKey/,
    );
    assert.equal(await page.getAttribute("#onboard-error", "role"), "alert");

    await openSection("agencies");
    await page.fill("#licence-agency", agencyAccount);
    await page.fill("#licence-name", AGENCY_NAME);
    await page.fill("#licence-number", LICENCE_NUMBER);
    await page.click("#issue-licence");
    await page.waitForSelector(`${card()}[data-status="active"]`);
    await statusSays(en["licence.issued"]!.replace("{name}", AGENCY_NAME));
    assert.equal(await page.textContent(`${card()} h3`), AGENCY_NAME);

    await page.fill("#licence-agency", "0x1234");
    await page.fill("#licence-name", "Nobody");
    await page.fill("#licence-number", "X-1");
    await page.click("#issue-licence");
    await page.waitForFunction(() => (document.querySelector("#licence-error")?.textContent ?? "") !== "");
    assert.match((await page.textContent("#licence-error")) ?? "", /The service says: .*agency/);
  });

  it("suspends with a reason chosen in words after a confirmation, shows the history, and reinstates", async () => {
    const { page } = browser;
    const id = `suspend-${agencyAccount}`;
    await page.locator(card()).getByRole("button", { name: en["suspend.open"] }).click();
    await page.waitForSelector(`#${id}-form`);
    assert.match((await page.textContent(`#${id}-form .warning`)) ?? "", new RegExp(AGENCY_NAME));
    // No reason chosen: refused before anything is sent.
    await page.click(`#${id}-confirm`);
    assert.equal(await page.textContent(`#${id}-error`), en["reason.required"]);
    assert.equal(await page.getAttribute(card(), "data-status"), "active");
    // The reasons are offered in words, not codes.
    const offered = await page.locator(`#${id}-reason option`).allTextContents();
    assert.ok(offered.includes(en["reason.fees-charged-to-workers"]!), offered.join(" | "));
    await page.selectOption(`#${id}-reason`, "fees-charged-to-workers");
    await noAxeViolationsAtBothWidths();
    await page.click(`#${id}-confirm`);
    await page.waitForSelector(`${card()}[data-status="suspended"]`);
    await statusSays(en["suspend.done"]!.replace("{name}", AGENCY_NAME));

    await page.locator(card()).getByRole("button", { name: en["history.show"] }).click();
    await page.waitForSelector(`${card()} .history`);
    assert.deepEqual(
      await page
        .locator(`${card()} .history li`)
        .evaluateAll((items) => items.map((li) => li.getAttribute("data-event"))),
      ["issued", "suspended"],
    );
    assert.match(
      (await page.textContent(`${card()} .history li[data-event=suspended]`)) ?? "",
      new RegExp(`Reason: ${en["reason.fees-charged-to-workers"]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
    );

    await page.locator(card()).getByRole("button", { name: en["reinstate.button"] }).click();
    await page.waitForSelector(`${card()}[data-status="active"]`);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "agencies-heading", "focus is not lost");
    await page.locator(card()).getByRole("button", { name: en["history.show"] }).click();
    await page.waitForSelector(`${card()} .history li[data-event=reinstated]`);
    assert.equal(await page.locator(`${card()} .history li`).count(), 3);
    await noAxeViolationsAtBothWidths();
    await page.setViewportSize(LAPTOP);
    await page.evaluate(() => window.scrollTo(0, 0));
    await updateScreenshot(page, "console.png", { fullPage: true });

    await chooseLanguage("ar");
    assert.equal(await page.getAttribute("html", "dir"), "rtl");
    await page.waitForSelector(`${card()}[data-status="active"]`);
    assert.equal(await page.textContent(`${card()} .tag`), messages("ar")["state.active"]);
    await noAxeViolationsAtBothWidths();
    await page.reload();
    await page.waitForSelector('#section[data-loaded="agencies"]');
    assert.equal(await page.getAttribute("html", "lang"), "ar", "the language is remembered, the session kept");
    await chooseLanguage("en");
  });

  it("revokes after a reason and a confirmation: the licence is revoked for good, only its history remains", async () => {
    const { page } = browser;
    const id = `revoke-${agencyAccount}`;
    await page.locator(card()).getByRole("button", { name: en["revoke.open"] }).click();
    await page.waitForSelector(`#${id}-form`);
    assert.equal(await page.textContent(`#${id}-form .warning`), en["revoke.warning"]!.replace("{name}", AGENCY_NAME));
    await page.getByRole("button", { name: en.cancel }).click();
    assert.equal(await page.locator(`#${id}-form`).count(), 0, "cancel changes nothing");
    assert.equal(await page.getAttribute(card(), "data-status"), "active");
    await page.locator(card()).getByRole("button", { name: en["revoke.open"] }).click();
    await page.selectOption(`#${id}-reason`, "fraud");
    await page.click(`#${id}-confirm`);
    await page.waitForSelector(`${card()}[data-status="revoked"]`);
    assert.deepEqual(await page.locator(`${card()} button`).allTextContents(), [en["history.show"]]);
    await page.locator(card()).getByRole("button", { name: en["history.show"] }).click();
    await page.waitForSelector(`${card()} .history li[data-event=revoked]`);
    assert.match((await page.textContent(`${card()} .history li[data-event=revoked]`)) ?? "", /Reason: fraud/);
  });

  it("PH proposes a corridor fee policy; SA, signed in with its own key, approves it and it is in force", async () => {
    const { page } = browser;
    await openSection("corridors");
    await page.fill("#propose-corridor", "PH-SA");
    await page.fill("#propose-fee", "0");
    await page.fill("#propose-currency", "SAR");
    await page.click("#propose-submit");
    const corridor = '#corridor-list li[data-corridor="PH-SA"]';
    await page.waitForSelector(`${corridor} .approvals`);
    assert.equal(await page.getAttribute(`${corridor} li[data-country=PH]`, "data-approved"), "yes");
    assert.equal(await page.getAttribute(`${corridor} li[data-country=SA]`, "data-approved"), "no");
    assert.equal(await page.locator(`${corridor} button.approve`).count(), 0, "PH cannot approve its own proposal");
    await noAxeViolationsAtBothWidths();

    await openSection("audit");
    const actions = await page
      .locator("#audit-list li")
      .evaluateAll((items) => items.map((li) => li.getAttribute("data-action")));
    for (const action of [
      "corridor.proposed",
      "licence.reinstated",
      "licence.suspended",
      "licence.issued",
      "principal.provisioned",
    ])
      assert.ok(actions.includes(action), `${action} in ${actions.join(", ")}`);
    assert.ok(actions.indexOf("corridor.proposed") < actions.indexOf("licence.issued"), "newest first");
    assert.match(
      (await page.textContent('#audit-list li[data-action="licence.suspended"]')) ?? "",
      /Reason: recruitment fees/,
    );
    await noAxeViolationsAtBothWidths();

    await page.click("#sign-out");
    await page.waitForSelector("#api-key-input");
    assert.equal(await page.evaluate(() => sessionStorage.getItem("fairledger-console-api-key")), null);

    await signInAs(stack.service.apiKeys.authoritySA!);
    await openSection("corridors");
    await page.locator(corridor).getByRole("button", { name: en["corridor.approve"] }).click();
    await page.waitForFunction(
      (selector) =>
        document.querySelector(`${selector} .approvals`) === null && document.querySelector(`${selector}`) !== null,
      corridor,
    );
    assert.match((await page.textContent(`${corridor} .in-force`)) ?? "", /0 SAR/);
    await statusSays(en["corridor.approved"]!.replace("{corridor}", "PH-SA"));
    await page.click("#sign-out");
    await page.waitForSelector("#api-key-input");
    await noAxeViolationsAtBothWidths();
  });

  it("registers an employer of the authority's country, lists it, and deregisters it after a confirmation", async () => {
    const { page } = browser;
    const employer = Wallet.createRandom().address.toLowerCase();
    await signInAs(stack.service.apiKeys.authoritySA!);
    await openSection("members");
    await page.fill("#employer-account", employer);
    await page.click("#employer-submit");
    const item = `#employer-list li[data-account="${employer}"]`;
    await page.waitForSelector(`${item}[data-status="registered"]`);
    await noAxeViolationsAtBothWidths();
    await page.locator(item).getByRole("button", { name: en["employer.deregister"] }).click();
    assert.equal(await page.textContent(`${item} .warning`), en["employer.deregisterWarning"]);
    await page.locator(item).getByRole("button", { name: en["employer.deregisterConfirm"] }).click();
    await page.waitForSelector(`${item}[data-status="deregistered"]`);
    await statusSays(en["employer.deregisterDone"]!);
    await page.click("#sign-out");
    await page.waitForSelector("#api-key-input");
  });
});
