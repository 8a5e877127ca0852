/**
 * A phone opens the wallet by a name that is not loopback (issue #11, item 7). Chromium resolves
 * `wallet.test` to 127.0.0.1 (--host-resolver-rules; the test never leaves loopback) so the page's origin is
 * not "potentially trustworthy" by name: only real TLS makes it a secure context where WebCrypto exists.
 *
 * The certificate is the one `npm start -- --https` makes (scripts/lib/dev-tls.mts, with --tls-name
 * wallet.test). Chromium trusts it the way a person does who compares the printed fingerprint: by the SHA-256
 * of its public key (--ignore-certificate-errors-spki-list), so the test also proves the service presents that
 * very certificate. Over plain HTTP by the same name the page still loads (no upgrade-insecure-requests to a
 * port that speaks no TLS) and says why it cannot make a key.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDevTls, localTlsNames, type DevTls } from "../../scripts/lib/dev-tls.mts";
import { fetchTrusting } from "../../scripts/lib/pinned-fetch.mts";
import { startIssuerService, type IssuerService } from "../../issuer-service/src/index.ts";
import { launchPhoneBrowser, type Browser } from "./support/browser.ts";
import { startWalletStack, TERMS, type WalletStack } from "./support/stack.ts";

const walletDir = fileURLToPath(new URL("..", import.meta.url));
const NAME = "wallet.test";
const RESOLVE_TO_LOOPBACK = `--host-resolver-rules=MAP ${NAME} 127.0.0.1`;
const en = JSON.parse(readFileSync(join(walletDir, "src/locales/en.json"), "utf8")) as Record<string, string>;

describe("the wallet opened by a non-loopback name", { timeout: 300_000 }, () => {
  let tlsDir: string;
  let tls: DevTls;
  let stack: WalletStack;
  let plain: IssuerService | undefined;
  const browsers: Browser[] = [];

  before(async () => {
    execFileSync(process.execPath, ["build.mjs"], { cwd: walletDir, stdio: "ignore" });
    tlsDir = mkdtempSync(join(tmpdir(), "fairledger-wallet-tls-"));
    tls = await ensureDevTls(tlsDir, localTlsNames([NAME]));
    stack = await startWalletStack(join(walletDir, "dist"), {
      tls: { certFile: tls.certFile, keyFile: tls.keyFile, caFile: tls.caCertFile },
      publicHost: NAME,
      fetch: fetchTrusting(readFileSync(tls.caCertFile, "utf8")),
    });
  });

  after(async () => {
    for (const browser of browsers) await browser.close();
    await plain?.stop();
    await stack?.stop();
    if (tlsDir) rmSync(tlsDir, { recursive: true, force: true });
  });

  async function phone(args: string[]): Promise<Browser> {
    // No CSP bypass: the page runs under the service's and its own Content-Security-Policy, as on a phone.
    const browser = await launchPhoneBrowser(2, { args: [RESOLVE_TO_LOOPBACK, ...args], bypassCSP: false });
    browsers.push(browser);
    return browser;
  }

  it("is served over HTTPS under the name the certificate carries", () => {
    assert.equal(stack.service.url, `https://${NAME}:${new URL(stack.service.url).port}`);
    assert.ok(tls.names.dns.includes(NAME), `certificate names ${JSON.stringify(tls.names)}`);
  });

  it("refuses to open when the browser does not trust the certificate", async () => {
    const { page } = await phone([]);
    await assert.rejects(page.goto(`${stack.service.url}/wallet/`), /ERR_CERT_AUTHORITY_INVALID/);
  });

  it("refuses to open when the trusted fingerprint is another certificate's", async () => {
    const otherDir = mkdtempSync(join(tmpdir(), "fairledger-wallet-tls-other-"));
    try {
      const other = await ensureDevTls(otherDir, localTlsNames([NAME]));
      assert.notEqual(other.spkiSha256, tls.spkiSha256);
      const { page } = await phone([`--ignore-certificate-errors-spki-list=${other.spkiSha256}`]);
      await assert.rejects(page.goto(`${stack.service.url}/wallet/`), /ERR_CERT_AUTHORITY_INVALID/);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it("with the certificate's fingerprint trusted, makes its key and picks up a credential with a pickup code", async () => {
    const caseId = await stack.caseWithAnchoredContract();
    const offer = await stack.offer(caseId);
    const { page } = await phone([`--ignore-certificate-errors-spki-list=${tls.spkiSha256}`]);
    await page.goto(`${stack.service.url}/wallet/`);
    await page.waitForSelector("body[data-ready]");
    assert.equal(
      await page.evaluate(() => window.isSecureContext && typeof crypto.subtle?.generateKey === "function"),
      true,
    );
    assert.equal(new URL(page.url()).hostname, NAME);

    // A bare code: the wallet addresses its proof to the origin it was opened from, https://wallet.test:<port>.
    await page.fill("#pickup-input", offer.preAuthorizedCode);
    await page.click("#pickup-form button[type=submit]");
    const card = page.locator("li.card");
    await card.waitFor();
    const text = (await card.textContent()) ?? "";
    for (const words of ["Employment contract", TERMS.jobTitle, TERMS.employerName])
      assert.ok(text.includes(words), `card shows ${words}: ${text}`);
    assert.equal(await page.textContent("#status"), en.pickedUp);
  });

  it("over plain HTTP by the same name, loads (no upgrade-insecure-requests) and says it needs https", async () => {
    plain = await startIssuerService(
      {
        host: "127.0.0.1",
        port: 0,
        publicHost: NAME,
        dataDir: join(stack.dataDir, "plain"),
        rpcUrl: stack.ledger.chain.rpcUrl,
        manifestPath: stack.ledger.manifestPath,
        secrets: { kmsSecretKey: "c3".repeat(32), dataMasterKey: "d4".repeat(32) },
        walletDir: join(walletDir, "dist"),
      },
      // Only its headers and the page are under test: no principals, so it sends nothing to the chain (a second
      // service provisioning the same accounts raced the first one's nonces on a busy machine).
      { provision: [], manualAnchoring: true },
    );
    assert.equal(plain.url, `http://${NAME}:${new URL(plain.url).port}`);
    const { page } = await phone([]);
    await page.goto(`${plain.url}/wallet/`);
    await page.waitForFunction(() => (document.getElementById("status")?.textContent ?? "") !== "");
    assert.equal(await page.evaluate(() => window.isSecureContext), false);
    assert.equal(await page.textContent("#status"), en.ERR_INSECURE_CONTEXT);
  });
});
