/**
 * The offline QR transport runs in the browser as it runs in Node — the border page's camera path
 * (#14) reads it with common's OfflineQrAssembler, and the wallet writes it — with the browser's own
 * Compression Streams and Web Crypto: common's offline-qr, bundled for the browser as the wallet is,
 * encodes and assembles in Chromium what Node encodes and assembles, both ways.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { build } from "esbuild";
import { assembleOfflineQr, encodeOfflineQr, splitOfflineQr, type OfflinePresentation } from "@fairledger/common";
import { launchPhoneBrowser, type Browser } from "./support/browser.ts";

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const hex = (bytes: number) => `0x${randomBytes(bytes).toString("hex")}`;

function presentation(): OfflinePresentation {
  const jws = (header: unknown, payload: unknown) =>
    `${b64(header)}.${b64(payload)}.${randomBytes(64).toString("base64url")}`;
  const token = [
    jws(
      { typ: "dc+sd-jwt", alg: "EdDSA" },
      { _sd: Array.from({ length: 12 }, () => randomBytes(32).toString("base64url")), caseCommitment: hex(32) },
    ),
    ...Array.from({ length: 6 }, (_, i) => b64([randomBytes(16).toString("base64url"), `claim${i}`, "value"])),
    jws({ typ: "kb+jwt", alg: "ES256" }, { aud: "border", nonce: "n-1", iat: 1 }),
  ].join("~");
  return {
    presentations: [
      {
        queryId: "employment_contract",
        format: "vc+sd-jwt",
        token,
        anchor: { chainId: 31337, ledger: hex(20), root: hex(32), proof: [hex(32), hex(32)] },
      },
    ],
  };
}

describe("the offline QR transport in Chromium", () => {
  let browser: Browser;
  let server: Server;

  before(async () => {
    const bundle = await build({
      stdin: {
        contents: `export { OfflineQrAssembler, encodeOfflineQr, splitOfflineQr } from "@fairledger/common";`,
        resolveDir: fileURLToPath(new URL(".", import.meta.url)),
        loader: "ts",
      },
      bundle: true,
      write: false,
      format: "iife",
      globalName: "offlineQr",
      platform: "browser",
      conditions: ["@fairledger/source"],
      logLevel: "silent",
    });
    // Web Crypto (the parts' content hash) is there only in a secure context: loopback is one, as the
    // service's HTTPS is for the wallet and the border page.
    server = createServer((_request, response) => response.end("<!doctype html><title>offline QR</title>"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    browser = await launchPhoneBrowser();
    await browser.page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await browser.page.addScriptTag({ content: bundle.outputFiles[0]!.text });
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  it("assembles in the page, one part at a time and in any order, the parts Node made", async () => {
    const value = presentation();
    const parts = await splitOfflineQr(await encodeOfflineQr(value), 300);
    assert.ok(parts.length >= 3);
    const seen = await browser.page.evaluate(
      async (codes) => {
        const { OfflineQrAssembler } = (window as unknown as { offlineQr: typeof import("@fairledger/common") })
          .offlineQr;
        const assembler = new OfflineQrAssembler();
        const missing = codes.map((code) => {
          const progress = assembler.add(code);
          return progress.complete ? [] : progress.missing;
        });
        return { missing, presentation: await assembler.presentation() };
      },
      [...parts].reverse(),
    );
    assert.deepEqual(seen.missing.at(-1), []);
    assert.deepEqual(
      seen.missing[0],
      Array.from({ length: parts.length - 1 }, (_, i) => i + 1),
    );
    assert.deepEqual(seen.presentation, value);
  });

  it("encodes in the page what Node reads back", async () => {
    const value = presentation();
    const codes = await browser.page.evaluate(async (offline) => {
      const { encodeOfflineQr, splitOfflineQr } = (
        window as unknown as { offlineQr: typeof import("@fairledger/common") }
      ).offlineQr;
      const text = await encodeOfflineQr(offline);
      return { text, parts: await splitOfflineQr(text, 300) };
    }, value);
    assert.match(codes.text, /^FL1:/);
    assert.deepEqual(await assembleOfflineQr([codes.text]), value);
    assert.deepEqual(await assembleOfflineQr(codes.parts), value);
  });
});
