/**
 * The service over TLS, and over plain HTTP on a LAN name (issue #11, item 7). Over plain HTTP the CSP must
 * not carry `upgrade-insecure-requests` (the browser would fetch the wallet's scripts from an https:// that
 * does not exist and show a blank page); over TLS it keeps it. Neither sends Strict-Transport-Security (see
 * the helmet block in src/http/app.ts for why). The CA certificate a phone installs is offered at /tls/ca.crt.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureDevTls, localTlsNames, type DevTls } from "../../scripts/lib/dev-tls.mts";
import { fetchTrusting } from "../../scripts/lib/pinned-fetch.mts";
import { configFromEnv } from "../src/config.ts";
import { startIssuerService, type IssuerService } from "../src/service.ts";
import { startDemoLedger, startService, tempDir, type DemoLedger } from "./helpers.ts";

/** A GET with the Host header a phone on the LAN would send (fetch cannot set Host). */
function getAs(url: string, host: string): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { host } }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("TLS and the CSP", { timeout: 240_000 }, () => {
  let ledger: DemoLedger;
  let tlsDir: string;
  let tls: DevTls;
  let secure: IssuerService;
  let plain: IssuerService;

  before(async () => {
    ledger = await startDemoLedger();
    tlsDir = mkdtempSync(join(tmpdir(), "fairledger-issuer-tls-"));
    tls = await ensureDevTls(tlsDir, localTlsNames());
    // A wallet page of the test's own: the headers are under test, not the wallet build (which a fresh
    // clone has not made yet when this stage runs).
    const walletDir = mkdtempSync(join(tmpdir(), "fairledger-tls-wallet-"));
    writeFileSync(join(walletDir, "index.html"), "<!doctype html><title>wallet</title>");
    secure = await startService(
      ledger,
      tempDir(),
      { manualAnchoring: true },
      {
        walletDir,
        tls: { certFile: tls.certFile, keyFile: tls.keyFile, caFile: tls.caCertFile },
      },
    );
    plain = await startService(ledger, tempDir(), { manualAnchoring: true }, { walletDir });
  });

  after(async () => {
    await secure?.stop();
    await plain?.stop();
    await ledger?.stop();
    if (tlsDir) rmSync(tlsDir, { recursive: true, force: true });
  });

  it("over plain HTTP on a non-loopback host: a CSP without upgrade-insecure-requests, no HSTS, no certificate offered", async () => {
    const { port } = new URL(plain.url);
    for (const host of [`192.168.1.23:${port}`, `wallet.test:${port}`]) {
      const answer = await getAs(`${plain.url}/wallet/`, host);
      assert.equal(answer.status, 200, host);
      const csp = String(answer.headers["content-security-policy"]);
      assert.match(csp, /default-src 'self'/, host);
      assert.doesNotMatch(csp, /upgrade-insecure-requests/, host);
      assert.equal(answer.headers["strict-transport-security"], undefined, host);
    }
    const download = await getAs(`${plain.url}/tls/ca.crt`, `192.168.1.23:${port}`);
    assert.notEqual(download.status, 200);
    assert.notEqual(download.headers["content-type"], "application/x-x509-ca-cert");
  });

  it("over TLS: reports an https URL, keeps upgrade-insecure-requests, still no HSTS", async () => {
    assert.match(secure.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const answer = await fetchTrusting(readFileSync(tls.caCertFile, "utf8"))(`${secure.url}/wallet/`);
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get("content-security-policy") ?? "", /upgrade-insecure-requests/);
    assert.equal(answer.headers.get("strict-transport-security"), null);
  });

  it("is refused by a client that trusts only the system's CAs, and by one that trusts another CA", async () => {
    await assert.rejects(fetch(`${secure.url}/health`), (error: Error & { cause?: { code?: string } }) => {
      assert.match(String(error.cause?.code), /SELF_SIGNED|UNABLE_TO_GET_ISSUER|UNABLE_TO_VERIFY/);
      return true;
    });
    const otherDir = mkdtempSync(join(tmpdir(), "fairledger-issuer-tls-other-"));
    try {
      const other = await ensureDevTls(otherDir, localTlsNames());
      await assert.rejects(
        fetchTrusting(readFileSync(other.caCertFile, "utf8"))(`${secure.url}/health`),
        /unable to verify|self.signed|signature failure/i,
      );
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it("offers the CA certificate at /tls/ca.crt with the type phones hand to their certificate installer", async () => {
    const answer = await fetchTrusting(readFileSync(tls.caCertFile, "utf8"))(`${secure.url}/tls/ca.crt`);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get("content-type"), "application/x-x509-ca-cert");
    assert.equal(await answer.text(), readFileSync(tls.caCertFile, "utf8"));
  });

  it("refuses to start, naming the setting, when a TLS file cannot be read", async () => {
    const dataDir = tempDir();
    await assert.rejects(
      startIssuerService({
        dataDir,
        rpcUrl: "http://127.0.0.1:1",
        manifestPath: join(dataDir, "no-manifest.json"),
        secrets: { kmsSecretKey: "a1".repeat(32), dataMasterKey: "b2".repeat(32) },
        tls: { certFile: tls.certFile, keyFile: join(tlsDir, "missing-key.pem") },
      }),
      (error: Error & { code?: string }) =>
        error.code === "ERR_CONFIG_INVALID" && /tls\.keyFile: cannot read .*missing-key\.pem/.test(error.message),
    );
  });

  it("reads its TLS files from FAIRLEDGER_TLS_CERT_FILE and FAIRLEDGER_TLS_KEY_FILE, and refuses one without the other", () => {
    const base = {
      FAIRLEDGER_DATA_DIR: "/tmp/x",
      FAIRLEDGER_RPC_URL: "http://127.0.0.1:8545",
      FAIRLEDGER_MANIFEST: "m.json",
      FAIRLEDGER_KMS_SECRET_KEY: "a1".repeat(32),
      FAIRLEDGER_DATA_MASTER_KEY: "b2".repeat(32),
    };
    assert.equal(configFromEnv(base).tls, undefined);
    const config = configFromEnv({
      ...base,
      FAIRLEDGER_TLS_CERT_FILE: "server.pem",
      FAIRLEDGER_TLS_KEY_FILE: "server-key.pem",
    });
    assert.equal(config.tls?.certFile, "server.pem");
    assert.equal(config.tls?.keyFile, "server-key.pem");
    assert.equal(config.tls?.caFile, undefined);
    assert.throws(() => configFromEnv({ ...base, FAIRLEDGER_TLS_CERT_FILE: "server.pem" }), /tls\.keyFile/);
  });
});
