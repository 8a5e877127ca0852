/**
 * The inspector's dashboard (/inspect/) in Chromium at a desk (1280 px) and a phone (360 px), in English and
 * Arabic (right to left), against the issuer service on a local chain with the demo consortium. An authority
 * onboards the demo inspector; the agency runs four PH→SA cases (one closed clean, one closed in breach —
 * the worker paid PHP 15,000.00 where the corridor forbids any fee —, one open past its contract start, one
 * open in time). The inspector signs in, audits the corridor and reads each class, the totals in currency
 * units, the charts and their tables; downloads the service's CSV; flags the breach with a reason and sees
 * the flag; prints (print media hides the controls, the PDF is produced). An unknown corridor or agency is
 * an error in words, never a clean audit; a wrong key and a non-inspector key are refused at sign-in.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Wallet } from "ethers";
import { AUDIT_CSV_COLUMNS } from "../../verifier/src/audit/audit-csv.ts";
import { devWallet, DEMO_ROLES } from "../../scripts/lib/seed.mts";
import { startWalletStack, TERMS, type WalletStack } from "./support/stack.ts";
import { LAPTOP, officialPageDriver } from "./support/official-page.ts";
import { launchPhoneBrowser, updateScreenshot, type Browser } from "./support/browser.ts";

const walletDir = fileURLToPath(new URL("..", import.meta.url));
const messages = (lang: "en" | "ar") =>
  JSON.parse(readFileSync(new URL(`../src/inspect/locales/${lang}.json`, import.meta.url), "utf8")) as Record<
    string,
    string
  >;
const BAYANIHAN = { agencyName: "Bayanihan Manpower Services", licenceNumber: "DMW-LB-0421-2026" };
/** Intl groups with commas and puts a no-break space after the code: "PHP 15,000.00". */
const amount = (text: string) => new RegExp(`^${text.replace(" ", "\\s").replace(/[.]/g, "\\.")}$`);

