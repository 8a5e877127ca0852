/**
 * End to end with the real parts: a local chain with the demo consortium, the issuer service in
 * process serving the built wallet at /wallet/, Chromium at phone size, and the verifier CLI as a
 * subprocess. The agency offers a credential; the worker picks it up from the offer link, scans the
 * verifier's request QR (made by `fairledger request`), keeps personal claims withheld, and shows the
 * QR codes; `fairledger verify` reads the screenshots and finds the presentation valid, without the
 * withheld claims; replayed to another verifier it is refused; once revoked it is refused and the
 * wallet says so.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { offlineQrVersionOf } from "@fairledger/common";
import { decodeQrPng, launchPhoneBrowser, shownQrScreenshots, type Browser } from "./support/browser.ts";
import { startWalletStack, WORKER, TERMS, type WalletStack } from "./support/stack.ts";

const walletDir = fileURLToPath(new URL("..", import.meta.url));
const VERIFIER = "did:web:border.example.sa";

interface CliResult {
  verified: boolean;
  checks: { id: string; passed: boolean; reason: string }[];
  disclosed: Record<string, unknown>;
}

function check(result: CliResult, id: string): { passed: boolean; reason: string } {
  const found = result.checks.find((candidate) => candidate.id === id);
  assert.ok(found, `the verifier ran ${id}: ${JSON.stringify(result.checks)}`);
  return found;
}

describe("wallet with the issuer service, the chain and the verifier CLI", { timeout: 300_000 }, () => {
  let stack: WalletStack;
  let browser: Browser;
  let work: string;
  let digest: string;
  let request: { nonce: string; aud: string; claims: string[] };
  let qrFiles: string[] = [];

  before(async () => {
    execFileSync(process.execPath, ["build.mjs"], { cwd: walletDir, stdio: "ignore" });
    work = mkdtempSync(join(tmpdir(), "fairledger-wallet-verify-"));
    stack = await startWalletStack(join(walletDir, "dist"));
    browser = await launchPhoneBrowser(2);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("is served by the issuer service at /wallet/ and picks up a credential from the agency's offer link", async () => {
    const caseId = await stack.caseWithAnchoredContract();
    const offer = await stack.offer(caseId);
    const { page } = browser;
    await page.goto(`${stack.service.url}/wallet/`);
    await page.waitForSelector("body[data-ready]");
    await page.fill("#pickup-input", offer.credentialOfferUri);
    await page.click("#pickup-form button[type=submit]");
    const card = page.locator("li.card");
    await card.waitFor();
    digest = (await card.getAttribute("data-digest"))!;
    const text = (await card.textContent()) ?? "";
    for (const words of ["Employment contract", TERMS.jobTitle, TERMS.employerName, "Saudi Arabia"])
      assert.ok(text.includes(words), `card shows ${words}: ${text}`);
    // The worker's own contract in full on their own phone (#15); presenting keeps it off by default (below).
    assert.ok(text.includes(WORKER.name), `card shows the worker's own name: ${text}`);
  });

  it("learns the anchor proof and the issuer's status once the batch is on chain", async () => {
    await stack.waitUntilAnchored(digest);
    const { page } = browser;
    await page.reload();
    await page.waitForSelector("body[data-ready]");
    assert.match((await page.textContent("li.card")) ?? "", /Recorded on the ledger/);
    assert.equal(await page.getAttribute("li.card .status", "data-status"), "valid");
  });

  it("reads the verifier's request QR, withholds personal claims, and fairledger verify finds the ONE offline QR code valid", async (t) => {
    const requestPng = join(work, "request.png");
    const made = await stack.fairledger(
      ["request", "--aud", VERIFIER, "--type", "EmploymentContractCredential", "--qr", requestPng],
      {
        chain: false,
      },
    );
    assert.equal(made.code, 0, made.stderr);
    request = JSON.parse(made.stdout);

    const { page } = browser;
    await page.setInputFiles("#request-file", requestPng);
    await page.waitForSelector("#disclosure-form");
    assert.match(
      (await page.textContent("#request-summary")) ?? "",
      new RegExp(`${VERIFIER.replace(/\./g, "\\.")} asks to see`),
    );
    for (const claim of ["workerName", "passportNumber", "birthDate", "nationality", "monthlyWage"]) {
      assert.equal(await page.isChecked(`#claim-${claim}`), false, `${claim} off by default`);
    }
    await page.click("#make-qr");
    const shots = await shownQrScreenshots(page);
    assert.equal(shots.length, 1, "a credential from the issuer service fits one code on a 2x phone screen");
    const text = decodeQrPng(shots[0]!);
    t.diagnostic(
      `offline QR: ${text.length} characters, version ${offlineQrVersionOf(text.length)} at error correction L`,
    );
    qrFiles = shots.map((shot, i) => {
      const file = join(work, `presentation-${i + 1}.png`);
      writeFileSync(file, shot);
      return file;
    });

    const verified = await stack.fairledger([
      "verify",
      ...qrFiles,
      "--nonce",
      request.nonce,
      "--aud",
      VERIFIER,
      "--json",
    ]);
    assert.equal(verified.code, 0, `fairledger verify: ${verified.stdout}\n${verified.stderr}`);
    const result = JSON.parse(verified.stdout) as CliResult;
    assert.equal(result.verified, true);
    for (const id of [
      "issuer-signature",
      "sd-disclosures",
      "key-binding",
      "issuer-licensed",
      "anchored",
      "not-revoked",
    ]) {
      assert.equal(check(result, id).passed, true, `${id}: ${check(result, id).reason}`);
    }
    assert.equal(result.disclosed.employerName, TERMS.employerName);
    assert.equal(result.disclosed.jobTitle, TERMS.jobTitle);
    for (const claim of ["workerName", "passportNumber", "birthDate", "nationality", "monthlyWage"]) {
      assert.equal(claim in result.disclosed, false, `${claim} is withheld`);
    }
    const seen = JSON.stringify(result);
    for (const value of [WORKER.name, WORKER.passportNumber, WORKER.birthDate])
      assert.equal(seen.includes(value), false, `${value} is not visible to the verifier`);
  });

  it("is refused by a verifier it was not addressed to, or for another request", async () => {
    const otherAudience = await stack.fairledger([
      "verify",
      ...qrFiles,
      "--nonce",
      request.nonce,
      "--aud",
      "did:web:someone-else.example",
      "--json",
    ]);
    assert.notEqual(otherAudience.code, 0);
    assert.equal(check(JSON.parse(otherAudience.stdout) as CliResult, "key-binding").passed, false);
    const otherNonce = await stack.fairledger([
      "verify",
      ...qrFiles,
      "--nonce",
      "another-request-nonce",
      "--aud",
      VERIFIER,
      "--json",
    ]);
    assert.notEqual(otherNonce.code, 0);
    assert.equal(check(JSON.parse(otherNonce.stdout) as CliResult, "key-binding").passed, false);
  });

  it("shows a revoked credential as revoked, and its next presentation is refused", async () => {
    const revoked = await stack.agency("POST", `/credentials/${digest}/status`, { status: "revoked" });
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    const { page } = browser;
    await page.reload();
    await page.waitForSelector("body[data-ready]");
    assert.equal(await page.getAttribute("li.card .status", "data-status"), "revoked");

    await page.fill("#request-input", JSON.stringify({ ...request, nonce: "after-revocation" }));
    await page.click("#request-form button[type=submit]");
    await page.click("#make-qr");
    const files = (await shownQrScreenshots(page)).map((shot, i) => {
      const file = join(work, `revoked-${i + 1}.png`);
      writeFileSync(file, shot);
      return file;
    });
    const verified = await stack.fairledger([
      "verify",
      ...files,
      "--nonce",
      "after-revocation",
      "--aud",
      VERIFIER,
      "--json",
    ]);
    assert.notEqual(verified.code, 0);
    const result = JSON.parse(verified.stdout) as CliResult;
    assert.equal(result.verified, false);
    assert.equal(check(result, "not-revoked").passed, false);
    assert.equal(check(result, "key-binding").passed, true, "only the revocation makes it invalid");
  });
});
