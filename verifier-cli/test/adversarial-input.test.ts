/**
 * Adversarial structure (issue #10, finding 9): claim names that collide with JavaScript object internals
 * and JSON nested thousands of levels deep, on every path — the library, the CLI (`--require`, `--batch`)
 * — must give a correct verdict: no crash, no prototype pollution, no false VALID.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createJwsSigner, type AnchorProof } from "@fairledger/common/node";
import { ChainTrustSource, verifyPresentationText } from "@fairledger/verifier";
import {
  TestIssuer,
  b64url,
  decodePart,
  newHolder,
  resign,
  sdHash,
  type Holder,
  type RecruitmentCase,
} from "./support/test-issuer.ts";
import { randomBytes } from "node:crypto";
import { failedCheck, runCli } from "./support/run-cli.ts";

const AUD = "border-post-manila-7";
const NONCE = "n-adversarial-0001";
/** Names every plain object answers to without owning them. */
const OBJECT_INTERNALS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "__defineGetter__",
];

let issuer: TestIssuer;
let trust: ChainTrustSource;
let holder: Holder;
let recruitmentCase: RecruitmentCase;
let plain: string;
let plainAnchor: AnchorProof;
let colliding: string;
let collidingDisclosures: string[];
let plainDisclosures: string[];
let collidingAnchor: AnchorProof;
let dir: string;
let files = 0;

function file(content: string): string {
  const path = join(dir, `input-${++files}.txt`);
  writeFileSync(path, content);
  return path;
}

function assertNoPollution(): void {
  const probe: Record<string, unknown> = {};
  assert.equal(probe.polluted, undefined, "Object.prototype was polluted");
  assert.equal(Object.getPrototypeOf(probe), Object.prototype);
  assert.equal(typeof probe.toString, "function");
  assert.equal(Object.prototype.toString.call([]), "[object Array]");
}

const verifyLib = (text: string, requiredClaims?: string[]) =>
  verifyPresentationText(text, { trust, audience: AUD, nonce: NONCE, requiredClaims });

const verifyCli = (text: string, extra: string[] = []) =>
  runCli([
    "verify",
    file(text),
    "--aud",
    AUD,
    "--nonce",
    NONCE,
    "--json",
    "--rpc",
    issuer.rpcUrl,
    "--deployment",
    issuer.manifestPath,
    ...extra,
  ]);

/** `jwt~d1~…~dn~` plus a fresh key binding by the holder. */
function withKeyBinding(jwt: string, disclosures: readonly string[]): string {
  const presented = `${[jwt, ...disclosures].join("~")}~`;
  return `${presented}${issuer.keyBindingJwt(presented, { holder, disclose: [], aud: AUD, nonce: NONCE })}`;
}

/** The hand-built credential disclosing employerName and, if asked, the colliding claims. */
function presentColliding(withCollisions: boolean): string {
  const employerName = plainDisclosures.find((d) => Buffer.from(d, "base64url").toString().includes('"employerName"'))!;
  return withKeyBinding(colliding.split("~")[0]!, [employerName, ...(withCollisions ? collidingDisclosures : [])]);
}

/** A presentation of `credential` disclosing `disclose`, with a fresh key binding. */
const present = (credential: string, disclose: string[]) =>
  issuer.present(credential, { holder, disclose, aud: AUD, nonce: NONCE });

before(async () => {
  issuer = await TestIssuer.start();
  trust = new ChainTrustSource({
    rpcUrl: issuer.rpcUrl,
    manifest: JSON.parse(readFileSync(issuer.manifestPath, "utf8")),
    cacheTtlMs: 0,
  });
  dir = mkdtempSync(join(tmpdir(), "fairledger-adversarial-"));
  holder = newHolder();
  recruitmentCase = await issuer.openCase();
  plain = await issuer.issueSdJwt({ holder, subject: issuer.employmentSubject(recruitmentCase, holder) });
  // The same credential plus disclosable claims named like object internals, built by hand (as text, so
  // "__proto__" stays a member name: sd-jwt libraries mangle such names on issuance).
  const [jwt, ...disclosures] = plain.split("~").filter(Boolean);
  collidingDisclosures = OBJECT_INTERNALS.map((name) =>
    b64url(
      `[${JSON.stringify(randomBytes(16).toString("base64url"))},${JSON.stringify(name)},{"polluted":true,"name":${JSON.stringify(name)}}]`,
    ),
  );
  const signed = resign(jwt!, issuer.key, {
    payload: (p) => (p.credentialSubject as { _sd: string[] })._sd.push(...collidingDisclosures.map(sdHash)),
  });
  colliding = `${[signed, ...disclosures].join("~")}~`;
  plainDisclosures = disclosures;
  [plainAnchor, collidingAnchor] = await issuer.anchorBatch([plain, colliding]);
});

after(async () => {
  await issuer?.stop();
});

