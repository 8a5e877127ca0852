/**
 * Offline, one QR (issue #13 item 5): the default border presentation — an employment contract
 * credential with its purpose claims disclosed, a key-binding JWT and the anchor proof — drawn as ONE
 * `FL1:` code the way the wallet draws it (error correction L, 4 pixels a module, quiet zone), read back
 * from the PNG by the CLI (jsQR) and verified VALID against the chain; the multi-part fallback read from
 * images in any order; and each broken set refused with words that say what is wrong.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import QRCode from "qrcode";
import {
  ALWAYS_VISIBLE_CLAIMS,
  OFFLINE_QR_CHARS,
  OFFLINE_QR_ERROR_CORRECTION,
  OFFLINE_QR_MIN_MODULE_PIXELS,
  OFFLINE_QR_QUIET_MODULES,
  PURPOSE_CLAIMS,
  encodeOfflineQr,
  splitOfflineQr,
  type AnchorProof,
} from "@fairledger/common";
import { newHolder, TestIssuer, type Holder } from "./support/test-issuer.ts";
import { failedCheck, runCli, type CliRun } from "./support/run-cli.ts";
import { readQrPng } from "../src/input/qr-image.ts";

const AUD = "border-post-ruh-2";
const NONCE = "offline-qr-nonce-0001";
/** What the default border request asks and the wallet ticks by default: the purpose claims. */
const DEFAULT_CLAIMS = PURPOSE_CLAIMS.EmploymentContractCredential.filter(
  (claim) => !ALWAYS_VISIBLE_CLAIMS.EmploymentContractCredential.includes(claim),
);

/**
 * Sizes are deterministic up to a few bytes of deflate: this credential (a checksummed employer address,
 * a longer DID) measured about 2,450 characters, version 30 (2,520 at L); the bench's default border
 * presentation 2,340–2,360, version 29.
 */
const MAX_VERSION = 30;

let issuer: TestIssuer;
let holder: Holder;
let credential: string;
let anchor: AnchorProof;
let dir: string;
let files = 0;

async function offlineText(nonce = NONCE): Promise<string> {
  const token = await issuer.present(credential, { holder, disclose: DEFAULT_CLAIMS, aud: AUD, nonce });
  return encodeOfflineQr({
    presentations: [{ queryId: "employment_contract", format: "vc+sd-jwt", token, anchor }],
  });
}

/** A PNG of the code as the wallet draws it: error correction L, 4 pixels a module, 4-module quiet zone. */
async function png(text: string): Promise<string> {
  const path = join(dir, `code-${++files}.png`);
  await QRCode.toFile(path, text, {
    type: "png",
    errorCorrectionLevel: OFFLINE_QR_ERROR_CORRECTION,
    margin: OFFLINE_QR_QUIET_MODULES,
    scale: OFFLINE_QR_MIN_MODULE_PIXELS,
  });
  return path;
}

function textFile(text: string): string {
  const path = join(dir, `input-${++files}.txt`);
  writeFileSync(path, text);
  return path;
}

function verify(paths: string[]): Promise<CliRun> {
  return runCli([
    "verify",
    ...paths,
    "--aud",
    AUD,
    "--nonce",
    NONCE,
    "--json",
    "--rpc",
    issuer.rpcUrl,
    "--deployment",
    issuer.manifestPath,
  ]);
}

function inputFormatFailure(run: CliRun): string {
  assert.equal(failedCheck(run), "input-format", run.stdout + run.stderr);
  assert.equal(run.code, 1);
  const result = run.json<{ checks: { id: string; reason?: string; message?: string }[] }>();
  return JSON.stringify(result.checks[0]);
}

before(async () => {
  issuer = await TestIssuer.start();
  dir = mkdtempSync(join(tmpdir(), "fairledger-offline-qr-"));
  holder = newHolder();
  const recruitmentCase = await issuer.openCase();
  credential = await issuer.issueSdJwt({ holder, subject: issuer.employmentSubject(recruitmentCase, holder) });
  // A batch of 32 like the issuer service's default, so the proof has its usual 5 nodes.
  const others = await Promise.all(
    Array.from({ length: 31 }, () =>
      issuer.issueSdJwt({ holder, subject: issuer.employmentSubject(recruitmentCase, holder) }),
    ),
  );
  [anchor] = await issuer.anchorBatch([credential, ...others]);
  assert.equal(anchor!.proof.length, 5);
});

after(async () => {
  await issuer?.stop();
});

