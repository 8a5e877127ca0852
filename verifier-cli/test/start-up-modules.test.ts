/**
 * What `fairledger verify` loads: a border desk starts one process per traveller, so a verification of a
 * text or JSON presentation against the chain must not load what it does not use — the QR image
 * decoders (pngjs, jsqr), the Merkle tree builder (@openzeppelin/merkle-tree and its ABI coder), the trust
 * snapshot format; as built, it runs one bundle with one ethers. Start-up time itself is measured by
 * `npm run bench -- --only startup`, never asserted.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import QRCode from "qrcode";
import type { AnchorProof } from "@fairledger/common";
import { splitPresentationParts } from "@fairledger/verifier";
import { TestIssuer, newHolder, type Holder } from "./support/test-issuer.ts";
import { runCli, type CliRun } from "./support/run-cli.ts";

const AUD = "border-post-manila-7";
const RECORDER = pathToFileURL(fileURLToPath(new URL("./support/record-modules.mjs", import.meta.url))).href;
const NOT_AT_START_UP = [
  /\/jsqr\//,
  /\/pngjs\//,
  /\/@openzeppelin\/merkle-tree\//,
  /\/@metamask\/abi-utils\//,
  /snapshot-format\.[jt]s$/,
  /snapshot-trust\.[jt]s$/,
];

let issuer: TestIssuer;
let holder: Holder;
let credential: string;
let anchor: AnchorProof;
let dir: string;
let runs = 0;

/**
 * Runs `fairledger verify` with the module recorder; returns the run and the modules it loaded. In the
 * test's own mode (source mode under `npm test`), or as built (`plainNode`: NODE_OPTIONS replaced, so the
 * bin loads dist/bundle on plain node, as users run it).
 */
async function verifyRecording(
  inputs: string[],
  nonce: string,
  { plainNode = false } = {},
): Promise<{ run: CliRun; modules: string[] }> {
  const log = join(dir, `modules-${++runs}.txt`);
  writeFileSync(log, "");
  const inherited = plainNode ? undefined : process.env.NODE_OPTIONS;
  const run = await runCli(
    [
      "verify",
      ...inputs,
      "--aud",
      AUD,
      "--nonce",
      nonce,
      "--json",
      "--rpc",
      issuer.rpcUrl,
      "--deployment",
      issuer.manifestPath,
    ],
    {
      env: {
        NODE_OPTIONS: [inherited, `--import=${RECORDER}`].filter(Boolean).join(" "),
        FAIRLEDGER_TEST_MODULE_LOG: log,
      },
    },
  );
  return { run, modules: readFileSync(log, "utf8").split("\n").filter(Boolean) };
}

async function envelope(nonce: string): Promise<string> {
  return issuer.envelope(
    await issuer.present(credential, { holder, disclose: ["employerName"], aud: AUD, nonce }),
    anchor,
  );
}

before(async () => {
  issuer = await TestIssuer.start();
  dir = mkdtempSync(join(tmpdir(), "fairledger-start-up-"));
  holder = newHolder();
  const recruitmentCase = await issuer.openCase();
  credential = await issuer.issueSdJwt({ holder, subject: issuer.employmentSubject(recruitmentCase, holder) });
  [anchor] = await issuer.anchorBatch([credential]);
});

after(async () => {
  await issuer?.stop();
});

describe("fairledger verify start-up", () => {
  test("a JSON presentation verified on line loads no QR decoder, no Merkle tree builder, no snapshot format", async () => {
    const path = join(dir, "presentation.json");
    writeFileSync(path, await envelope("n-json-0001"));
    const { run, modules } = await verifyRecording([path], "n-json-0001");
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.ok(
      modules.some((module) => /\/ethers\//.test(module)),
      "the recorder saw the modules the verification needs",
    );
    assert.ok(
      modules.some((module) => /\/better-sqlite3\//.test(module)),
      "the recorder saw CommonJS modules",
    );
    const needless = modules.filter((module) => NOT_AT_START_UP.some((pattern) => pattern.test(module)));
    assert.deepEqual(needless, []);
  });

  test("as built (npm run build) on plain node: one bundle, ethers once (its CommonJS build not loaded), no TypeScript", async () => {
    const path = join(dir, "presentation-built.json");
    writeFileSync(path, await envelope("n-built-0001"));
    const { run, modules } = await verifyRecording([path], "n-built-0001", { plainNode: true });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.ok(
      modules.some((module) => /verifier-cli\/dist\/bundle\/cli\.js$/.test(module)),
      "the bundle ran (run npm run build)",
    );
    assert.ok(
      modules.some((module) => /\/better-sqlite3\//.test(module)),
      "the recorder saw CommonJS modules",
    );
    const needless = modules.filter(
      (module) =>
        /\/ethers\/lib\.commonjs\/|\/tsx\/|\.ts$/.test(module) ||
        NOT_AT_START_UP.some((pattern) => pattern.test(module)),
    );
    assert.deepEqual(needless, []);
  });

  test("QR images still load the decoders when they are needed", async () => {
    const paths: string[] = [];
    for (const [index, text] of splitPresentationParts(await envelope("n-qr-0001"), 900).entries()) {
      const path = join(dir, `part-${index + 1}.png`);
      await QRCode.toFile(path, text, { type: "png", errorCorrectionLevel: "L" });
      paths.push(path);
    }
    const { run, modules } = await verifyRecording(paths, "n-qr-0001");
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.ok(modules.some((module) => /\/jsqr\//.test(module)));
    assert.ok(modules.some((module) => /\/pngjs\//.test(module)));
  });
});
