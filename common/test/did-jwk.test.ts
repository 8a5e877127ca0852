/**
 * did:jwk has one encoding (RFC 7638 required members in lexicographic order) and decodes in any order,
 * so one key has one DID and credentials issued under the old order still name their holder.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash, generateKeyPairSync } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from "jose";
import { didJwk, publicJwkOfDidJwk, sameDidJwkKey, canonicalJwkJson } from "../src/index.ts";

/** The P-256 example of the did:jwk specification (https://github.com/quartzjer/did-jwk, spec.md), copied verbatim. */
const SPEC_EXAMPLE_DID =
  "did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVVM3l6OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9";

const encode = (value: unknown) => `did:jwk:${Buffer.from(JSON.stringify(value)).toString("base64url")}`;

describe("did:jwk", () => {
  it("writes the specification's own example DID for its key", () => {
    const key = publicJwkOfDidJwk(SPEC_EXAMPLE_DID);
    assert.ok(key);
    assert.equal(didJwk(key), SPEC_EXAMPLE_DID);
  });

  it("encodes exactly the RFC 7638 thumbprint input, as jose computes it (P-256 and Ed25519)", async () => {
    for (const alg of ["ES256", "EdDSA"] as const) {
      const { publicKey } = await generateKeyPair(alg, { extractable: true });
      const jwk = await exportJWK(publicKey);
      const did = didJwk({ ...jwk, kid: "ignored", use: "sig" } as never);
      const encoded = Buffer.from(did.slice("did:jwk:".length), "base64url");
      assert.equal(
        createHash("sha256").update(encoded).digest("base64url"),
        await calculateJwkThumbprint(jwk, "sha256"),
      );
    }
  });

  it("gives one key one DID whatever member order or extra members the JWK came with", () => {
    const jwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" });
    const orders = [
      { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y },
      { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y },
      { y: jwk.y, x: jwk.x, crv: jwk.crv, kty: jwk.kty, alg: "ES256" },
    ];
    assert.equal(new Set(orders.map((order) => didJwk(order as never))).size, 1);
    assert.equal(canonicalJwkJson(jwk as never), JSON.stringify({ crv: "P-256", kty: "EC", x: jwk.x, y: jwk.y }));
  });

  it("decodes a DID written in the issuer's former order (kty first) to the same key", () => {
    const jwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" });
    const former = encode({ kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y });
    const standard = didJwk(jwk as never);
    assert.notEqual(former, standard);
    assert.deepEqual(publicJwkOfDidJwk(former), publicJwkOfDidJwk(standard));
    assert.ok(sameDidJwkKey(former, standard));
    assert.ok(sameDidJwkKey(`${former}#0`, standard));
  });

  it("tells different keys, private keys, other DIDs and garbage apart", () => {
    const a = didJwk(generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" }) as never);
    const b = didJwk(generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" }) as never);
    assert.equal(sameDidJwkKey(a, b), false);
    const privateJwk = generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" });
    assert.equal(publicJwkOfDidJwk(encode(privateJwk)), null);
    assert.equal(publicJwkOfDidJwk(encode({ kty: "oct", k: "c2VjcmV0" })), null);
    assert.equal(publicJwkOfDidJwk("did:jwk:!!"), null);
    assert.equal(publicJwkOfDidJwk(encode([1, 2])), null);
    assert.equal(sameDidJwkKey("did:ethr:0x1:0xabc", "did:ethr:0x1:0xabc"), true);
    assert.equal(sameDidJwkKey("did:ethr:0x1:0xabc", a), false);
  });
});
