/**
 * The browser twins (`*.browser.ts`, on @noble) give the verdicts of their Node originals (node:crypto, the
 * native keccak binding) on the same inputs: genuine, altered, forged, truncated and malformed signatures of
 * both key types (a P-256 signature with a high S included: JWS allows it, OpenSSL accepts it), digests,
 * Merkle proofs and document commitments. The twins run here on Node, which has the Web APIs they use.
 * The verifier's own seam (verifier/src/platform) is held to Node's in verifier/test/platform-twins.test.ts.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import * as node from "../src/node.ts";
import * as browser from "../src/node.browser.ts";

const P256_ORDER = BigInt("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

/** The same signature with S replaced by n − S: equally valid for ECDSA, "high S" when S was low. */
function flipS(signature: string): string {
  const bytes = Buffer.from(signature, "base64url");
  const s = BigInt(`0x${bytes.subarray(32).toString("hex")}`);
  const flipped = Buffer.from((P256_ORDER - s).toString(16).padStart(64, "0"), "hex");
  return Buffer.concat([bytes.subarray(0, 32), flipped]).toString("base64url");
}

for (const type of ["ed25519", "ec"] as const) {
  describe(`JWS verification on ${type === "ec" ? "P-256" : "Ed25519"}: the browser twin agrees with node:crypto`, () => {
    const { privateKey, publicKey } =
      type === "ec" ? generateKeyPairSync("ec", { namedCurve: "P-256" }) : generateKeyPairSync("ed25519");
    const signer = node.createJwsSigner(privateKey.export({ format: "jwk" }));
    const publicJwk = publicKey.export({ format: "jwk" });
    const other = (
      type === "ec" ? generateKeyPairSync("ec", { namedCurve: "P-256" }) : generateKeyPairSync("ed25519")
    ).publicKey.export({ format: "jwk" });
    const input = `${Buffer.from('{"alg":"x"}').toString("base64url")}.${Buffer.from('{"iss":"did:x"}').toString("base64url")}`;
    const signature = signer.sign(input);
    const cases: [string, string, string, Record<string, unknown>][] = [
      ["genuine", input, signature, publicJwk],
      ["payload altered", `${input}A`, signature, publicJwk],
      ["signature of another key", input, signature, other],
      ["forged (random bytes)", input, randomBytes(64).toString("base64url"), publicJwk],
      ["truncated", input, signature.slice(0, 40), publicJwk],
      ["not base64url", input, `${signature.slice(0, -1)}*`, publicJwk],
      ["all zeros", input, Buffer.alloc(64).toString("base64url"), publicJwk],
    ];
    if (type === "ec") cases.push(["high S", input, flipS(signature), publicJwk]);
    for (const [name, signingInput, sig, jwk] of cases)
      it(name, () => {
        const expected = node.createJwsVerifier(jwk).verify(signingInput, sig);
        assert.equal(browser.createJwsVerifier(jwk).verify(signingInput, sig), expected);
        if (name === "genuine" || name === "high S") assert.equal(expected, true);
        else assert.equal(expected, false);
      });
  });
}

describe("digests, Merkle proofs and commitments: the browser twins equal the Node originals", () => {
  it("credential digest and document hash", () => {
    const jwt = `${randomBytes(20).toString("base64url")}.${randomBytes(90).toString("base64url")}.sig`;
    assert.equal(browser.credentialDigest(`${jwt}~disclosure~`), node.credentialDigest(`${jwt}~disclosure~`));
    assert.throws(() => browser.credentialDigest("not-a-jws"), /compact JWS/);
    assert.equal(browser.documentHash("été"), node.documentHash("été"));
  });

  it("a batch's proofs verify alike, and a proof for another record fails alike", () => {
    const records = Array.from({ length: 9 }, () => `0x${randomBytes(32).toString("hex")}`);
    const batch = node.buildMerkleBatch(records);
    for (const [index, record] of records.entries()) {
      assert.equal(browser.verifyMerkleProof(batch.root, record, batch.proofs[index]!), true);
      const wrong = records[(index + 1) % records.length]!;
      assert.equal(browser.verifyMerkleProof(batch.root, wrong, batch.proofs[index]!), false);
      assert.equal(node.verifyMerkleProof(batch.root, wrong, batch.proofs[index]!), false);
    }
  });

  it("document commitments match and a changed document does not", () => {
    const salt = node.newDocumentSalt();
    const document = new TextEncoder().encode("contract text");
    const commitment = node.documentCommitment(document, salt);
    assert.equal(browser.documentCommitment(document, salt), commitment);
    assert.equal(browser.matchesDocumentCommitment(document, salt, commitment), true);
    assert.equal(
      browser.matchesDocumentCommitment(new TextEncoder().encode("contract text!"), salt, commitment),
      false,
    );
  });
});
