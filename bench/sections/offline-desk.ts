/**
 * 8. The border desk's offline check (issue #14): from a decoded offline QR text (`FL1:`) to the verdict on
 * screen in a warm /verify/ page in Chromium — the verifier library bundled for the browser with its @noble
 * twins of node:crypto, against a trust snapshot of the bench chain — side by side with the library's own
 * time in Node for the same presentations against the same snapshot (inflate + verifyDecoded). The ratio
 * says what the browser path (pure-JS signatures, rendering) costs over Node's.
 *
 * The page is served from wallet/dist/verify/ by a loopback server that also answers GET /trust-snapshot with
 * a snapshot built from the bench chain by `buildSnapshot`, as the issuer service does. Each presentation is
 * checked once in the page (its nonce is spent there, as at a real desk): the desk's request is set to the
 * presentation's audience and nonce through the page's own sessionStorage item before its code is typed.
 */
import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import { existsSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { encodeOfflineQr } from "@fairledger/common";
import { ChainTrustSource, decodeOfflineQrInput, verifyDecoded } from "@fairledger/verifier";
import { SnapshotTrustSource, buildSnapshot } from "@fairledger/verifier/snapshot";
import { median, round } from "../lib/measure.ts";
import { progress } from "../lib/progress.ts";
import { emptySection, ratio, type Measurement, type SectionResult } from "../lib/report.ts";
import { sizes, type BenchContext } from "../lib/context.ts";
import { setUpVerification } from "../fixtures/verification-setup.ts";

const WALLET = fileURLToPath(new URL("../../wallet/", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
};

function deskServer(snapshotJson: string): Promise<Server> {
  const root = join(WALLET, "dist");
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://desk").pathname;
    if (path === "/trust-snapshot")
      return void response.setHeader("content-type", "application/json").end(snapshotJson);
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(root) || !existsSync(file)) return void response.writeHead(404).end();
    response.setHeader("content-type", TYPES[extname(file)] ?? "application/octet-stream");
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

export async function runOfflineDesk(context: BenchContext): Promise<SectionResult> {
  const section = emptySection("offline-desk");
  const config = sizes(context, { pool: 40, warmup: 5, nodeRounds: 20 }, { pool: 4, warmup: 1, nodeRounds: 2 });
  if (!existsSync(CHROMIUM)) {
    section.status = "failed";
    section.error = `no Chromium at ${CHROMIUM}`;
    return section;
  }
  progress("offline-desk: building the wallet pages");
  execFileSync(process.execPath, ["build.mjs"], { cwd: WALLET, stdio: "ignore" });
  const setup = await setUpVerification(context, config.pool);
  let server: Server | undefined;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  try {
    const chain = new ChainTrustSource({
      rpcUrl: setup.bench.ledger.chain.rpcUrl,
      manifest: setup.bench.ledger.manifest,
    });
    const { contracts } = setup.bench.ledger.manifest;
    const snapshot = await buildSnapshot(chain, {
      fromBlock: Math.min(contracts.FairLedger.blockNumber, contracts.EthereumDIDRegistry.blockNumber),
      registry: contracts.EthereumDIDRegistry.address,
    });
    chain.destroy();
    const snapshotJson = JSON.stringify(snapshot);
    const trust = new SnapshotTrustSource(snapshot);
    const items = await Promise.all(
      setup.pool.map(async (item) => ({
        aud: item.aud,
        nonce: item.nonce,
        code: await encodeOfflineQr({
          presentations: [
            { queryId: "fairledger", format: "vc+sd-jwt", token: item.presentation, anchor: item.envelope.anchor },
          ],
        }),
      })),
    );

    // Node: the library on the same codes and snapshot (re-verified on purpose: no nonce store).
    const verifyInNode = async (item: (typeof items)[number]) => {
      const result = await verifyDecoded(await decodeOfflineQrInput([item.code]), {
        trust,
        audience: item.aud,
        nonce: item.nonce,
        usedNonces: null,
      });
      if (!result.verified)
        throw new Error(`the library rejected a bench code: ${JSON.stringify(result.checks.at(-1))}`);
    };
    for (const item of items) await verifyInNode(item);
    const nodeMs: number[] = [];
    for (let round = 0; round < config.nodeRounds; round++)
      for (const item of items) {
        const began = performance.now();
        await verifyInNode(item);
        nodeMs.push(performance.now() - began);
      }

    // The page: warm (loaded, snapshot stored, verifier chunk loaded by the warm-up codes).
    server = await deskServer(snapshotJson);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/verify/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu"],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    await page.waitForSelector("body[data-ready]");
    await page.click("#mode-offline");
    await page.click("#refresh-snapshot");
    await page.waitForSelector("#snapshot-age[data-state=fresh]");
    await page.click("#offline-traveller");
    await page.waitForSelector("#scan-text");
    const pageMs: number[] = [];
    progress(`offline-desk: ${items.length} codes in the page (${config.warmup} warm-up)`);
    for (const [index, item] of items.entries()) {
      const timed = await page.evaluate(async ({ aud, nonce, code }) => {
        const ITEM = "fairledger-verify-offline-request";
        document.getElementById("offline-traveller")?.click();
        // Until the page shows the fresh request it made (and no verdict): then the form is the one to fill.
        // (No named function in here: tsx's esbuild would wrap it in a helper the page does not have.)
        while (!(
          document.getElementById("verdict") === null &&
          document.getElementById("offline-nonce")?.textContent ===
            (JSON.parse(sessionStorage.getItem(ITEM) ?? "{}") as { nonce?: string }).nonce
        ))
          await new Promise((resolve) => requestAnimationFrame(resolve));
        // The wallet answered this code's request: the desk's request becomes the code's audience and nonce.
        sessionStorage.setItem(ITEM, JSON.stringify({ aud, nonce }));
        const field = document.getElementById("scan-text") as HTMLTextAreaElement;
        field.value = code;
        const shown = new Promise<string>((resolve) => {
          const observer = new MutationObserver(() => {
            const verdict = document.getElementById("verdict");
            if (verdict) {
              observer.disconnect();
              resolve(verdict.dataset.outcome ?? "");
            }
          });
          observer.observe(document.getElementById("app")!, { childList: true, subtree: true });
        });
        const began = performance.now();
        (document.querySelector("#scan-text-form button[type=submit]") as HTMLButtonElement).click();
        const outcome = await shown;
        return { outcome, ms: performance.now() - began };
      }, item);
      if (timed.outcome !== "valid") throw new Error(`the page's verdict on bench code ${index} was ${timed.outcome}`);
      if (index >= config.warmup) pageMs.push(timed.ms);
    }

    const inPage: Measurement = {
      name: "page: decoded FL1 text → verdict on screen (warm, Chromium)",
      value: round(median(pageMs), 2),
      unit: "ms (median)",
      detail: { samples: pageMs.length, runsMs: pageMs.map((ms) => round(ms, 2)) },
    };
    const inNode: Measurement = {
      name: "Node: the library, decodeOfflineQrInput + verifyDecoded on the same snapshot",
      value: round(median(nodeMs), 3),
      unit: "ms (median)",
      detail: { samples: nodeMs.length },
    };
    section.measurements.push(inPage, inNode, {
      name: "trust snapshot size",
      value: snapshotJson.length,
      unit: "bytes",
    });
    const pageOverNode = ratio("page time / Node library time (the browser path's cost)", inPage, inNode);
    if (pageOverNode) section.ratios.push(pageOverNode);
    section.notes.push(
      "page time includes inflating the code, every named check, rendering the verdict and writing the shift log; Node's is inflate + checks",
      "signatures in the page: @noble/curves (pure JS); in Node: node:crypto",
    );
  } finally {
    await browser?.close();
    server?.close();
    await setup.stop();
  }
  return section;
}
