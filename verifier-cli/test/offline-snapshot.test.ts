/**
 * `fairledger snapshot` and `verify --offline`: a border post with no connection verifies against a trust
 * snapshot taken earlier (licence history, batch roots and statuses, DID key history at a named block),
 * sees its age, and refuses a snapshot older than allowed with exit 2.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AnchorProof } from "@fairledger/common";
import { TestIssuer, newHolder, type Holder } from "./support/test-issuer.ts";
import { ChainTrustSource, verifyPresentationText } from "@fairledger/verifier";
import { failedCheck, runCli } from "./support/run-cli.ts";

const AUD = "border-post-offline";
const NONCE = "offline-nonce-1";
const batchNonce = (index: number) => `offline-batch-nonce-${index}`;

let issuer: TestIssuer;
let dir: string;
let holder: Holder;
let valid: { envelope: string };
let revoked: { envelope: string };
let snapshotPath: string;
let snapshotTakenAt: number;
let batch: string[] = [];

before(async () => {
  issuer = await TestIssuer.start();
  dir = mkdtempSync(join(tmpdir(), "fairledger-offline-"));
  holder = newHolder();
  const recruitmentCase = await issuer.openCase();
  const good = await issuer.issueSdJwt({ holder, subject: issuer.employmentSubject(recruitmentCase, holder) });
  const bad = await issuer.issueSdJwt({ holder, subject: issuer.employmentSubject(recruitmentCase, holder) });
  const [goodAnchor, badAnchor] = (await issuer.anchorBatch([good, bad])) as [AnchorProof, AnchorProof];
  await issuer.setBatchStatus(badAnchor, bad, 3);
  const present = async (credential: string, anchor: AnchorProof, nonce = NONCE) =>
    issuer.envelope(await issuer.present(credential, { holder, disclose: ["employerName"], aud: AUD, nonce }), anchor);
  valid = { envelope: await present(good, goodAnchor) };
  revoked = { envelope: await present(bad, badAnchor) };
  // A batch of presentations from one agency, one case, one Merkle batch (for the RPC-count test).
  const credentials = [];
  for (let i = 0; i < 5; i++)
    credentials.push(await issuer.issueSdJwt({ holder, subject: issuer.employmentSubject(recruitmentCase, holder) }));
  const anchors = await issuer.anchorBatch(credentials);
  // Each answers its own request (a nonce verifies once).
  batch = await Promise.all(credentials.map((credential, i) => present(credential, anchors[i]!, batchNonce(i))));
  snapshotPath = join(dir, "snapshot.json");
  const run = await runCli([
    "snapshot",
    "--out",
    snapshotPath,
    "--rpc",
    issuer.rpcUrl,
    "--deployment",
    issuer.manifestPath,
  ]);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  snapshotTakenAt = JSON.parse(readFileSync(snapshotPath, "utf8")).block.timestamp;
});

after(async () => {
  await issuer?.stop();
});

function input(text: string): string {
  const path = join(dir, `in-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, text);
  return path;
}

// No --rpc: a closed port, so any attempt to reach a chain would fail the test.
const offline = (extra: string[] = []) => [
  "--offline",
  "--snapshot",
  snapshotPath,
  "--rpc",
  "http://127.0.0.1:9",
  "--aud",
  AUD,
  "--nonce",
  NONCE,
  "--json",
  ...extra,
];

describe("trust snapshot", () => {
  test("names its block by number and hash and holds licence history, batch roots and DID keys", () => {
    const snapshot = JSON.parse(readFileSync(snapshotPath, "utf8"));
    assert.equal(snapshot.type, "FairLedgerTrustSnapshot");
    assert.match(snapshot.block.hash, /^0x[0-9a-f]{64}$/);
    assert.ok(snapshot.licences[issuer.wallet.address.toLowerCase()].history.length >= 1);
    assert.ok(Object.values(snapshot.records).some((record) => (record as { kind: number }).kind === 5));
    assert.ok(snapshot.dids[issuer.did]);
  });

  test("verify --offline passes a genuine presentation without any chain and prints the snapshot's age", async () => {
    const run = await runCli(["verify", input(valid.envelope), ...offline()]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stderr, /trust snapshot taken at block \d+, \d+ s old/);
  });

  test("verify --offline fails a credential revoked before the snapshot (not-revoked)", async () => {
    const run = await runCli(["verify", input(revoked.envelope), ...offline()]);
    assert.equal(failedCheck(run), "not-revoked");
    assert.equal(run.code, 1);
  });

  test("a snapshot older than --max-snapshot-age cannot be used: exit 2", async () => {
    const run = await runCli([
      "verify",
      input(valid.envelope),
      ...offline(["--max-snapshot-age", "1h", "--at", String(snapshotTakenAt + 2 * 3600)]),
    ]);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, /snapshot is .* old/);
  });

  test("a snapshot file that is not a snapshot: exit 2", async () => {
    const run = await runCli([
      "verify",
      input(valid.envelope),
      "--offline",
      "--snapshot",
      input('{"type":"nope"}'),
      "--aud",
      AUD,
      "--nonce",
      NONCE,
    ]);
    assert.equal(run.code, 2);
  });

  test("--offline without --snapshot is a usage error (64)", async () => {
    const run = await runCli(["verify", input(valid.envelope), "--offline", "--aud", AUD, "--nonce", NONCE]);
    assert.equal(run.code, 64);
  });
});

describe("lookup cache", () => {
  test("a batch of presentations from one agency costs a few RPC calls, not one set per presentation", async () => {
    const trust = new ChainTrustSource({ rpcUrl: issuer.rpcUrl, manifest: issuer.ledger.manifest as never });
    let calls = 0;
    await trust.provider.on("debug", (info: { action?: string }) => {
      if (info.action === "sendRpcPayload") calls += 1;
    });
    try {
      const options = (index: number) => ({ trust, audience: AUD, nonce: batchNonce(index) });
      const first = await verifyPresentationText(batch[0]!, options(0));
      assert.equal(first.verified, true, JSON.stringify(first.checks));
      const callsForFirst = calls;
      for (const [index, presentation] of batch.entries()) {
        if (index > 0) assert.equal((await verifyPresentationText(presentation, options(index))).verified, true);
      }
      const callsForRest = calls - callsForFirst;
      // Per further presentation only its own status in the batch (and its licence time, when the iat differs) is new.
      assert.ok(callsForFirst >= 5, `first presentation: ${callsForFirst} calls`);
      assert.ok(
        callsForRest <= 2 * (batch.length - 1),
        `4 more presentations cost ${callsForRest} calls (first: ${callsForFirst})`,
      );
    } finally {
      trust.destroy();
    }
  });
});
