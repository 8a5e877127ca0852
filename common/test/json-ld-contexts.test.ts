/**
 * The @context rule every FairLedger verifier applies (json-ld-contexts.ts), the context documents in
 * common/contexts (FairLedger's defines every claim of every type; the W3C copies are the published
 * bytes), and the versioned kid (versioned-kid.ts).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  LEGACY_CONTEXT_ACCEPTED_UNTIL,
  LEGACY_FAIRLEDGER_CONTEXT,
  SUBJECT_SCHEMAS,
  VCDM1_CONTEXT,
  VCDM2_CONTEXT,
  credentialContextProblem,
  fairLedgerContextText,
  fairLedgerContextUrl,
  isFairLedgerContextUrl,
  parseIssuerKid,
  withVersionId,
} from "../src/node.ts";

const OURS = fairLedgerContextUrl("https://issuer.example/");
const NOW = Date.parse("2026-12-01T00:00:00Z") / 1000;
const AFTER_SUNSET = Date.parse(LEGACY_CONTEXT_ACCEPTED_UNTIL) / 1000 + 1;

describe("credential @context rule", () => {
  it("accepts the VCDM context of the format, then the served FairLedger context of any deployment", () => {
    assert.equal(OURS, "https://issuer.example/contexts/fairledger/v1");
    assert.equal(credentialContextProblem([VCDM2_CONTEXT, OURS], 2, NOW), null);
    assert.equal(credentialContextProblem([VCDM1_CONTEXT, OURS], 1, NOW), null);
    assert.equal(
      credentialContextProblem([VCDM2_CONTEXT, "http://127.0.0.1:4100/contexts/fairledger/v1"], 2, NOW),
      null,
    );
  });

  it(`accepts the legacy ${LEGACY_FAIRLEDGER_CONTEXT} until ${LEGACY_CONTEXT_ACCEPTED_UNTIL}, not after`, () => {
    assert.equal(credentialContextProblem([VCDM2_CONTEXT, LEGACY_FAIRLEDGER_CONTEXT], 2, NOW), null);
    assert.match(
      credentialContextProblem([VCDM2_CONTEXT, LEGACY_FAIRLEDGER_CONTEXT], 2, AFTER_SUNSET) ?? "",
      /was accepted until/,
    );
  });

  for (const [forgery, context, version] of [
    ["the other VCDM version first", [VCDM1_CONTEXT, OURS], 2],
    ["no VCDM context", [OURS], 2],
    ["a context that is not an array", VCDM2_CONTEXT, 2],
    ["an extra context after ours", [VCDM2_CONTEXT, OURS, "https://evil.example/terms"], 2],
    ["another context in ours' place", [VCDM2_CONTEXT, "https://evil.example/contexts/other/v1"], 2],
    ["ours with a query", [VCDM2_CONTEXT, `${OURS}?v=2`], 2],
    ["ours over another scheme", [VCDM2_CONTEXT, "ftp://issuer.example/contexts/fairledger/v1"], 2],
    ["an inline context object", [VCDM2_CONTEXT, { workerName: "https://evil.example/name" }], 2],
  ] as const) {
    it(`forged: refuses ${forgery}`, () => {
      assert.notEqual(credentialContextProblem(context, version, NOW), null);
    });
  }

  it("isFairLedgerContextUrl refuses credentials in the URL", () => {
    assert.equal(isFairLedgerContextUrl("https://user:pw@issuer.example/contexts/fairledger/v1"), false);
  });
});

describe("context documents in common/contexts", () => {
  it("FairLedger's context defines every claim of every credential type, and each type", () => {
    const terms = (JSON.parse(fairLedgerContextText()) as { "@context": Record<string, unknown> })["@context"];
    for (const [type, schema] of Object.entries(SUBJECT_SCHEMAS)) {
      assert.ok(type in terms, type);
      for (const claim of Object.keys(schema.shape)) if (claim !== "id") assert.ok(claim in terms, `${type}.${claim}`);
    }
  });

  it("the W3C copies are byte for byte the files SOURCE.md names", () => {
    const source = readFileSync(new URL("../contexts/w3c/SOURCE.md", import.meta.url), "utf8");
    for (const file of ["credentials-v1.jsonld", "credentials-v2.jsonld"]) {
      const hash = createHash("sha256")
        .update(readFileSync(new URL(`../contexts/w3c/${file}`, import.meta.url)))
        .digest("hex");
      assert.ok(source.includes(`| ${file} |`) && source.includes(hash), `${file} ${hash}`);
    }
  });
});

describe("versioned kid", () => {
  const did = "did:ethr:0x7a69:0x1111111111111111111111111111111111111111";

  it("adds (or replaces) ?versionId= before the fragment, and reads it back", () => {
    assert.equal(withVersionId(`${did}#delegate-2`, 17), `${did}?versionId=17#delegate-2`);
    assert.equal(withVersionId(`${did}?versionId=3#delegate-2`, "17"), `${did}?versionId=17#delegate-2`);
    assert.deepEqual(parseIssuerKid(did, `${did}?versionId=17#delegate-2`), {
      keyId: `${did}#delegate-2`,
      versionId: 17,
    });
    assert.deepEqual(parseIssuerKid(did, `${did}#delegate-2`), { keyId: `${did}#delegate-2` });
  });

  it("refuses a key id without a fragment or a version that is not a block number", () => {
    assert.throws(() => withVersionId(did, 1));
    assert.throws(() => withVersionId(`${did}#delegate-1`, "latest"));
  });
});
