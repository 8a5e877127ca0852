/**
 * `fairledger verify` as a subprocess against a local chain: a genuine presentation passes, and every
 * forged, tampered, replayed, expired, revoked or unlicensed one fails with the named check and exit 1;
 * a chain that cannot be reached or an unknown issuer gives exit 2; misuse gives 64.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHmac, randomBytes } from "node:crypto";
import QRCode from "qrcode";
import { didJwk, type AnchorProof } from "@fairledger/common";
import {
  ChainTrustSource,
  SqliteUsedNonceStore,
  splitPresentationParts,
  verifyPresentationText,
} from "@fairledger/verifier";
import { freePort } from "../../scripts/lib/local-chain.mts";
import {
  DEMO_ROLES,
  TestIssuer,
  b64url,
  decodePart,
  ed25519KeyPair,
  newHolder,
  p256KeyPair,
  resign,
  sdHash,
  type Holder,
  type RecruitmentCase,
} from "./support/test-issuer.ts";
import { failedCheck, freshVerifierDataDir, runCli, type CliRun } from "./support/run-cli.ts";

const AUD = "border-post-manila-7";
const NONCE = "n-0123456789abcdef";
const DISCLOSE = ["employerName", "jobTitle"];

let issuer: TestIssuer;
let dir: string;
let holder: Holder;
let recruitmentCase: RecruitmentCase;
let credential: string;
let anchor: AnchorProof;
let fileCount = 0;

function file(content: string | Buffer, name = `input-${++fileCount}.txt`): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function chainArgs(): string[] {
  return ["--rpc", issuer.rpcUrl, "--deployment", issuer.manifestPath];
}

async function verify(input: string, extra: string[] = []): Promise<CliRun> {
  return runCli(["verify", file(input), "--aud", AUD, "--nonce", NONCE, "--json", ...chainArgs(), ...extra]);
}

async function present(cred: string, options: Partial<Parameters<TestIssuer["present"]>[1]> = {}): Promise<string> {
  return issuer.present(cred, { holder, disclose: DISCLOSE, aud: AUD, nonce: NONCE, ...options });
}

async function expectFailure(run: CliRun, checkId: string, code = 1): Promise<void> {
  assert.equal(failedCheck(run), checkId, `expected ${checkId} to fail:\n${run.stdout}${run.stderr}`);
  assert.equal(run.code, code, run.stdout + run.stderr);
  assert.equal(run.json<{ verified: boolean }>().verified, false);
}

/** Splits an SD-JWT presentation into issuer JWT, disclosures and KB-JWT. */
function parts(presentation: string): { jwt: string; disclosures: string[]; kb: string } {
  const all = presentation.split("~");
  return { jwt: all[0]!, disclosures: all.slice(1, -1), kb: all.at(-1)! };
}

/** Reassembles a credential (no KB) from an issuer JWT and disclosures, then adds a valid holder KB. */
function withFreshKb(
  jwt: string,
  disclosures: string[],
  kbOptions: Partial<Parameters<TestIssuer["keyBindingJwt"]>[1]> = {},
): string {
  const presented = `${[jwt, ...disclosures].join("~")}~`;
  return `${presented}${issuer.keyBindingJwt(presented, { holder, disclose: [], aud: AUD, nonce: NONCE, ...kbOptions })}`;
}

before(async () => {
  issuer = await TestIssuer.start();
  dir = mkdtempSync(join(tmpdir(), "fairledger-verify-"));
  holder = newHolder();
  recruitmentCase = await issuer.openCase();
  credential = await issuer.issueSdJwt({ holder, subject: issuer.employmentSubject(recruitmentCase, holder) });
  [anchor] = await issuer.anchorBatch([credential]);
});

after(async () => {
  await issuer?.stop();
});