describe("the inspector's dashboard /inspect/ in Chromium", { timeout: 300_000 }, () => {
  let stack: WalletStack;
  let browser: Browser;
  const { signIn, chooseLanguage, noAxeViolationsAtBothWidths } = officialPageDriver(() => browser.page);
  let inspectorKey: string;
  const cases: Record<"clean" | "breach" | "overdue" | "open", string> = {
    clean: "",
    breach: "",
    overdue: "",
    open: "",
  };

  /** A PH→SA case whose contract starts on `contractStart`, closed after one receipt when `fee` is given. */
  async function feeCase(contractStart: string, fee?: { payer: "employer" | "worker"; amount: string }) {
    const caseId = await stack.caseWithAnchoredContract({ ...TERMS, contractStart });
    if (fee) {
      const receipt = await stack.agency("POST", `/cases/${caseId}/receipts`, {
        ...fee,
        currency: "PHP",
        category: 1,
        document: Buffer.from(`receipt of case ${caseId}`).toString("base64"),
      });
      assert.equal(receipt.status, 201, JSON.stringify(receipt.body));
      const closed = await stack.agency("POST", `/cases/${caseId}/close`);
      assert.equal(closed.status, 200, JSON.stringify(closed.body));
    }
    const view = await stack.agency("GET", `/cases/${caseId}`);
    return String(view.body.caseCommitment).toLowerCase();
  }

  before(async () => {
    execFileSync(process.execPath, ["build.mjs"], { cwd: walletDir, stdio: "ignore" });
    stack = await startWalletStack(`${walletDir}dist`);
    const authority = { "x-api-key": stack.service.apiKeys.authorityPH!, "content-type": "application/json" };
    const licensed = await fetch(`${stack.apiUrl}/licences`, {
      method: "POST",
      headers: { ...authority, "idempotency-key": crypto.randomUUID() },
      body: JSON.stringify({
        agency: stack.ledger.demo.accounts.agency.address,
        ...BAYANIHAN,
        validFrom: new Date(Date.now() - 86_400_000).toISOString(),
        validUntil: new Date(Date.now() + 365 * 86_400_000).toISOString(),
      }),
    });
    assert.ok(licensed.ok, `licence: ${licensed.status} ${await licensed.text()}`);
    // The demo inspector's account holds INSPECTOR_ROLE on chain (the seed); an authority onboards it here.
    const onboarded = await fetch(`${stack.apiUrl}/principals`, {
      method: "POST",
      headers: { ...authority, "idempotency-key": crypto.randomUUID() },
      body: JSON.stringify({
        kind: "inspector",
        name: "PH labour inspectorate",
        privateKey: devWallet(DEMO_ROLES.inspector).privateKey,
      }),
    });
    assert.equal(onboarded.status, 201, await onboarded.clone().text());
    inspectorKey = ((await onboarded.json()) as { key: { apiKey: string } }).key.apiKey;
    cases.clean = await feeCase("2027-01-15", { payer: "employer", amount: "5000000" });
    cases.breach = await feeCase("2027-01-15", { payer: "worker", amount: "1500000" });
    cases.overdue = await feeCase("2020-01-15");
    cases.open = await feeCase("2099-01-15");
    browser = await launchPhoneBrowser(1);
    await browser.page.setViewportSize(LAPTOP);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const row = (caseCommitment: string) => `tr[data-case="${caseCommitment}"]`;

  it("is served by the issuer service at /inspect/ with a CSP that allows no inline script", async () => {
    const page = await fetch(`${stack.apiUrl}/inspect/`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<script type="module" src="app.js">/);
    assert.match(html, /script-src 'self'/);
    const bare = await fetch(`${stack.apiUrl}/inspect`, { redirect: "manual" });
    assert.equal(bare.headers.get("location"), "/inspect/");
  });

  it("refuses a wrong key and a key that is not an inspector's, in words, and keeps neither", async () => {
    const { page } = browser;
    await page.goto(`${stack.apiUrl}/inspect/`);
    await page.waitForSelector("body[data-ready=true]");
    await chooseLanguage("en");
    await signIn("fl_forged_0000000000000000000000000000");
    await page.waitForFunction(
      (text) => document.getElementById("status")?.textContent === text,
      messages("en")["signIn.error.wrongKey"],
    );
    assert.equal(await page.getAttribute("#api-key-input", "aria-invalid"), "true");
    await signIn(stack.service.apiKeys.agency!);
    await page.waitForFunction(
      (text) => document.getElementById("status")?.textContent === text,
      messages("en")["signIn.error.notInspector"],
    );
    assert.equal(await page.evaluate(() => sessionStorage.getItem("fairledger-inspect-api-key")), null);
    await noAxeViolationsAtBothWidths();
  });

  it("audits the PH-SA corridor: each case in its class, totals in currency units, charts with tables", async () => {
    const { page } = browser;
    await signIn(inspectorKey);
    await page.waitForSelector("#corridor-select");
    assert.equal(await page.evaluate(() => sessionStorage.getItem("fairledger-inspect-api-key")), inspectorKey);
    const agencies = await page.locator("#agency-select option").allTextContents();
    assert.ok(agencies.includes(`${BAYANIHAN.agencyName} (${BAYANIHAN.licenceNumber})`), agencies.join(" | "));
    await page.selectOption("#corridor-select", "PH-SA");
    await page.click("#run-audit");
    await page.waitForSelector("#audit");
    assert.match(page.url(), /\?corridor=PH-SA$/, "the audit can be linked to");
    const classCount = (name: string) => page.textContent(`#class-totals tr[data-class="${name}"] td.number`);
    assert.equal(await classCount("open"), "1");
    assert.equal(await classCount("overdue"), "1");
    assert.equal(await classCount("closed-clean"), "1");
    assert.equal(await classCount("closed-in-breach"), "1");
    assert.equal(await classCount("over-cap"), "0");
    assert.equal(await page.textContent("#total-cases"), "4");
    assert.equal(await page.textContent("#total-findings"), "2", "the breach and the overdue case");
    assert.match((await page.textContent("#total-worker-paid")) ?? "", amount("PHP 15,000.00"));
    assert.match((await page.textContent("#total-employer-paid")) ?? "", amount("PHP 50,000.00"));
    // Each case listed under its own class, the breach with the worker's fee and the cap it closed under.
    for (const [name, caseClass] of [
      ["clean", "closed-clean"],
      ["breach", "closed-in-breach"],
      ["overdue", "overdue"],
      ["open", "open"],
    ] as const)
      assert.equal(await page.getAttribute(`#cases-${caseClass} ${row(cases[name])}`, "data-class"), caseClass, name);
    assert.match((await page.textContent(`${row(cases.breach)} .worker-paid`)) ?? "", amount("PHP 15,000.00"));
    assert.match((await page.textContent(`${row(cases.breach)} .cap`)) ?? "", amount("PHP 0.00"));
    assert.equal(await page.textContent(`${row(cases.open)} .cap`), "—", "an open case has no cap at closure yet");
    assert.doesNotMatch(
      (await page.textContent("#audit")) ?? "",
      /1500000|Maria|P1234567A/,
      "no minor units, nobody named",
    );
    // The charts: SVG images with a title and a description, and the same numbers in a table.
    for (const chart of ["#by-month", "#by-agency"]) {
      const svg = page.locator(`${chart} svg.chart`);
      assert.equal(await svg.getAttribute("role"), "img");
      assert.ok((await page.textContent(`${chart} svg desc`))?.length);
    }
    assert.equal(await page.locator('#by-month svg rect[data-class="closed-in-breach"]').count(), 1);
    assert.deepEqual(await page.locator("#by-month-table tbody td").allTextContents(), ["1", "0", "1"]);
    const agencyRow = await page.locator("#by-agency-table tbody tr").allTextContents();
    assert.deepEqual(agencyRow, [`${BAYANIHAN.agencyName}1102`]);
    await noAxeViolationsAtBothWidths();
    await chooseLanguage("ar");
    assert.equal(await page.getAttribute("html", "dir"), "rtl");
    assert.equal(
      await page.textContent('#class-totals tr[data-class="closed-in-breach"] th'),
      messages("ar")["class.closed-in-breach"],
    );
    await noAxeViolationsAtBothWidths();
    await chooseLanguage("en");
  });

  it("downloads the service's CSV: a header and one row per case, the breach in currency units", async () => {
    const { page } = browser;
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-csv")]);
    assert.match(download.suggestedFilename(), /^fee-audit-PH-SA-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = readFileSync(await download.path(), "utf8")
      .trimEnd()
      .split("\n");
    assert.equal(lines[0], AUDIT_CSV_COLUMNS.join(","));
    assert.equal(lines.length, 5);
    const breach = lines.find((line) => line.startsWith(cases.breach));
    assert.match(
      breach ?? "",
      /,PH-SA,closed-in-breach,ClosedInBreach,.*,PHP,15000\.00,0\.00,0\.00,1,,closed-in-breach,0$/,
    );
    for (const name of ["clean", "overdue", "open"] as const)
      assert.ok(
        lines.some((line) => line.startsWith(cases[name])),
        name,
      );
  });

  it("flags the breach with a reason: a too-short reason is refused, then the flag is on chain and shown", async () => {
    const { page } = browser;
    await page.click(`${row(cases.breach)} .flag-button`);
    assert.equal(await page.inputValue("#flag-case"), cases.breach);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "flag-reason");
    await page.fill("#flag-reason", "bad");
    await page.click("#flag-submit");
    assert.equal(await page.textContent("#flag-error"), messages("en")["flag.error.reasonShort"]);
    const reason = "Worker paid PHP 15,000 placement fee; receipt no. 0042 seen at the agency's office.";
    await page.fill("#flag-reason", reason);
    await page.click("#flag-submit");
    await page.waitForSelector(`${row(cases.breach)} .flags li`);
    assert.match(
      (await page.textContent(`${row(cases.breach)} .flags li`)) ?? "",
      new RegExp(`^${reason.slice(0, 30)}`),
    );
    assert.match((await page.textContent("#status")) ?? "", /^Flag recorded on the chain \(block \d+\)\.$/);
    // The flag is the chain's: the audit through the API lists it with a SHA-256 finding hash.
    const audit = await fetch(`${stack.apiUrl}/audits/fees?corridor=PH-SA`, { headers: { "x-api-key": inspectorKey } });
    const flagged = (
      (await audit.json()) as { cases: { caseCommitment: string; flags: { findingHash: string }[] }[] }
    ).cases.find((entry) => entry.caseCommitment === cases.breach);
    assert.equal(flagged?.flags.length, 1);
    assert.equal(
      await page.getAttribute(`${row(cases.breach)} .flags li`, "data-finding"),
      flagged?.flags[0]?.findingHash,
    );
    await noAxeViolationsAtBothWidths();
  });

  it("prints: the button calls window.print, print media hides every control and keeps tables and charts, the PDF is made", async () => {
    const { page } = browser;
    await page.evaluate(() => {
      window.print = () => {
        document.body.dataset.printed = "yes";
      };
    });
    await page.click("#print-report");
    assert.equal(await page.getAttribute("body", "data-printed"), "yes");
    await page.emulateMedia({ media: "print" });
    for (const control of [
      "#print-report",
      "#download-csv",
      "#audit-form",
      "#flag-form",
      "#sign-out",
      "#language-select",
    ])
      assert.equal(await page.isVisible(control), false, `${control} hidden on paper`);
    assert.equal(await page.locator("button:visible").count(), 0, "no button on paper");
    for (const shown of ["#class-totals", "#by-month svg.chart", "#by-agency-table", "#cases-closed-in-breach"])
      assert.equal(await page.isVisible(shown), true, `${shown} on paper`);
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    assert.equal(pdf.subarray(0, 5).toString("latin1"), "%PDF-");
    assert.ok(pdf.length > 10_000, `a report, not a blank page: ${pdf.length} bytes`);
    await page.emulateMedia({ media: "screen" });
  });

  it("an unknown corridor or agency is an error naming it, never a clean audit", async () => {
    const { page } = browser;
    await page.goto(`${stack.apiUrl}/inspect/?corridor=PH-JP`);
    await page.waitForSelector("#audit-error");
    assert.equal(
      await page.textContent("#audit-error"),
      messages("en")["error.unknownCorridor"]!.replace("{corridor}", "PH-JP"),
    );
    assert.equal(await page.locator("#audit").count(), 0, "no report at all");
    const stranger = Wallet.createRandom().address.toLowerCase();
    await page.goto(`${stack.apiUrl}/inspect/?agency=${stranger}`);
    await page.waitForSelector("#audit-error");
    assert.match(
      (await page.textContent("#audit-error")) ?? "",
      /was never licensed on this ledger\. Nothing was audited/,
    );
    assert.equal(await page.locator("#audit").count(), 0);
    await noAxeViolationsAtBothWidths();
    await chooseLanguage("ar");
    await noAxeViolationsAtBothWidths();
    await chooseLanguage("en");
  });

  it("the screenshot for the README (1280 px), then sign out forgets the key", async () => {
    const { page } = browser;
    await page.goto(`${stack.apiUrl}/inspect/?corridor=PH-SA`);
    await page.waitForSelector("#audit");
    await page.setViewportSize(LAPTOP);
    await updateScreenshot(page, "inspect.png", { fullPage: true });
    await page.click("#sign-out");
    await page.waitForSelector("#api-key-input");
    assert.equal(await page.evaluate(() => sessionStorage.getItem("fairledger-inspect-api-key")), null);
    await noAxeViolationsAtBothWidths();
  });
});
