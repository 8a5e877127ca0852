/**
 * The border desk (/verify/) in Chromium on a laptop (1280 px) and a small tablet-in-hand width (360 px),
 * in English and Arabic (right to left), against the issuer service on a local chain with the demo
 * consortium. The officer signs in with the Saudi post's authority key, presses "New traveller", the
 * worker's wallet (its own modules on Node's WebCrypto, as openid4vp-stack.test.ts drives them) reads the
 * desk's QR and answers, and the page shows VALID by itself with the disclosed claims by their labels and
 * the issuing agency by name, licence number and licensing authority from the public register, the contract
 * (anchored, latest), the fee status and the inspectors' flags on the case. With "ask for the name" ticked
 * the holder's name is shown; after a suspension the licence now reads "SUSPENDED now (since …, reason …)";
 * an inspector's flag shows; look-alike claim names are shown apart, marked. Every check's meaning is in the
 * page's language. An expired request says so; a wrong key is a clear sign-in error; the key and the shift
 * log stay in sessionStorage.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { VCT } from "@fairledger/common";
import { credentialDigest } from "@fairledger/common/node";
import { createHolderKey, type HolderKey } from "../src/lib/holder-key.ts";
import { parsePickupInput } from "../src/pickup/offer.ts";
import { pickUpCredential } from "../src/pickup/pickup.ts";
import { describeCredential } from "../src/credentials/describe.ts";
import { buildPresentation } from "../src/present/build-presentation.ts";
import { homeServiceKeyResolver } from "../src/present/online/client-key.ts";
import { readOnlineRequest } from "../src/present/online/online-request.ts";
import { matchOnlineRequest } from "../src/present/online/dcql-match.ts";
import { sendOnlineAnswer, vpTokenOf } from "../src/present/online/send-answer.ts";
import { devWallet, DEMO_ROLES } from "../../scripts/lib/seed.mts";
import { startWalletStack, TERMS, WORKER, type WalletStack } from "./support/stack.ts";
import { LAPTOP, officialPageDriver } from "./support/official-page.ts";
import { decodeQrPng, launchPhoneBrowser, updateScreenshot, type Browser } from "./support/browser.ts";

const walletDir = fileURLToPath(new URL("..", import.meta.url));
const messages = (lang: "en" | "ar") =>
  JSON.parse(readFileSync(new URL(`../src/verify/locales/${lang}.json`, import.meta.url), "utf8")) as Record<
    string,
    string
  >;
const BAYANIHAN = { agencyName: "Bayanihan Manpower Services", licenceNumber: "DMW-LB-0421-2026" };

describe("the border desk /verify/ in Chromium", { timeout: 300_000 }, () => {
  let stack: WalletStack;
  let holder: HolderKey;
  let credential: string;
  let browser: Browser;
  const { signIn, chooseLanguage, noAxeViolationsAtBothWidths } = officialPageDriver(() => browser.page);

  before(async () => {
    execFileSync(process.execPath, ["build.mjs"], { cwd: walletDir, stdio: "ignore" });
    stack = await startWalletStack(`${walletDir}dist`);
    // The agency is licensed through the authorities' API with its name and number (the register's source).
    const licensed = await fetch(`${stack.apiUrl}/licences`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-api-key": stack.service.apiKeys.authorityPH!,
        "idempotency-key": crypto.randomUUID(),
      },
      body: JSON.stringify({
        agency: stack.ledger.demo.accounts.agency.address,
        ...BAYANIHAN,
        validFrom: new Date(Date.now() - 86_400_000).toISOString(),
        validUntil: new Date(Date.now() + 365 * 86_400_000).toISOString(),
      }),
    });
    assert.ok(licensed.ok, `licence: ${licensed.status} ${await licensed.text()}`);
    holder = await createHolderKey();
    const caseId = await stack.caseWithAnchoredContract();
    const offer = await stack.offer(caseId);
    credential = await pickUpCredential(fetch, parsePickupInput(offer.credentialOfferUri, stack.apiUrl), holder);
    await stack.waitUntilAnchored(credentialDigest(credential.split("~")[0]!));
    browser = await launchPhoneBrowser(1);
    await browser.page.setViewportSize(LAPTOP);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** The worker's wallet answers the request behind `link`, disclosing only what the query asks by default. */
  async function walletAnswers(link: string, forge: (presentation: string) => string = (same) => same): Promise<void> {
    const request = await readOnlineRequest(link, {
      fetch,
      resolveClientKey: homeServiceKeyResolver(stack.apiUrl, fetch),
      now: new Date(),
    });
    const view = await describeCredential(credential);
    const match = matchOnlineRequest(request.dcqlQuery, [{ digest: "0x1", view, vct: VCT[view.type] }]);
    const presentation = await buildPresentation(
      credential,
      new Set(match.claims.filter((claim) => view.disclosable.includes(claim))),
      { aud: request.clientId, nonce: request.nonce, claims: match.claims },
      holder.privateKey,
      new Date(),
    );
    await sendOnlineAnswer(fetch, request, vpTokenOf(match.queryId, forge(presentation)));
  }

  /** The worker declines in the wallet: an OpenID4VP error response instead of a vp_token. */
  async function walletDeclines(link: string): Promise<void> {
    const request = await readOnlineRequest(link, {
      fetch,
      resolveClientKey: homeServiceKeyResolver(stack.apiUrl, fetch),
      now: new Date(),
    });
    const response = await fetch(request.responseUri, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ error: "access_denied", state: request.state }).toString(),
    });
    assert.equal(response.status, 200);
  }

  it("is served by the issuer service at /verify/ (no new API route: the page uses the authorities' API)", async () => {
    const page = await fetch(`${stack.apiUrl}/verify/`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<script type="module" src="app.js">/);
    assert.match(html, /script-src 'self'/, "no inline script may run where the API key lives");
    const bare = await fetch(`${stack.apiUrl}/verify`, { redirect: "manual" });
    assert.equal(bare.headers.get("location"), "/verify/");
  });

  it("a wrong key is a clear sign-in error, and is not kept", async () => {
    const { page } = browser;
    await page.goto(`${stack.service.url}/verify/`);
    await page.waitForSelector("body[data-ready]");
    await signIn("fl_wrong_key_0000000000000000");
    await page.waitForFunction(() => document.querySelector("#status.error") !== null);
    assert.equal(await page.textContent("#status"), messages("en")["signIn.error.wrongKey"]);
    assert.equal(await page.getAttribute("#api-key-input", "aria-invalid"), "true");
    assert.equal(await page.isVisible("#new-traveller"), false);
    assert.equal(await page.evaluate(() => sessionStorage.length + localStorage.length), 1, "only the language");
    // An agency's key is a real key but not a border post's.
    await signIn(stack.service.apiKeys.agency!);
    await page.waitForFunction(
      (text) => document.querySelector("#status")?.textContent === text,
      messages("en")["signIn.error.notAuthority"],
    );
    await noAxeViolationsAtBothWidths();
  });

  it("signs in, shows the request QR, and the verdict appears by itself: VALID, the agency by name and licence number", async () => {
    const { page } = browser;
    await signIn(stack.service.apiKeys.authoritySA!);
    await page.waitForSelector("#new-traveller");
    const stored = await page.evaluate(() => ({
      session: Object.keys(sessionStorage),
      local: Object.keys(localStorage),
    }));
    assert.deepEqual(stored.session, ["fairledger-verify-api-key"]);
    assert.deepEqual(stored.local, ["fairledger-verify-language"], "the key never goes to localStorage");

    await page.click("#new-traveller");
    await page.waitForSelector("#request-qr");
    const link = (await page.textContent("#request-link"))!;
    const png = (await page.getAttribute("#request-qr", "src"))!.replace(/^data:image\/png;base64,/, "");
    assert.equal(decodeQrPng(Buffer.from(png, "base64")), link, "the QR on screen holds the link");
    await noAxeViolationsAtBothWidths();

    await walletAnswers(link);
    await page.waitForSelector("#verdict");
    assert.equal(await page.getAttribute("#verdict", "data-outcome"), "valid");
    assert.equal(await page.textContent("#verdict .verdict-text"), "VALID");
    assert.equal(await page.textContent("#agency-name"), BAYANIHAN.agencyName);
    assert.equal(await page.textContent("#licence-number"), BAYANIHAN.licenceNumber);
    assert.match((await page.textContent("#licensing-authority")) ?? "", /\(PH\)|Philippines/);
    assert.equal(await page.getAttribute("#licence-now .tag", "data-state"), "licensed");
    assert.equal(await page.textContent("#licence-at-issue"), messages("en")["atIssue.licensed"]);
    // The DID appears only inside the verifier's own reasons, under the expandable checks.
    assert.doesNotMatch((await page.textContent("#agency")) ?? "", /did:|0x/, "the agency is never shown as a DID");
    // The disclosed claims by their type-metadata labels; nothing personal was asked for.
    const claims = await page.locator("#claims dt").allTextContents();
    assert.ok(claims.includes("Employer"), claims.join(", "));
    assert.match((await page.textContent("#claims")) ?? "", new RegExp(TERMS.employerName));
    assert.doesNotMatch((await page.textContent("#claims")) ?? "", /Maria Santos/);
    assert.equal(await page.textContent("#holder-name"), messages("en")["holderName.notAsked"]);
    // The contract is anchored and the latest; an employment contract carries no fee statement; no flags.
    assert.equal(await page.getAttribute("#contract-anchored span", "data-state"), "passed");
    assert.equal(await page.getAttribute("#contract-latest span", "data-state"), "passed");
    assert.equal(await page.textContent("#fee-status"), messages("en")["fees.notShown"]);
    assert.equal(await page.getAttribute("#flags-state", "data-flags"), "none");
    assert.match((await page.textContent("#licence-now")) ?? "", /^Licensed now \(since .+\)$/);
    assert.equal(
      await page.textContent('#checks li[data-check="issuer-licensed"] .check-meaning'),
      messages("en")["checkReason.issuer-licensed.passed"],
    );
    // Each check is listed, expandable with its reason.
    assert.ok((await page.locator("#checks li[data-state=passed]").count()) >= 10);
    assert.equal(await page.locator("#checks li[data-state=failed]").count(), 0);
    assert.equal((await page.locator('#checks li[data-check="issuer-licensed"] details p').count()) >= 1, true);
    // The shift log: time, verdict, agency name — nothing personal.
    assert.equal(await page.locator("#shift-log tbody tr").count(), 1);
    assert.match((await page.textContent("#shift-log tbody tr")) ?? "", /VALID.*Bayanihan Manpower Services/);
    const log = await page.evaluate(() => sessionStorage.getItem("fairledger-verify-shift-log"));
    assert.doesNotMatch(log ?? "", /Maria|P1234567A|Riyadh/);
    await noAxeViolationsAtBothWidths();

    await chooseLanguage("ar");
    assert.equal(await page.getAttribute("html", "dir"), "rtl");
    assert.equal(await page.textContent("#verdict .verdict-text"), messages("ar")["verdict.valid"]);
    assert.equal(await page.textContent("#licence-number"), BAYANIHAN.licenceNumber);
    assert.equal(await page.getAttribute("#licence-number bdi", "dir"), "ltr");
    // The checks' meanings in Arabic, by check id: the verifier's English words only under their label.
    assert.equal(
      await page.textContent('#checks li[data-check="issuer-licensed"] .check-meaning'),
      messages("ar")["checkReason.issuer-licensed.passed"],
    );
    assert.equal(await page.textContent("#fee-status"), messages("ar")["fees.notShown"]);
    assert.equal(await page.textContent("#flags-state"), messages("ar")["flags.none"]);
    await noAxeViolationsAtBothWidths();
    await chooseLanguage("en");
  });

  it("after the agency is suspended the papers stay VALID, and the desk shows the suspension now beside the licence at issue", async () => {
    const { page } = browser;
    const agency = stack.ledger.demo.accounts.agency.address;
    const suspended = await fetch(`${stack.apiUrl}/licences/${agency}/suspend`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-api-key": stack.service.apiKeys.authorityPH!,
        "idempotency-key": crypto.randomUUID(),
      },
      body: JSON.stringify({ reason: "fees-charged-to-workers" }),
    });
    assert.ok(suspended.ok, `suspend: ${suspended.status} ${await suspended.text()}`);
    await page.click("#new-traveller");
    await page.waitForSelector("#request-link");
    await walletAnswers((await page.textContent("#request-link"))!);
    await page.waitForSelector("#verdict");
    assert.equal(await page.getAttribute("#verdict", "data-outcome"), "valid");
    assert.equal(await page.getAttribute("#licence-now .tag", "data-state"), "suspended");
    assert.match(
      (await page.textContent("#licence-now")) ?? "",
      /^SUSPENDED now \(since .+, reason: recruitment fees charged to workers beyond the corridor's limit\)$/,
    );
    assert.equal(await page.textContent("#licence-at-issue"), messages("en")["atIssue.licensed"]);
    assert.equal(await page.textContent("#licence-warning"), messages("en").licenceNotNowWarning);
    await noAxeViolationsAtBothWidths();
    await chooseLanguage("ar");
    assert.match(
      (await page.textContent("#licence-now")) ?? "",
      new RegExp(`^${messages("ar")["state.suspended"]} الآن`),
    );
    await noAxeViolationsAtBothWidths();
    await chooseLanguage("en");
  });

  it("with 'ask for the name' ticked the holder's name is shown, and an inspector's flag on the case appears", async () => {
    const { page } = browser;
    // An inspector (onboarded by an authority) flags the case of these papers on chain.
    const onboarded = await fetch(`${stack.apiUrl}/principals`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-api-key": stack.service.apiKeys.authorityPH!,
        "idempotency-key": crypto.randomUUID(),
      },
      body: JSON.stringify({
        kind: "inspector",
        name: "PH labour inspectorate",
        privateKey: devWallet(DEMO_ROLES.inspector).privateKey,
      }),
    });
    assert.equal(onboarded.status, 201, await onboarded.clone().text());
    const inspectorKey = ((await onboarded.json()) as { key: { apiKey: string } }).key.apiKey;
    const [issuerJwt = ""] = credential.split("~");
    const payload = JSON.parse(Buffer.from(issuerJwt.split(".")[1]!, "base64url").toString()) as {
      credentialSubject: { caseCommitment: string };
    };
    const findingHash = `0x${"f1".repeat(32)}`;
    const flagged = await fetch(`${stack.apiUrl}/audits/cases/${payload.credentialSubject.caseCommitment}/flags`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-api-key": inspectorKey,
        "idempotency-key": crypto.randomUUID(),
      },
      body: JSON.stringify({ findingHash }),
    });
    assert.equal(flagged.status, 201, await flagged.text());

    await page.check("#ask-name");
    await page.click("#new-traveller");
    await page.waitForSelector("#request-link");
    await walletAnswers((await page.textContent("#request-link"))!);
    await page.waitForSelector("#verdict");
    assert.equal(await page.getAttribute("#verdict", "data-outcome"), "valid", "a flag does not change the verdict");
    assert.equal(await page.textContent("#holder-name"), WORKER.name);
    assert.equal(await page.getAttribute("#flags-state", "data-flags"), "flagged");
    assert.deepEqual(
      await page.locator("#case-flags li").evaluateAll((items) => items.map((li) => li.dataset.finding)),
      [findingHash],
    );
    assert.match(
      (await page.textContent("#case-flags li")) ?? "",
      new RegExp(devWallet(DEMO_ROLES.inspector).address, "i"),
    );
    assert.equal(await page.getAttribute("#licence-now .tag", "data-state"), "suspended");
    assert.equal(await page.isChecked("#ask-name"), true, "the box stays ticked for the next traveller");
    await noAxeViolationsAtBothWidths();
    await page.setViewportSize(LAPTOP);
    await updateScreenshot(page, "verify-online.png", { fullPage: true });
    await chooseLanguage("ar");
    assert.match((await page.textContent("#flags-state")) ?? "", /عليها إشارة/);
    await noAxeViolationsAtBothWidths();
    await chooseLanguage("en");
    await page.uncheck("#ask-name");
  });

  it("a forged answer (key-binding signature altered) is NOT VALID, the failed check open with its reason", async () => {
    const { page } = browser;
    await page.click("#new-traveller");
    await page.waitForSelector("#request-link");
    const link = (await page.textContent("#request-link"))!;
    await walletAnswers(link, (presentation) => {
      // One character in the middle of the KB-JWT's signature: the holder's proof no longer verifies.
      const at = presentation.length - 20;
      return presentation.slice(0, at) + (presentation[at] === "A" ? "B" : "A") + presentation.slice(at + 1);
    });
    await page.waitForSelector("#verdict");
    assert.equal(await page.getAttribute("#verdict", "data-outcome"), "invalid");
    assert.equal(await page.textContent("#verdict .verdict-text"), "NOT VALID");
    const failed = page.locator('#checks li[data-state="failed"]');
    assert.deepEqual(await failed.evaluateAll((items) => items.map((item) => item.getAttribute("data-check"))), [
      "key-binding",
    ]);
    assert.equal(await failed.locator("details").getAttribute("open"), "", "a failed check is shown open");
    assert.ok(((await failed.locator("details p").first().textContent()) ?? "").length > 0);
    await noAxeViolationsAtBothWidths();
  });

  it("a worker who declines: no papers shown, not a verdict on papers", async () => {
    const { page } = browser;
    await page.click("#new-traveller");
    await page.waitForSelector("#request-link");
    await walletDeclines((await page.textContent("#request-link"))!);
    await page.waitForSelector('#verdict[data-outcome="declined"]');
    assert.equal(await page.textContent("#verdict .verdict-text"), messages("en")["verdict.declined"]);
    assert.equal(await page.locator("#agency").count(), 0);
  });

  it("CANNOT CHECK when a check could not run; claim names that only look like real ones (fullwidth ｅ, Cyrillic а) are shown apart, marked, never as the claim", async () => {
    const { page } = browser;
    const cyrillic = "employerN\u0430me";
    // A verdict the service could give with the ledger down and a hand-made credential: served to the desk
    // as the poll's answer, to show how the page lays it out.
    const lookalike = "\uff45mployerName";
    await page.route(/\/openid4vp\/requests\/[0-9a-f-]{36}$/, async (route) => {
      const real = await route.fetch();
      const view = await real.json();
      await route.fulfill({
        response: real,
        json: {
          ...view,
          status: "answered",
          verdict: {
            outcome: "cannot-verify",
            verifiedAt: Math.floor(Date.now() / 1000),
            presentations: [
              {
                queryId: "employment",
                result: {
                  outcome: "cannot-verify",
                  verified: false,
                  issuer: `did:ethr:0x7a69:${stack.ledger.demo.accounts.agency.address.toLowerCase()}`,
                  subject: null,
                  digest: null,
                  credentialType: "EmploymentContractCredential",
                  disclosed: { jobTitle: TERMS.jobTitle, favouriteColour: "blue" },
                  // As the verifier returns them: set apart, never in `disclosed`.
                  lookAlikes: [
                    { name: lookalike, looksLike: "employerName", value: "Fake Hospital" },
                    { name: cyrillic, looksLike: "employerName", value: "Fake Clinic" },
                  ],
                  caseFlags: null,
                  checks: [
                    { id: "issuer-signature", passed: true, reason: "credential signature is valid" },
                    { id: "anchored", passed: false, indeterminate: true, reason: "the chain could not be reached" },
                  ],
                },
              },
            ],
          },
        },
      });
    });
    await page.click("#new-traveller");
    await page.waitForSelector('#verdict[data-outcome="cannot-verify"]');
    await page.unroute(/\/openid4vp\/requests\/[0-9a-f-]{36}$/);
    assert.equal(await page.textContent("#verdict .verdict-text"), "CANNOT CHECK");
    assert.equal(await page.getAttribute('#checks li[data-check="anchored"]', "data-state"), "indeterminate");
    assert.deepEqual(await page.locator("#claims > dl:not(.holder) dt").allTextContents(), ["Job title"]);
    assert.deepEqual(await page.locator("#look-alikes dt bdi").allTextContents(), [lookalike, cyrillic]);
    assert.deepEqual(
      await page
        .locator("#look-alikes dt")
        .evaluateAll((items) => items.map((dt) => dt.getAttribute("data-looks-like"))),
      ["employerName", "employerName"],
    );
    assert.match((await page.textContent("#look-alikes")) ?? "", /LOOK-ALIKE.*looks like “Employer” but is not it/s);
    assert.match((await page.textContent("#look-alikes")) ?? "", /U\+FF45.*U\+0430/s);
    assert.deepEqual(await page.locator("#unknown-claims dt").allTextContents(), ["favouriteColour"]);
    assert.doesNotMatch(
      (await page.textContent("#claims > dl:not(.holder)")) ?? "",
      /Fake Hospital|Fake Clinic|Employer/,
    );
    assert.equal(await page.getAttribute("#flags-state", "data-flags"), "unavailable");
    assert.equal(
      await page.textContent('#checks li[data-check="anchored"] .check-meaning'),
      messages("en")["checkReason.indeterminate"],
    );
    await noAxeViolationsAtBothWidths();
    await chooseLanguage("ar");
    assert.equal(await page.textContent("#look-alikes h3"), messages("ar").lookAlikesHeading);
    assert.equal(
      await page.textContent('#checks li[data-check="anchored"] .check-meaning'),
      messages("ar")["checkReason.indeterminate"],
    );
    await noAxeViolationsAtBothWidths();
    await chooseLanguage("en");
  });

  it("an expired request says that it expired, and a new traveller starts clean", async () => {
    const { page } = browser;
    // The service's requests live five minutes: the desk's poll is answered "expired" as the service would
    // answer it then, rather than waiting five minutes.
    await page.route(/\/openid4vp\/requests\/[0-9a-f-]{36}$/, async (route) => {
      const real = await route.fetch();
      await route.fulfill({ response: real, json: { ...(await real.json()), status: "expired" } });
    });
    await page.click("#new-traveller");
    await page.waitForSelector('#verdict[data-outcome="expired"]');
    assert.equal(await page.textContent("#verdict .verdict-text"), messages("en")["verdict.expired"]);
    assert.equal(await page.textContent("#status"), messages("en")["announce.expired"]);
    assert.equal(await page.isVisible("#request-qr"), false, "the expired QR is gone");
    await noAxeViolationsAtBothWidths();
    await chooseLanguage("ar");
    await noAxeViolationsAtBothWidths();
    await chooseLanguage("en");
    await page.unroute(/\/openid4vp\/requests\/[0-9a-f-]{36}$/);
    assert.equal(await page.locator("#shift-log tbody tr").count(), 7);
  });

  it("end shift clears the log; sign out forgets the key", async () => {
    const { page } = browser;
    await page.click("#end-shift");
    await page.waitForSelector("#log-empty");
    assert.equal(await page.evaluate(() => sessionStorage.getItem("fairledger-verify-shift-log")), null);
    await page.click("#sign-out");
    await page.waitForSelector("#api-key-input");
    assert.equal(await page.evaluate(() => sessionStorage.getItem("fairledger-verify-api-key")), null);
    await chooseLanguage("ar");
    await noAxeViolationsAtBothWidths();
  });
});