describe("a genuine presentation", () => {
  test("passes every check, exit 0, and shows only what the worker disclosed", async () => {
    const withSalt = await present(credential, { disclose: [...DISCLOSE, "contractSalt"] });
    const run = await verify(issuer.envelope(withSalt, anchor), ["--contract", file(recruitmentCase.contractDocument)]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const result = run.json<{
      verified: boolean;
      checks: { id: string; passed: boolean }[];
      disclosed: Record<string, unknown>;
      issuer: string;
      subject: string;
    }>();
    assert.equal(result.verified, true);
    assert.ok(result.checks.every((check) => check.passed));
    for (const id of [
      "alg-allowed",
      "typ",
      "issuer-key",
      "issuer-signature",
      "sd-disclosures",
      "key-binding",
      "time-valid",
      "issuer-licensed",
      "anchored",
      "not-revoked",
      "contract-latest",
      "contract-document",
    ]) {
      assert.ok(
        result.checks.some((check) => check.id === id),
        `${id} ran`,
      );
    }
    assert.equal(result.disclosed.employerName, "Riyadh Build Co.");
    assert.equal(result.disclosed.corridor, "PH-SA");
    assert.equal(result.disclosed.passportNumber, undefined);
    assert.equal(result.disclosed.workerName, undefined);
    assert.equal(result.issuer, issuer.did);
    assert.equal(result.subject, holder.did);
  });

  test("human output lists each check and the verdict", async () => {
    const run = await runCli([
      "verify",
      file(issuer.envelope(await present(credential), anchor)),
      "--aud",
      AUD,
      "--nonce",
      NONCE,
      ...chainArgs(),
    ]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^VALID {2}EmploymentContractCredential/);
    assert.match(run.stdout, /\[pass\] issuer-licensed/);
    assert.match(run.stdout, /employerName: Riyadh Build Co\./);
    assert.doesNotMatch(run.stdout, /P1234567A/);
  });

  test("read from stdin", async () => {
    const run = await runCli(["verify", "-", "--aud", AUD, "--nonce", NONCE, "--json", ...chainArgs()], {
      stdin: issuer.envelope(await present(credential), anchor),
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
  });

  test("from QR images split into FLP1 parts, given in any order", async () => {
    const envelope = issuer.envelope(await present(credential), anchor);
    const texts = splitPresentationParts(envelope, 900);
    assert.ok(texts.length >= 2);
    const paths = [];
    for (const [index, text] of texts.entries()) {
      const path = join(dir, `part-${index + 1}.png`);
      await QRCode.toFile(path, text, { type: "png", errorCorrectionLevel: "L" });
      paths.push(path);
    }
    const run = await runCli(["verify", ...paths.reverse(), "--aud", AUD, "--nonce", NONCE, "--json", ...chainArgs()]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
  });

  test("a QR part missing fails input-format", async () => {
    const texts = splitPresentationParts(issuer.envelope(await present(credential), anchor), 900);
    const run = await verify(texts.slice(1).join("\n"));
    await expectFailure(run, "input-format");
  });
});

describe("algorithm and typ (RFC 8725)", () => {
  test("alg none is rejected", async () => {
    const { jwt, disclosures } = parts(await present(credential));
    const [h, p] = jwt.split(".");
    const header = { ...decodePart(h!), alg: "none" };
    const forged = `${b64url(header)}.${p}.`;
    await expectFailure(await verify(issuer.envelope(withFreshKb(forged, disclosures), anchor)), "alg-allowed");
  });

  test("HS256 'signed' with the issuer's public key as HMAC secret is rejected", async () => {
    const { jwt, disclosures } = parts(await present(credential));
    const [h, p] = jwt.split(".");
    const header = b64url({ ...decodePart(h!), alg: "HS256" });
    const secret = Buffer.from(issuer.key.publicJwk.x, "base64url");
    const mac = createHmac("sha256", secret).update(`${header}.${p}`).digest("base64url");
    await expectFailure(
      await verify(issuer.envelope(withFreshKb(`${header}.${p}.${mac}`, disclosures), anchor)),
      "alg-allowed",
    );
  });

  test("an algorithm relabelled to another key type (ES256 on the Ed25519 key) is rejected", async () => {
    const attacker = p256KeyPair();
    const { jwt, disclosures } = parts(await present(credential));
    const forged = resign(jwt, attacker, { header: (h) => (h.alg = "ES256") });
    await expectFailure(await verify(issuer.envelope(withFreshKb(forged, disclosures), anchor)), "alg-allowed");
  });

  test("a credential with typ JWT instead of dc+sd-jwt is rejected", async () => {
    const { jwt, disclosures } = parts(await present(credential));
    const forged = resign(jwt, issuer.key, { header: (h) => (h.typ = "JWT") });
    await expectFailure(await verify(issuer.envelope(withFreshKb(forged, disclosures), anchor)), "typ");
  });

  test("a key-binding JWT with typ JWT is rejected", async () => {
    const { jwt, disclosures } = parts(await present(credential));
    await expectFailure(
      await verify(issuer.envelope(withFreshKb(jwt, disclosures, { kbHeader: { typ: "JWT" } }), anchor)),
      "typ",
    );
  });

  test("a token carrying its own key (jwk header) is rejected", async () => {
    const attacker = ed25519KeyPair();
    const { jwt, disclosures } = parts(await present(credential));
    const forged = resign(jwt, attacker, { header: (h) => (h.jwk = attacker.publicJwk) });
    await expectFailure(await verify(issuer.envelope(withFreshKb(forged, disclosures), anchor)), "alg-allowed");
  });
});

describe("issuer signature and key", () => {
  test("a tampered payload (signature kept) fails issuer-signature", async () => {
    const { jwt, disclosures } = parts(await present(credential));
    const [h, p, s] = jwt.split(".");
    const payload = decodePart(p!);
    (payload.credentialSubject as Record<string, unknown>).corridor = "IN-AE";
    const forged = `${h}.${b64url(payload)}.${s}`;
    await expectFailure(await verify(issuer.envelope(withFreshKb(forged, disclosures), anchor)), "issuer-signature");
  });

  test("a credential signed by another Ed25519 key under the agency's kid fails issuer-signature", async () => {
    const forged = await issuer.issueSdJwt({
      holder,
      subject: issuer.employmentSubject(recruitmentCase, holder),
      signer: ed25519KeyPair(),
    });
    await expectFailure(await verify(issuer.envelope(await present(forged), anchor)), "issuer-signature");
  });

  test("a kid that is not an assertion key of the issuer fails issuer-key", async () => {
    const forged = await issuer.issueSdJwt({
      holder,
      subject: issuer.employmentSubject(recruitmentCase, holder),
      kid: `${issuer.did}#delegate-9`,
    });
    await expectFailure(await verify(issuer.envelope(await present(forged), anchor)), "issuer-key");
  });

  test("a credential dated before the key was published fails issuer-key (key not valid at issue time)", async () => {
    const published = (await issuer.ledger.provider.getBlock(1))!.timestamp - 3600;
    const forged = await issuer.issueSdJwt({
      holder,
      subject: issuer.employmentSubject(recruitmentCase, holder),
      iat: published,
    });
    await expectFailure(await verify(issuer.envelope(await present(forged), anchor)), "issuer-key");
  });

  test("an issuer DID of another network cannot be verified: exit 2", async () => {
    const forged = await issuer.issueSdJwt({
      holder,
      subject: issuer.employmentSubject(recruitmentCase, holder),
      iss: `did:ethr:0x1:${issuer.wallet.address.toLowerCase()}`,
      kid: `did:ethr:0x1:${issuer.wallet.address.toLowerCase()}#delegate-1`,
    });
    const run = await verify(issuer.envelope(await present(forged), anchor));
    await expectFailure(run, "issuer-did", 2);
    assert.equal(run.json<{ outcome: string }>().outcome, "cannot-verify");
  });
});

describe("time claims", () => {
  test("an expired credential fails time-valid", async () => {
    const now = await issuer.now();
    const shortLived = await issuer.issueSdJwt({
      holder,
      subject: issuer.employmentSubject(recruitmentCase, holder),
      iat: now,
      exp: now + 120,
    });
    const later = String(now + 3600);
    await expectFailure(
      await verify(issuer.envelope(await present(shortLived), anchor), ["--at", later]),
      "time-valid",
    );
  });

  test("a credential issued in the future fails time-valid", async () => {
    const future = await issuer.issueSdJwt({
      holder,
      subject: issuer.employmentSubject(recruitmentCase, holder),
      iat: (await issuer.now()) + 3600,
    });
    await expectFailure(await verify(issuer.envelope(await present(future), anchor)), "time-valid");
  });

  test("validFrom that differs from iat fails jwt-claims-consistent", async () => {
    const { jwt, disclosures } = parts(await present(credential));
    const forged = resign(jwt, issuer.key, { payload: (p) => (p.validFrom = "2020-01-01T00:00:00Z") });
    await expectFailure(
      await verify(issuer.envelope(withFreshKb(forged, disclosures), anchor)),
      "jwt-claims-consistent",
    );
  });

  test("a holder DID that is not the cnf key fails jwt-claims-consistent", async () => {
    const other = newHolder();
    const forged = await issuer.issueSdJwt({
      holder,
      subject: { ...issuer.employmentSubject(recruitmentCase, holder), id: other.did },
    });
    await expectFailure(await verify(issuer.envelope(await present(forged), anchor)), "jwt-claims-consistent");
  });
});

describe("RFC 9901 section 7: disclosures", () => {
  test("a disclosure with a changed value fails sd-disclosures", async () => {
    const { jwt, disclosures } = parts(await present(credential));
    const changed = disclosures.map((d) => {
      const [salt, name, value] = JSON.parse(Buffer.from(d, "base64url").toString()) as [string, string, unknown];
      return name === "employerName" ? b64url([salt, name, "Fake Employer Ltd"]) : b64url([salt, name, value]);
    });
    await expectFailure(await verify(issuer.envelope(withFreshKb(jwt, changed), anchor)), "sd-disclosures");
  });

  test("the same disclosure twice fails sd-disclosures", async () => {
    const { jwt, disclosures } = parts(await present(credential));
    await expectFailure(
      await verify(issuer.envelope(withFreshKb(jwt, [...disclosures, disclosures[0]!]), anchor)),
      "sd-disclosures",
    );
  });

  test("a disclosure that would overwrite a plainly signed claim fails sd-disclosures", async () => {
    const { jwt } = parts(await present(credential));
    const disclosure = b64url([randomBytes(16).toString("base64url"), "corridor", "IN-AE"]);
    const forged = resign(jwt, issuer.key, {
      payload: (p) => {
        const subject = p.credentialSubject as { _sd: string[] };
        subject._sd = [...subject._sd, sdHash(disclosure)];
      },
    });
    await expectFailure(await verify(issuer.envelope(withFreshKb(forged, [disclosure]), anchor)), "sd-disclosures");
  });

  test("the same digest twice in _sd fails sd-disclosures", async () => {
    const { jwt, disclosures } = parts(await present(credential));
    const forged = resign(jwt, issuer.key, {
      payload: (p) => {
        const subject = p.credentialSubject as { _sd: string[] };
        subject._sd = [...subject._sd, subject._sd[0]!];
      },
    });
    await expectFailure(await verify(issuer.envelope(withFreshKb(forged, disclosures), anchor)), "sd-disclosures");
  });

  test("_sd_alg other than sha-256 fails sd-disclosures", async () => {
    const { jwt, disclosures } = parts(await present(credential));
    const forged = resign(jwt, issuer.key, { payload: (p) => (p._sd_alg = "sha-512") });
    await expectFailure(await verify(issuer.envelope(withFreshKb(forged, disclosures), anchor)), "sd-disclosures");
  });

  test("a disclosure using the reserved name _sd fails sd-disclosures", async () => {
    const { jwt } = parts(await present(credential));
    const disclosure = b64url([randomBytes(16).toString("base64url"), "_sd", ["x"]]);
    const forged = resign(jwt, issuer.key, {
      payload: (p) => {
        const subject = p.credentialSubject as { _sd: string[] };
        subject._sd = [...subject._sd, sdHash(disclosure)];
      },
    });
    await expectFailure(await verify(issuer.envelope(withFreshKb(forged, [disclosure]), anchor)), "sd-disclosures");
  });
});

describe("RFC 9901 section 7: key binding", () => {
  test("a replayed presentation (another request's nonce) fails key-binding", async () => {
    const run = await runCli([
      "verify",
      file(issuer.envelope(await present(credential), anchor)),
      "--aud",
      AUD,
      "--nonce",
      "a-fresh-nonce",
      "--json",
      ...chainArgs(),
    ]);
    await expectFailure(run, "key-binding");
  });

  test("a presentation made for another verifier fails key-binding", async () => {
    await expectFailure(
      await verify(issuer.envelope(await present(credential, { aud: "employer-portal" }), anchor)),
      "key-binding",
    );
  });

  test("a stale presentation (KB iat 10 minutes old) fails key-binding", async () => {
    const iat = Math.floor(Date.now() / 1000) - 600;
    await expectFailure(await verify(issuer.envelope(await present(credential, { iat }), anchor)), "key-binding");
  });

  test("a key-binding JWT dated in the future fails key-binding", async () => {
    await expectFailure(
      await verify(issuer.envelope(await present(credential, { iat: Math.floor(Date.now() / 1000) + 3600 }), anchor)),
      "key-binding",
    );
  });

  test("a disclosure removed after key binding (sd_hash mismatch) fails key-binding", async () => {
    const presentation = await present(credential);
    const { jwt, disclosures, kb } = parts(presentation);
    const stripped = `${[jwt, ...disclosures.slice(1)].join("~")}~${kb}`;
    await expectFailure(await verify(issuer.envelope(stripped, anchor)), "key-binding");
  });

  test("a key-binding JWT signed by another key than cnf fails key-binding", async () => {
    await expectFailure(
      await verify(issuer.envelope(await present(credential, { kbKey: p256KeyPair() }), anchor)),
      "key-binding",
    );
  });

  test("a key-binding JWT claiming EdDSA for the P-256 holder key fails alg-allowed", async () => {
    const { jwt, disclosures } = parts(await present(credential));
    await expectFailure(
      await verify(issuer.envelope(withFreshKb(jwt, disclosures, { kbHeader: { alg: "EdDSA" } }), anchor)),
      "alg-allowed",
    );
  });

  test("a credential without key binding, when an audience is expected, fails key-binding", async () => {
    const { jwt, disclosures } = parts(await present(credential));
    const bare = `${[jwt, ...disclosures].join("~")}~`;
    await expectFailure(await verify(JSON.stringify({ credential: bare, anchor })), "key-binding");
  });

  test("a presentation without --aud is a usage error (64)", async () => {
    const run = await runCli([
      "verify",
      file(issuer.envelope(await present(credential), anchor)),
      "--nonce",
      NONCE,
      ...chainArgs(),
    ]);
    assert.equal(run.code, 64);
    assert.match(run.stderr, /--aud is required/);
  });
});

describe("ledger checks", () => {
  test("--require of a claim the worker withheld fails required-claims", async () => {
    await expectFailure(
      await verify(issuer.envelope(await present(credential), anchor), ["--require", "employerName,passportNumber"]),
      "required-claims",
    );
  });

  test("a credential from an agency not licensed in the corridor's origin fails issuer-licensed", async () => {
    const subject = { ...issuer.employmentSubject(recruitmentCase, holder), corridor: "IN-AE" };
    const foreign = await issuer.issueSdJwt({ holder, subject });
    const [foreignAnchor] = await issuer.anchorBatch([foreign]);
    await expectFailure(await verify(issuer.envelope(await present(foreign), foreignAnchor)), "issuer-licensed");
  });

  test("a credential from an unlicensed agency fails issuer-licensed", async () => {
    const unlicensed = await TestIssuer.forAccount(issuer.ledger, DEMO_ROLES.unlicensedAgency);
    const forged = await unlicensed.issueSdJwt({ holder, subject: issuer.employmentSubject(recruitmentCase, holder) });
    await expectFailure(await verify(issuer.envelope(await present(forged), anchor)), "issuer-licensed");
  });

  test("a credential that was never anchored fails anchored", async () => {
    const unanchored = await issuer.issueSdJwt({ holder, subject: issuer.employmentSubject(recruitmentCase, holder) });
    await expectFailure(await verify(issuer.envelope(await present(unanchored))), "anchored");
  });

  test("a Merkle proof that does not lead to the root fails anchored", async () => {
    const other = await issuer.issueSdJwt({ holder, subject: issuer.employmentSubject(recruitmentCase, holder) });
    const [otherAnchor] = await issuer.anchorBatch([
      other,
      await issuer.issueSdJwt({ holder, subject: issuer.employmentSubject(recruitmentCase, holder) }),
    ]);
    await expectFailure(await verify(issuer.envelope(await present(credential), otherAnchor)), "anchored");
  });

  test("an anchor proof naming another ledger fails anchored", async () => {
    const elsewhere = { ...anchor, ledger: "0x000000000000000000000000000000000000dEaD" };
    await expectFailure(await verify(issuer.envelope(await present(credential), elsewhere)), "anchored");
  });

  test("a batch root anchored by another agency fails anchored", async () => {
    const agencyIN = await TestIssuer.forAccount(issuer.ledger, DEMO_ROLES.agencyIN);
    const fresh = await issuer.issueSdJwt({ holder, subject: issuer.employmentSubject(recruitmentCase, holder) });
    const [foreignRoot] = await issuer.anchorBatch([fresh], agencyIN.agency);
    await expectFailure(await verify(issuer.envelope(await present(fresh), foreignRoot)), "anchored");
  });

  test("a suspended credential fails not-revoked; reinstated it passes; revoked it fails", async () => {
    const cred = await issuer.issueSdJwt({ holder, subject: issuer.employmentSubject(recruitmentCase, holder) });
    const [credAnchor] = await issuer.anchorBatch([cred]);
    await issuer.setBatchStatus(credAnchor!, cred, 2);
    await expectFailure(await verify(issuer.envelope(await present(cred), credAnchor)), "not-revoked");
    await issuer.setBatchStatus(credAnchor!, cred, 1);
    assert.equal((await verify(issuer.envelope(await present(cred), credAnchor))).code, 0);
    await issuer.setBatchStatus(credAnchor!, cred, 3);
    await expectFailure(await verify(issuer.envelope(await present(cred), credAnchor)), "not-revoked");
  });

  test("a contract replaced by an amendment fails contract-latest", async () => {
    const amendedCase = await issuer.openCase();
    const cred = await issuer.issueSdJwt({ holder, subject: issuer.employmentSubject(amendedCase, holder) });
    const [credAnchor] = await issuer.anchorBatch([cred]);
    await issuer.amendContract(amendedCase);
    await expectFailure(await verify(issuer.envelope(await present(cred), credAnchor)), "contract-latest");
  });

  test("a contract hash of another case fails contract-latest", async () => {
    const otherCase = await issuer.openCase();
    const subject = { ...issuer.employmentSubject(recruitmentCase, holder), contractHash: otherCase.contractHash };
    const cred = await issuer.issueSdJwt({ holder, subject });
    const [credAnchor] = await issuer.anchorBatch([cred]);
    await expectFailure(await verify(issuer.envelope(await present(cred), credAnchor)), "contract-latest");
  });

  test("a substituted contract document fails contract-document", async () => {
    const substituted = file(Buffer.from("Employment contract: 36 months, SAR 900 per month\n"));
    const withSalt = await present(credential, { disclose: [...DISCLOSE, "contractSalt"] });
    const run = await verify(issuer.envelope(withSalt, anchor), ["--contract", substituted]);
    await expectFailure(run, "contract-document");
    assert.match(run.json<{ checks: { id: string; reason: string }[] }>().checks.at(-1)!.reason, /NOT the contract/);
  });

  test("the genuine contract with a forged contractSalt fails contract-document (the salt is bound by the issuer's signature)", async () => {
    // A salt is disclosed under the issuer's signature: the holder cannot swap in a salt that makes another document match.
    const { jwt, disclosures } = parts(await present(credential, { disclose: [...DISCLOSE, "contractSalt"] }));
    const forgedSalt = b64url(JSON.stringify(["c2FsdHNhbHRzYWx0", "contractSalt", `0x${"00".repeat(32)}`]));
    const forged = withFreshKb(jwt, [
      ...disclosures.filter((d) => !JSON.stringify(decodePart(d)).includes("contractSalt")),
      forgedSalt,
    ]);
    await expectFailure(
      await verify(issuer.envelope(forged, anchor), ["--contract", file(recruitmentCase.contractDocument)]),
      "sd-disclosures",
    );
  });

  test("the contract check without the worker's contractSalt cannot confirm anything: fails contract-document, naming the missing salt", async () => {
    const run = await verify(issuer.envelope(await present(credential), anchor), [
      "--contract",
      file(recruitmentCase.contractDocument),
    ]);
    await expectFailure(run, "contract-document");
    assert.match(
      run.json<{ checks: { id: string; reason: string }[] }>().checks.at(-1)!.reason,
      /did not disclose contractSalt/,
    );
  });
});

describe("licence at issue time", () => {
  test("a credential issued while licensed stays valid after a suspension; one issued during it fails issuer-licensed", async () => {
    const india = await TestIssuer.forAccount(issuer.ledger, DEMO_ROLES.agencyIN);
    const indiaCase = await india.openCase("IN-AE", DEMO_ROLES.employerAE);
    const issuedWhileLicensed = await india.issueSdJwt({ holder, subject: india.employmentSubject(indiaCase, holder) });
    const [licensedAnchor] = await india.anchorBatch([issuedWhileLicensed]);
    const authorityIN = india.contractAsAccount(DEMO_ROLES.authorityIN);
    // Licence history has one-second resolution: the suspension must fall in a later second than the issuance.
    await issuer.ledger.provider.send("evm_increaseTime", [2]);
    await (await authorityIN.suspendLicence(india.wallet.address, 2, { gasLimit: 200_000 })).wait(); // a fixed limit: an estimate can miss a new checkpoint slot (issuer-service/src/chain/gas-margin-wallet.ts)
    try {
      const stillValid = await verify(issuer.envelope(await present(issuedWhileLicensed), licensedAnchor));
      assert.equal(stillValid.code, 0, stillValid.stdout);
      const licensedCheck = stillValid
        .json<{ checks: { id: string; notice?: string }[] }>()
        .checks.find((c) => c.id === "issuer-licensed");
      assert.match(
        licensedCheck?.notice ?? "",
        /suspended now; the suspension came after issue/,
        "the suspension is shown, not hidden",
      );
      const issuedWhileSuspended = await india.issueSdJwt({
        holder,
        subject: india.employmentSubject(indiaCase, holder),
        iat: (await india.now()) + 1,
      });
      await expectFailure(
        await verify(issuer.envelope(await present(issuedWhileSuspended), licensedAnchor)),
        "issuer-licensed",
      );
    } finally {
      await (await authorityIN.reinstateLicence(india.wallet.address, { gasLimit: 200_000 })).wait();
    }
  });
});

describe("licence revoked for fraud", () => {
  test("revoked with effect from T: a credential issued before T stays valid (notice); one issued at or after T fails issuer-licensed naming the revocation", async () => {
    // The attack: an agency licensed by fraud keeps issuing; revoking its licence used to leave those credentials valid.
    const fraud = await TestIssuer.forAccount(issuer.ledger, DEMO_ROLES.unlicensedAgency);
    const authorityPH = fraud.contractAsAccount(DEMO_ROLES.authorityPH);
    const start = await fraud.now();
    await (
      await authorityPH.issueLicence(fraud.wallet.address, `0x${"f1".repeat(32)}`, start - 60, start + 365 * 24 * 3600)
    ).wait();
    const fraudCase = await fraud.openCase("PH-SA");
    // Issue times on the chain's clock, after the licence's checkpoint; the revocation comes seconds later.
    const licensed = await fraud.now();
    const before = await fraud.issueSdJwt({
      holder,
      subject: fraud.employmentSubject(fraudCase, holder),
      iat: licensed,
    });
    const fraudFrom = licensed + 3;
    const after = await fraud.issueSdJwt({
      holder,
      subject: fraud.employmentSubject(fraudCase, holder),
      iat: fraudFrom + 3,
    });
    await issuer.ledger.provider.send("evm_increaseTime", [10]);
    const [beforeAnchor, afterAnchor] = (await fraud.anchorBatch([before, after])) as [AnchorProof, AnchorProof];
    await (await authorityPH.revokeLicence(fraud.wallet.address, 66, fraudFrom, { gasLimit: 300_000 })).wait();

    const valid = await verify(issuer.envelope(await present(before), beforeAnchor));
    assert.equal(valid.code, 0, valid.stdout);
    const notice = valid
      .json<{ checks: { id: string; notice?: string }[] }>()
      .checks.find((c) => c.id === "issuer-licensed")?.notice;
    assert.match(notice ?? "", /revoked on .* \(reason code 66\) with effect from .*after issue/);

    const invalid = await verify(issuer.envelope(await present(after), afterAnchor));
    await expectFailure(invalid, "issuer-licensed");
    const reason = invalid
      .json<{ checks: { id: string; reason: string }[] }>()
      .checks.find((c) => c.id === "issuer-licensed")!.reason;
    assert.match(
      reason,
      new RegExp(`revoked on .* \\(reason code 66\\) with effect from ${new Date(fraudFrom * 1000).toISOString()}`),
    );
  });
});

describe("recruitment fee statements", () => {
  test("a statement matching the closed case passes; one hiding fees fails fee-statement-matches-case", async () => {
    const feeCase = await issuer.openCase();
    const closed = await issuer.recordAndClose(
      feeCase,
      [{ payer: 0, amount: 2_000_000n, document: Buffer.from(`receipt ${feeCase.caseCommitment}`) }],
      "PHP",
    );
    const statement = (overrides: Record<string, unknown>) => ({
      id: holder.did,
      caseCommitment: feeCase.caseCommitment,
      corridor: "PH-SA",
      workerPaidTotal: "0",
      currency: "PHP",
      feesChargedToWorker: false,
      receiptsRoot: closed.receiptsRoot,
      receiptCount: 1,
      caseStatus: "Closed",
      workerName: "Maria Santos",
      ...overrides,
    });
    const good = await issuer.issueSdJwt({ type: "RecruitmentFeeStatement", holder, subject: statement({}) });
    const lying = await issuer.issueSdJwt({
      type: "RecruitmentFeeStatement",
      holder,
      subject: statement({ receiptCount: 0, caseStatus: "Open" }),
    });
    const [goodAnchor, lyingAnchor] = await issuer.anchorBatch([good, lying]);
    const disclose = [
      "workerPaidTotal",
      "currency",
      "feesChargedToWorker",
      "receiptsRoot",
      "receiptCount",
      "caseStatus",
    ];
    const ok = await verify(issuer.envelope(await present(good, { disclose }), goodAnchor));
    assert.equal(ok.code, 0, ok.stdout);
    await expectFailure(
      await verify(issuer.envelope(await present(lying, { disclose }), lyingAnchor)),
      "fee-statement-matches-case",
    );
  });
});

describe("VC-JWT and VP-JWT", () => {
  let vcJwt: string;
  let vcAnchor: AnchorProof;
  before(async () => {
    vcJwt = await issuer.issueVcJwt({ holder, subject: issuer.employmentSubject(recruitmentCase, holder) });
    [vcAnchor] = await issuer.anchorBatch([vcJwt]);
  });

  test("a VP-JWT from did-jwt-vc passes", async () => {
    const vp = await issuer.presentVpJwt(vcJwt, { holder, aud: AUD, nonce: NONCE });
    const run = await verify(issuer.envelope(vp, vcAnchor, "vp-jwt"));
    assert.equal(run.code, 0, run.stdout + run.stderr);
  });

  test("a VP-JWT signed by someone other than the credential's subject fails vp-binding", async () => {
    const thief = newHolder();
    const vp = await issuer.presentVpJwt(vcJwt, { holder: thief, aud: AUD, nonce: NONCE });
    await expectFailure(await verify(issuer.envelope(vp, vcAnchor, "vp-jwt")), "vp-binding");
  });

  test("a VP-JWT with another request's nonce fails vp-binding", async () => {
    const vp = await issuer.presentVpJwt(vcJwt, { holder, aud: AUD, nonce: "old-nonce" });
    await expectFailure(await verify(issuer.envelope(vp, vcAnchor, "vp-jwt")), "vp-binding");
  });

  test("a VC-JWT whose vc.issuer differs from iss fails jwt-claims-consistent", async () => {
    const forged = resign(vcJwt, issuer.key, {
      payload: (p) =>
        ((p.vc as Record<string, unknown>).issuer = {
          id: "did:ethr:0x7a69:0x0000000000000000000000000000000000000001",
        }),
    });
    const vp = await issuer.presentVpJwt(forged, { holder, aud: AUD, nonce: NONCE });
    await expectFailure(await verify(issuer.envelope(vp, vcAnchor, "vp-jwt")), "jwt-claims-consistent");
  });

  test("did:jwk names a key, not a string: a VC-JWT issued to the former member order (kty first) verifies with a VP-JWT from the RFC 7638 DID", async () => {
    const formerOrder = `did:jwk:${b64url({ kty: "EC", crv: "P-256", x: holder.key.publicJwk.x, y: holder.key.publicJwk.y })}`;
    const standard = didJwk(holder.key.publicJwk);
    assert.notEqual(formerOrder, standard);
    assert.ok(
      standard.startsWith("did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIi"),
      "crv, kty, x, y: the did:jwk spec's own example starts so",
    );
    const issued = await issuer.issueVcJwt({
      holder: { ...holder, did: formerOrder },
      subject: issuer.employmentSubject(recruitmentCase, holder),
    });
    const [issuedAnchor] = await issuer.anchorBatch([issued]);
    const vp = await issuer.presentVpJwt(issued, { holder: { ...holder, did: standard }, aud: AUD, nonce: NONCE });
    const run = await verify(issuer.envelope(vp, issuedAnchor!, "vp-jwt"));
    assert.equal(run.code, 0, run.stdout + run.stderr);
  });

  test("a VC-JWT with alg none fails alg-allowed", async () => {
    const [h, p] = vcJwt.split(".");
    const forged = `${b64url({ ...decodePart(h!), alg: "none" })}.${p}.`;
    const run = await runCli(["verify", file(forged), "--json", ...chainArgs()]);
    await expectFailure(run, "alg-allowed");
  });
});

describe("replay: a nonce is good for one successful verification per verifier", () => {
  const inDataDir = (dataDir: string) => ({ env: { FAIRLEDGER_VERIFIER_DATA_DIR: dataDir } });

  test("the same presentation with the same nonce verified twice: the second fails not-replayed, exit 1", async () => {
    const dataDir = freshVerifierDataDir();
    const input = file(issuer.envelope(await present(credential, { nonce: "replay-nonce-1" }), anchor));
    const args = ["verify", input, "--aud", AUD, "--nonce", "replay-nonce-1", "--json", ...chainArgs()];
    const first = await runCli(args, inDataDir(dataDir));
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.ok(
      first
        .json<{ checks: { id: string; passed: boolean }[] }>()
        .checks.some((check) => check.id === "not-replayed" && check.passed),
    );
    const second = await runCli(args, inDataDir(dataDir));
    await expectFailure(second, "not-replayed");
    assert.match(
      second.json<{ checks: { id: string; reason: string }[] }>().checks.at(-1)!.reason,
      /replayed presentation/,
    );
  });

  test("a replayed VP-JWT fails not-replayed; --data-dir names the store", async () => {
    const dataDir = freshVerifierDataDir();
    const vcJwt = await issuer.issueVcJwt({ holder, subject: issuer.employmentSubject(recruitmentCase, holder) });
    const [vcAnchor] = await issuer.anchorBatch([vcJwt]);
    const vp = await issuer.presentVpJwt(vcJwt, { holder, aud: AUD, nonce: "replay-nonce-vp" });
    const args = [
      "verify",
      file(issuer.envelope(vp, vcAnchor!, "vp-jwt")),
      "--aud",
      AUD,
      "--nonce",
      "replay-nonce-vp",
      "--json",
      "--data-dir",
      dataDir,
      ...chainArgs(),
    ];
    assert.equal((await runCli(args)).code, 0);
    await expectFailure(await runCli(args), "not-replayed");
  });

  test("the same presentation twice in one --batch file: the later line fails not-replayed", async () => {
    const envelope = JSON.parse(issuer.envelope(await present(credential, { nonce: "replay-batch-nonce" }), anchor));
    const batch = file(
      [
        JSON.stringify({ id: "arrival-1", nonce: "replay-batch-nonce", presentation: envelope }),
        JSON.stringify({ id: "arrival-1-again", nonce: "replay-batch-nonce", presentation: envelope }),
      ].join("\n"),
      "batch-replay.jsonl",
    );
    const run = await runCli(["verify", "--batch", batch, "--aud", AUD, "--json", ...chainArgs()]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const results = run.stdout
      .trim()
      .split("\n")
      .map((text) => JSON.parse(text) as { outcome: string; checks: { id: string; passed: boolean }[] });
    assert.deepEqual(
      results.map((result) => result.outcome),
      ["valid", "invalid"],
    );
    assert.equal(results[1]!.checks.find((check) => !check.passed)?.id, "not-replayed");
  });

  test("a failed verification does not spend the nonce: a forged presentation cannot burn the worker's request", async () => {
    const dataDir = freshVerifierDataDir();
    const genuine = await present(credential, { nonce: "replay-nonce-burn" });
    const { jwt, disclosures } = parts(genuine);
    const forged = withFreshKb(jwt, disclosures, { nonce: "replay-nonce-burn", holder: newHolder() });
    const args = (input: string) => [
      "verify",
      file(issuer.envelope(input, anchor)),
      "--aud",
      AUD,
      "--nonce",
      "replay-nonce-burn",
      "--json",
      ...chainArgs(),
    ];
    await expectFailure(await runCli(args(forged), inDataDir(dataDir)), "key-binding");
    assert.equal((await runCli(args(genuine), inDataDir(dataDir))).code, 0);
  });

  test("a used-nonce store that cannot be opened means the replay check cannot run: exit 2, naming the path", async () => {
    const notADirectory = file("not a directory", "nonce-store-blocker.txt");
    const input = file(issuer.envelope(await present(credential, { nonce: "replay-nonce-store" }), anchor));
    const run = await runCli([
      "verify",
      input,
      "--aud",
      AUD,
      "--nonce",
      "replay-nonce-store",
      "--data-dir",
      join(notADirectory, "verifier"),
      ...chainArgs(),
    ]);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, /cannot open the used-nonce store .*nonce-store-blocker\.txt/);
  });

  test("library: verifyPresentationText with a durable store refuses the replay, also after the store is reopened", async () => {
    const dataDir = freshVerifierDataDir();
    const trust = new ChainTrustSource({ rpcUrl: issuer.rpcUrl, manifest: issuer.ledger.manifest as never });
    const text = issuer.envelope(await present(credential, { nonce: "replay-nonce-lib" }), anchor);
    try {
      const store = await SqliteUsedNonceStore.open(dataDir);
      const options = { trust, audience: AUD, nonce: "replay-nonce-lib", usedNonces: store };
      assert.equal((await verifyPresentationText(text, options)).verified, true);
      const again = await verifyPresentationText(text, options);
      assert.equal(again.outcome, "invalid");
      assert.equal(again.checks.find((check) => !check.passed)?.id, "not-replayed");
      store.close();
      const reopened = await SqliteUsedNonceStore.open(dataDir);
      const afterRestart = await verifyPresentationText(text, { ...options, usedNonces: reopened });
      assert.equal(afterRestart.checks.find((check) => !check.passed)?.id, "not-replayed");
      reopened.close();
      // Without a store argument the process-wide store still remembers this process's verifications.
      const fresh = issuer.envelope(await present(credential, { nonce: "replay-nonce-default" }), anchor);
      const defaults = { trust, audience: AUD, nonce: "replay-nonce-default" };
      assert.equal((await verifyPresentationText(fresh, defaults)).verified, true);
      assert.equal(
        (await verifyPresentationText(fresh, defaults)).checks.find((check) => !check.passed)?.id,
        "not-replayed",
      );
    } finally {
      trust.destroy();
    }
  });
});

describe("cannot verify", () => {
  test("a chain that cannot be reached gives exit 2, not 1", async () => {
    const port = await freePort();
    const run = await runCli([
      "verify",
      file(issuer.envelope(await present(credential), anchor)),
      "--aud",
      AUD,
      "--nonce",
      NONCE,
      "--json",
      "--rpc",
      `http://127.0.0.1:${port}`,
      "--deployment",
      issuer.manifestPath,
    ]);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.equal(run.json<{ outcome: string }>().outcome, "cannot-verify");
  });

  test("garbage input is invalid (1) without a stack trace", async () => {
    const run = await runCli(["verify", file("{not json"), "--json", ...chainArgs()]);
    assert.equal(run.code, 1);
    assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at /);
    assert.equal(failedCheck(run), "input-format");
  });

  test("an unknown option is a usage error (64)", async () => {
    const run = await runCli(["verify", "--frobnicate"]);
    assert.equal(run.code, 64);
  });

  test("a missing input file is a usage error (64)", async () => {
    const run = await runCli(["verify", join(dir, "does-not-exist.txt")]);
    assert.equal(run.code, 64);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });
});

describe("batch: a JSON Lines file, each presentation with the nonce of its own request", () => {
  const line = (value: unknown) => JSON.stringify(value);

  test("verifies every line against its own nonce, in order, as JSON Lines; a replay on one line fails only that line", async () => {
    const first = issuer.envelope(await present(credential, { nonce: "kiosk-nonce-1" }), anchor);
    const second = issuer.envelope(await present(credential, { nonce: "kiosk-nonce-2" }), anchor);
    const batch = file(
      [
        line({ id: "arrival-1", nonce: "kiosk-nonce-1", presentation: JSON.parse(first) }),
        line({ id: "arrival-2", nonce: "kiosk-nonce-2", presentation: second }),
        line({ id: "arrival-3", nonce: "kiosk-nonce-3", presentation: JSON.parse(first) }),
        "",
      ].join("\n"),
      "batch.jsonl",
    );
    const run = await runCli(["verify", "--batch", batch, "--aud", AUD, "--json", ...chainArgs()]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const results = run.stdout
      .trim()
      .split("\n")
      .map(
        (text) => JSON.parse(text) as { source: string; outcome: string; checks: { id: string; passed: boolean }[] },
      );
    assert.deepEqual(
      results.map((result) => result.source),
      ["line 1, arrival-1", "line 2, arrival-2", "line 3, arrival-3"],
    );
    assert.deepEqual(
      results.map((result) => result.outcome),
      ["valid", "valid", "invalid"],
    );
    assert.equal(results[2]!.checks.find((check) => !check.passed)?.id, "key-binding");
  });

  test("a line that is not JSON or names no nonce fails input-format; the other lines are still verified", async () => {
    const good = issuer.envelope(await present(credential, { nonce: "kiosk-nonce-4" }), anchor);
    const batch = file(
      [
        "{not json",
        line({ presentation: JSON.parse(good) }),
        line({ nonce: "kiosk-nonce-4", presentation: JSON.parse(good) }),
      ].join("\n"),
      "batch-bad-lines.jsonl",
    );
    const run = await runCli(["verify", "--batch", batch, "--aud", AUD, ...chainArgs()]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /INVALID .*\(line 1\)\n\s+\[FAIL\] input-format {2}batch line 1 is not JSON/);
    assert.match(run.stdout, /INVALID .*\(line 2\)\n\s+\[FAIL\] input-format {2}batch line 2 has no "nonce"/);
    assert.match(run.stdout, /VALID .*EmploymentContractCredential {2}\(line 3\)/);
    assert.match(run.stdout, /3 presentation\(s\): 1 valid, 2 invalid, 0 cannot verify/);
  });

  test("--batch with --nonce, with other inputs, or without --aud is a usage error (64)", async () => {
    const batch = file(line({ nonce: "n", presentation: "x" }), "batch-usage.jsonl");
    for (const args of [
      ["--batch", batch, "--aud", AUD, "--nonce", NONCE],
      ["--batch", batch, "--aud", AUD, batch],
      ["--batch", batch],
    ]) {
      const run = await runCli(["verify", ...args, ...chainArgs()]);
      assert.equal(run.code, 64, `${args.join(" ")}: ${run.stdout}${run.stderr}`);
    }
    assert.equal((await runCli(["verify", ...chainArgs()])).code, 64, "no input at all");
  });
});

describe("request", () => {
  test("prints a presentation request with a fresh nonce, and its QR", async () => {
    const qr = join(dir, "request.png");
    const first = await runCli(["request", "--aud", AUD, "--qr", qr]);
    const second = await runCli(["request", "--aud", AUD]);
    assert.equal(first.code, 0);
    const a = first.json<{ type: string; aud: string; nonce: string; claims: string[] }>();
    assert.equal(a.type, "FairLedgerPresentationRequest");
    assert.equal(a.aud, AUD);
    assert.ok(a.claims.includes("employerName"));
    assert.notEqual(a.nonce, second.json<{ nonce: string }>().nonce);
    const { readQrPng } = await import("../src/input/qr-image.ts");
    const { readFileSync } = await import("node:fs");
    assert.deepEqual(JSON.parse(readQrPng(readFileSync(qr))), a);
  });
});
