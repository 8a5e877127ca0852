/**
 * Workers' complaints on the officials' pages, in Chromium against the issuer service on a local chain with
 * the demo consortium (one stack for both pages). A worker of the PH authority's licensed agency files two
 * complaints through the API, as the wallet does (a proof of the case's credential): one with a receipt
 * photo and their name shared, one anonymous. The inspector's dashboard shows both beside the agency's
 * audit — counts, category in words, date, status, the words, the photo as a download, the filer only where
 * allowed — and keeps them on paper without the photo button. The authority's console lists them per
 * agency; "Mark handled" without an outcome is refused next to the button; with one the complaint shows
 * handled with its outcome, and the inspector's dashboard then shows the outcome too. axe-core finds
 * nothing at 360 and 1280 px. Screenshots (UPDATE_SCREENSHOTS=1): wallet/screenshots/console-complaints.png and
 * inspect-complaints.png. (An agency key handling a complaint is refused: the API tests cover that.)
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { devWallet, DEMO_ROLES } from "../../scripts/lib/seed.mts";
import { client, newHolderKey, pickUp, present } from "../../issuer-service/test/helpers.ts";
import { startWalletStack, WORKER, type WalletStack } from "./support/stack.ts";
import { LAPTOP, officialPageDriver } from "./support/official-page.ts";
import { launchPhoneBrowser, updateScreenshot, type Browser } from "./support/browser.ts";

const walletDir = fileURLToPath(new URL("..", import.meta.url));
const messages = (page: "inspect" | "console") =>
  JSON.parse(readFileSync(new URL(`../src/${page}/locales/en.json`, import.meta.url), "utf8")) as Record<
    string,
    string
  >;
const BAYANIHAN = { agencyName: "Bayanihan Manpower Services", licenceNumber: "DMW-LB-0421-2026" };
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("receipt")]);
const FEE_WORDS = "The agency asked me for 30,000 PHP before my flight.";
const PASSPORT_WORDS = "My employer keeps my passport in the office safe.";
const OUTCOME = "The agency returned the passport on 2 December; its licence is under review.";

describe("workers' complaints on the inspector's dashboard and the authority's console", { timeout: 300_000 }, () => {
  let stack: WalletStack;
  let browser: Browser;
  const { noAxeViolationsAtBothWidths } = officialPageDriver(() => browser.page);
  let inspectorKey: string;
  const agencyAddress = () => stack.ledger.demo.accounts.agency.address.toLowerCase();
  const filed: Record<"fee" | "passport", string> = { fee: "", passport: "" };

  before(async () => {
    execFileSync(process.execPath, ["build.mjs"], { cwd: walletDir, stdio: "ignore" });
    stack = await startWalletStack(`${walletDir}dist`);
    const authority = client(stack.apiUrl, stack.service.apiKeys.authorityPH!);
    const licensed = await authority.post("/licences", {
      agency: stack.ledger.demo.accounts.agency.address,
      ...BAYANIHAN,
      validFrom: new Date(Date.now() - 86_400_000).toISOString(),
      validUntil: new Date(Date.now() + 365 * 86_400_000).toISOString(),
    });
    assert.equal(licensed.status, 201, JSON.stringify(licensed.body));
    const onboarded = await authority.post("/principals", {
      kind: "inspector",
      name: "PH labour inspectorate",
      privateKey: devWallet(DEMO_ROLES.inspector).privateKey,
    });
    assert.equal(onboarded.status, 201, JSON.stringify(onboarded.body));
    inspectorKey = onboarded.body.key.apiKey;
    // The worker's credential of the case, then two complaints proved with it (as the wallet files them).
    const caseId = await stack.caseWithAnchoredContract();
    const holder = newHolderKey();
    const picked = await pickUp(stack.service, client(stack.apiUrl, stack.service.apiKeys.agency!), caseId, holder);
    await stack.waitUntilAnchored(picked.credential.digest);
    const worker = client(stack.apiUrl);
    const file = async (fields: Record<string, unknown>) => {
      const nonce = await worker.post("/complaints/nonce");
      assert.equal(nonce.status, 201, JSON.stringify(nonce.body));
      const presentation = present(picked.credential.credential, holder, [], {
        aud: nonce.body.audience,
        nonce: nonce.body.nonce,
      });
      const answer = await worker.post("/complaints", { presentation, nonce: nonce.body.nonce, ...fields });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      return answer.body.reference as string;
    };
    filed.fee = await file({
      category: "fee-charged",
      text: FEE_WORDS,
      photo: { mediaType: "image/png", data: PNG.toString("base64") },
      shareIdentityWithAgency: true,
    });
    filed.passport = await file({ category: "documents-withheld", text: PASSPORT_WORDS });
    browser = await launchPhoneBrowser(1);
    await browser.page.setViewportSize(LAPTOP);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const item = (reference: string) => `li.complaint[data-reference="${reference}"]`;

  async function openInspectorAudit(): Promise<void> {
    const { page } = browser;
    await page.goto(`${stack.apiUrl}/inspect/?agency=${agencyAddress()}`);
    await page.waitForSelector("body[data-ready=true]");
    if (await page.isVisible("#api-key-input")) {
      await page.fill("#api-key-input", inspectorKey);
      await page.click("#sign-in-form button[type=submit]");
    }
    await page.waitForSelector("#complaints li.complaint");
  }

  it("the inspector's audit of the agency shows its complaints beside its cases, the filer only where allowed", async () => {
    const { page } = browser;
    const words = messages("inspect");
    await openInspectorAudit();
    assert.equal(await page.locator("#audit").count(), 1, "the agency's audit is there too");
    assert.equal(
      await page.textContent("#complaints .complaint-counts"),
      words["complaints.counts"]!.replace("{filed}", "2").replace("{open}", "2").replace("{handled}", "0"),
    );
    assert.equal(await page.textContent(`${item(filed.fee)} .complaint-category`), "Charged a fee");
    assert.equal(
      await page.textContent(`${item(filed.passport)} .complaint-category`),
      "Passport or documents withheld",
    );
    assert.equal(await page.textContent(`${item(filed.fee)} .complaint-text`), FEE_WORDS);
    assert.match((await page.textContent(`${item(filed.fee)} .complaint-status`)) ?? "", /^Open \(/);
    assert.match((await page.textContent(`${item(filed.fee)} .complaint-filed`)) ?? "", /^filed on \w+ \d+, \d{4}$/);
    assert.match((await page.textContent(`${item(filed.fee)} .complaint-filer`)) ?? "", new RegExp(WORKER.name));
    assert.equal(await page.textContent(`${item(filed.passport)} .complaint-filer`), words["complaints.anonymous"]);
    assert.doesNotMatch((await page.textContent(item(filed.passport))) ?? "", new RegExp(WORKER.name));
    assert.equal(await page.locator(`${item(filed.passport)} .complaint-photo`).count(), 0, "no photo, no button");
    // The photo comes with the inspector's key, as a download of the very bytes the worker sent.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click(`${item(filed.fee)} .complaint-photo`),
    ]);
    assert.deepEqual(readFileSync(await download.path()), PNG);
    await noAxeViolationsAtBothWidths();
    await page.selectOption("#language-select", "ar");
    await page.waitForSelector("html[lang=ar]");
    await page.waitForSelector("#complaints li.complaint");
    assert.equal(
      await page.textContent(`${item(filed.fee)} .complaint-category`),
      JSON.parse(readFileSync(new URL("../src/inspect/locales/ar.json", import.meta.url), "utf8"))[
        "complaints.category.fee-charged"
      ],
    );
    await noAxeViolationsAtBothWidths();
    await page.selectOption("#language-select", "en");
    await page.waitForSelector("html[lang=en]");
    // On paper: the complaints stay, the photo button goes with every other control.
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.isVisible(`${item(filed.fee)} .complaint-text`), true);
    assert.equal(await page.isVisible(`${item(filed.fee)} .complaint-photo`), false);
    await page.emulateMedia({ media: "screen" });
  });

  it("the authority's console lists the agency's complaints and marks one handled with an outcome, refusing an empty one", async () => {
    const { page } = browser;
    const words = messages("console");
    await page.goto(`${stack.apiUrl}/console/`);
    await page.waitForSelector("body[data-ready=true]");
    await page.fill("#api-key-input", stack.service.apiKeys.authorityPH!);
    await page.click("#sign-in-form button[type=submit]");
    await page.waitForSelector('#section[data-loaded="agencies"]');
    await page.click('#sections button[data-section="complaints"]');
    await page.waitForSelector('#section[data-loaded="complaints"]:not([aria-busy]) li.complaint');
    assert.equal(await page.inputValue("#complaints-agency"), agencyAddress());
    assert.match((await page.textContent("#complaints-agency option:checked")) ?? "", new RegExp(BAYANIHAN.agencyName));
    assert.equal(await page.textContent(`${item(filed.passport)} .complaint-text`), PASSPORT_WORDS);
    assert.equal(await page.textContent(`${item(filed.passport)} .complaint-filer`), words["complaints.anonymous"]);
    await noAxeViolationsAtBothWidths();
    // No outcome: refused next to the button, in words, nothing sent.
    const form = `#handle-${filed.passport}-form`;
    await page.click(`${form} button.mark-handled`);
    assert.equal(await page.textContent(`#handle-${filed.passport}-error`), words["complaints.outcomeRequired"]);
    assert.equal(await page.getAttribute(`#handle-${filed.passport}-error`, "role"), "alert");
    assert.equal(stack.service.context.store.complaints.byId(filed.passport)?.status, "open");
    await page.fill(`${form} textarea`, OUTCOME);
    await page.click(`${form} button.mark-handled`);
    await page.waitForSelector(`${item(filed.passport)}[data-status=handled] .complaint-outcome`);
    assert.match(
      (await page.textContent(`${item(filed.passport)} .complaint-outcome`)) ?? "",
      new RegExp(`${OUTCOME}$`),
    );
    assert.equal(
      await page.textContent("#status"),
      words["complaints.handledDone"]!.replace("{reference}", filed.passport.slice(0, 8)),
    );
    assert.equal(await page.locator(`${form}`).count(), 0, "a handled complaint has no handling form");
    assert.equal(
      await page.textContent("#complaints .complaint-counts"),
      words["complaints.counts"]!.replace("{filed}", "2").replace("{open}", "1").replace("{handled}", "1"),
    );
    await noAxeViolationsAtBothWidths();
    await updateScreenshot(page.locator("#complaints"), "console-complaints.png");
    await page.selectOption("#language-select", "ar");
    await page.waitForSelector('html[lang=ar] #section[data-loaded="complaints"]:not([aria-busy]) li.complaint');
    await noAxeViolationsAtBothWidths();
    await page.selectOption("#language-select", "en");
    await page.waitForSelector("html[lang=en]");
  });

  it("the inspector then sees the outcome the authority wrote", async () => {
    const { page } = browser;
    await openInspectorAudit();
    await page.waitForSelector(`${item(filed.passport)}[data-status=handled]`);
    assert.match(
      (await page.textContent(`${item(filed.passport)} .complaint-outcome`)) ?? "",
      new RegExp(`${OUTCOME}$`),
    );
    assert.equal(await page.locator("#complaints form").count(), 0, "the dashboard only reads complaints");
    await updateScreenshot(page.locator("#complaints"), "inspect-complaints.png");
  });
});