describe("claim names that collide with object internals", () => {
  for (const name of OBJECT_INTERNALS) {
    test(`requiring "${name}" that was never disclosed is not VALID (library and CLI --require)`, async () => {
      const presentation = issuer.envelope(await present(plain, ["employerName"]), plainAnchor);
      const result = await verifyLib(presentation, [name]);
      assert.equal(result.outcome, "invalid", JSON.stringify(result.checks));
      assert.equal(result.checks.find((check) => !check.passed)?.id, "required-claims");
      const run = await verifyCli(presentation, ["--require", name]);
      assert.equal(failedCheck(run), "required-claims", run.stdout + run.stderr);
      assert.equal(run.code, 1);
      assertNoPollution();
    });
  }

  test("disclosed claims named like object internals are plain own claims, and change no prototype", async () => {
    const presentation = issuer.envelope(presentColliding(true), collidingAnchor);
    const result = await verifyLib(presentation, OBJECT_INTERNALS);
    assert.equal(result.outcome, "valid", JSON.stringify(result.checks));
    for (const name of OBJECT_INTERNALS) {
      assert.ok(Object.hasOwn(result.disclosed, name), `${name} is an own claim`);
      assert.deepEqual(result.disclosed[name], { polluted: true, name });
    }
    assert.equal(Object.getPrototypeOf(result.disclosed), Object.prototype);
    assertNoPollution();
    const run = await verifyCli(presentation, ["--require", OBJECT_INTERNALS.join(",")]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(run.json<{ disclosed: Record<string, unknown> }>().disclosed.constructor, {
      polluted: true,
      name: "constructor",
    });
  });

  test("the same credential with those claims withheld does not satisfy a requirement for them", async () => {
    const presentation = issuer.envelope(presentColliding(false), collidingAnchor);
    for (const name of OBJECT_INTERNALS) {
      const result = await verifyLib(presentation, [name]);
      assert.equal(result.outcome, "invalid", `${name}: ${JSON.stringify(result.checks)}`);
    }
    assertNoPollution();
  });
});

describe("adversarial nesting depth", () => {
  const deep = (levels: number) => "[".repeat(levels) + "]".repeat(levels);

  test("an envelope nested 100,000 levels deep is an input-format failure, not a crash (library, CLI, --batch)", async () => {
    const presentation = `{"type":"FairLedgerPresentation","version":1,"format":"vc+sd-jwt","presentation":"x","anchor":${deep(100_000)}}`;
    const result = await verifyLib(presentation);
    assert.equal(result.outcome, "invalid");
    assert.equal(result.checks[0]?.id, "input-format");
    assert.match(result.checks[0]!.reason, /nests deeper/);
    const run = await verifyCli(presentation);
    assert.equal(failedCheck(run), "input-format", run.stdout + run.stderr);
    assert.equal(run.code, 1);
    const batch = file(
      `${JSON.stringify({ id: "deep", nonce: NONCE, presentation: "x" }).replace(/}$/, `,"extra":${deep(100_000)}}`)}\n`,
    );
    const batchRun = await runCli([
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
    assert.notEqual(batchRun.code, 0);
    assert.match(batchRun.stdout + batchRun.stderr, /nests deeper/);
    assert.doesNotMatch(batchRun.stderr, /RangeError|Maximum call stack/);
  });

  test("a signed credential whose payload nests 60,000 levels deep is refused, not a crash", async () => {
    const [jwt] = plain.split("~");
    const [h, p] = jwt!.split(".");
    // Built as text: the test itself must not walk 60,000 levels either.
    const payloadText = JSON.stringify(decodePart(p!)).replace(/}$/, `,"deep":${deep(60_000)}}`);
    const signingInput = `${h}.${b64url(payloadText)}`;
    const deepJwt = `${signingInput}.${createJwsSigner(issuer.key.privateJwk as never).sign(signingInput)}`;
    const presentation = withKeyBinding(deepJwt, []);
    const result = await verifyLib(presentation);
    assert.equal(result.outcome, "invalid", JSON.stringify(result.checks));
    assert.ok(
      result.checks.some((check) => !check.passed && check.id === "input-format"),
      JSON.stringify(result.checks),
    );
    const run = await verifyCli(presentation);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.doesNotMatch(run.stderr, /RangeError|Maximum call stack/);
  });

  test("a disclosure whose value nests 60,000 levels deep is refused, not a crash", async () => {
    const [jwt] = plain.split("~");
    const disclosure = b64url(`["${"s".repeat(22)}","deepClaim",${deep(60_000)}]`);
    const digest = sdHash(disclosure);
    const forged = resign(jwt!, issuer.key, {
      payload: (p) => (p.credentialSubject as { _sd: string[] })._sd.push(digest),
    });
    const presentation = withKeyBinding(forged, [disclosure]);
    const result = await verifyLib(presentation);
    assert.equal(result.outcome, "invalid", JSON.stringify(result.checks));
    assert.equal(result.checks.find((check) => !check.passed)?.id, "sd-disclosures");
    const run = await verifyCli(presentation);
    assert.equal(failedCheck(run), "sd-disclosures", run.stdout + run.stderr);
  });
});
