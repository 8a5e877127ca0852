/**
 * `issuer-key` and the versioned kid (common/src/versioned-kid.ts): the kid may name the key at a DID
 * document version (`?versionId=<block>`), which the check reads as a pointer for other resolvers and
 * never as a reason to trust the key; the key is still judged in the document as it stood at `iat`.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import type { DIDDocument } from "did-resolver";
import { checkIssuerKey } from "../src/checks/issuer-key.ts";
import type { TrustSource } from "../src/trust/trust-source.ts";

const ISS = "did:ethr:0x7a69:0x1111111111111111111111111111111111111111";
const OTHER = "did:ethr:0x7a69:0x2222222222222222222222222222222222222222";
const publicKeyBase64 = generateKeyPairSync("ed25519")
  .publicKey.export({ format: "der", type: "spki" })
  .subarray(12)
  .toString("base64");

/** A trust source whose issuer document lists `#delegate-1` as an Ed25519 assertion key until `revokedAt`. */
function trustWithKeyUntil(revokedAt: number): TrustSource {
  const document = (time: number): DIDDocument => ({
    id: ISS,
    verificationMethod:
      time < revokedAt
        ? [{ id: `${ISS}#delegate-1`, type: "Ed25519VerificationKey2018", controller: ISS, publicKeyBase64 } as never]
        : [],
    assertionMethod: time < revokedAt ? [`${ISS}#delegate-1`] : [],
  });
  return {
    describe: () => "a test document",
    didDocumentAt: async (_did: string, time: number) => document(time),
  } as never;
}

describe("issuer-key with a versioned kid", () => {
  test("a plain kid and a kid with ?versionId= name the same key", async () => {
    for (const kid of [`${ISS}#delegate-1`, `${ISS}?versionId=42#delegate-1`]) {
      const { result, key } = await checkIssuerKey(trustWithKeyUntil(2_000), ISS, kid, 1_000);
      assert.equal(result.passed, true, `${kid}: ${result.reason}`);
      assert.equal(key?.kty, "OKP");
    }
  });

  test("forged: a versionId reaching back to a key revoked before iat does not make it valid", async () => {
    const { result } = await checkIssuerKey(trustWithKeyUntil(2_000), ISS, `${ISS}?versionId=1#delegate-1`, 3_000);
    assert.equal(result.passed, false);
    assert.match(result.reason, /not an assertion key of the issuer at issue time/);
  });

  for (const [forgery, kid] of [
    ["another DID's key with a version", `${OTHER}?versionId=5#delegate-1`],
    ["versionTime (which the stock resolver ignores)", `${ISS}?versionTime=2026-01-01T00:00:00Z#delegate-1`],
    ["two versionIds", `${ISS}?versionId=5&versionId=6#delegate-1`],
    ["a non-decimal versionId", `${ISS}?versionId=0x5#delegate-1`],
    ["a version but no key fragment", `${ISS}?versionId=5`],
    ["an empty fragment", `${ISS}?versionId=5#`],
  ] as const) {
    test(`forged: a kid with ${forgery} is refused before any resolution`, async () => {
      const trust = {
        describe: () => "unused",
        didDocumentAt: async () => assert.fail("the kid must be refused first"),
      } as never;
      const { result } = await checkIssuerKey(trust, ISS, kid, 1_000);
      assert.equal(result.passed, false, kid);
      assert.match(result.reason, /is not a key of the issuer/);
    });
  }
});