describe("the default border presentation in ONE offline QR", () => {
  test(`fits one code of version ${MAX_VERSION} or lower, is read back from its PNG, and verifies VALID end to end`, async (t) => {
    const text = await offlineText();
    const qr = QRCode.create(text, { errorCorrectionLevel: OFFLINE_QR_ERROR_CORRECTION });
    t.diagnostic(
      `FL1: ${text.length} characters, QR version ${qr.version} at error correction ${OFFLINE_QR_ERROR_CORRECTION}`,
    );
    assert.equal(qr.segments.length, 1, "one alphanumeric segment");
    assert.equal(qr.segments[0]!.mode.id, "Alphanumeric");
    assert.ok(qr.version <= MAX_VERSION, `version ${qr.version}`);
    const path = await png(text);
    const { readFileSync } = await import("node:fs");
    assert.equal(readQrPng(readFileSync(path)), text, "jsQR reads the code as drawn");

    const run = await verify([path]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const result = run.json<{
      verified: boolean;
      checks: { id: string; passed: boolean }[];
      disclosed: Record<string, unknown>;
    }>();
    assert.equal(result.verified, true);
    assert.ok(result.checks.some((check) => check.id === "anchored" && check.passed));
    assert.ok(result.checks.some((check) => check.id === "key-binding" && check.passed));
    assert.equal(result.disclosed.employerName, "Riyadh Build Co.");
    assert.equal(result.disclosed.passportNumber, undefined);
  });

  test("verifies from the code's text too (a pasted or typed FL1: text)", async () => {
    const run = await verify([textFile(await offlineText())]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
  });
});

describe("the multi-part fallback", () => {
  test("parts read from images in shuffled order verify VALID", async () => {
    const parts = await splitOfflineQr(await offlineText(), OFFLINE_QR_CHARS.part);
    assert.ok(parts.length >= 2, `${parts.length} parts`);
    const paths = await Promise.all(parts.map(png));
    const order = [...paths.keys()].sort(() => 0.5 - Math.random());
    const run = await verify(order.map((i) => paths[i]!));
    assert.equal(run.code, 0, run.stdout + run.stderr);
  });

  test("a missing part is named", async () => {
    const parts = await splitOfflineQr(await offlineText(), 600);
    const paths = await Promise.all(parts.filter((_, i) => i !== 1).map(png));
    const reason = inputFormatFailure(await verify(paths));
    assert.match(reason, new RegExp(`missing: 2 of ${parts.length}`));
  });

  test("a part of another presentation is refused", async () => {
    const mine = await splitOfflineQr(await offlineText(), 600);
    const theirs = await splitOfflineQr(await offlineText(), 600);
    const paths = await Promise.all([...mine.slice(0, -1), theirs.at(-1)!].map(png));
    const reason = inputFormatFailure(await verify(paths));
    assert.match(reason, /belongs to another presentation/);
  });
});

describe("a --batch file of offline QR texts (a kiosk's scans, verified later)", () => {
  test("each FL1: line verifies on its own nonce; a cut one fails input-format, not the batch", async () => {
    const [first, second] = [await offlineText("batch-nonce-1"), await offlineText("batch-nonce-2")];
    const batch = textFile(
      [
        JSON.stringify({ id: "scan-1", nonce: "batch-nonce-1", presentation: first }),
        JSON.stringify({ id: "scan-2", nonce: "batch-nonce-2", presentation: second.slice(0, -60) }),
      ].join("\n"),
    );
    const run = await runCli([
      "verify",
      "--batch",
      batch,
      "--aud",
      AUD,
      "--json",
      "--rpc",
      issuer.rpcUrl,
      "--deployment",
      issuer.manifestPath,
    ]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const results = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { outcome: string; checks: { id: string; passed: boolean }[] });
    assert.deepEqual(
      results.map((result) => result.outcome),
      ["valid", "invalid"],
    );
    assert.equal(results[1]!.checks[0]!.id, "input-format");
  });
});

describe("a broken offline code", () => {
  test("truncated or corrupted: input-format says so, nothing else runs", async () => {
    const text = await offlineText();
    const middle = Math.floor(text.length / 2);
    for (const [bad, words] of [
      [text.slice(0, -40), /does not inflate|cut short/],
      [text.slice(0, -41), /does not inflate|cut short/],
      [
        `${text.slice(0, middle)}${text[middle] === "0" ? "1" : "0"}${text.slice(middle + 1)}`,
        /inflate|malformed|65535/,
      ],
      [`FL9:${text.slice(4)}`, /version 9 is not known/],
    ] as const) {
      const reason = inputFormatFailure(await verify([textFile(bad)]));
      assert.match(reason, words);
    }
  });
});
