/**
 * RFC 9901 (SD-JWT) examples as test vectors: the RFC's issuance with object and array-element
 * disclosures, its presentation with a key binding JWT, the decoy digests of Appendix A.1 and the
 * recursive disclosures of section 7.3. Each string is the RFC's own (fixtures/rfc9901-vectors.json names
 * the section it was copied from); the issuer key is the one of Appendix A.5. The verifier must accept
 * what the RFC accepts, restore exactly the claims the RFC lists, and agree with @sd-jwt/decode wherever
 * the input is well formed (@sd-jwt/decode enforces none of RFC 9901 §7.1's rejections; those are tested in
 * library.test.ts and below).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, generateKeyPairSync } from "node:crypto";
import { SignJWT } from "jose";
import { getClaimsSync } from "@sd-jwt/decode";
import { Disclosure } from "@sd-jwt/utils";
import { toPublicJwk } from "@fairledger/common";
import { decodeCompactJws } from "../src/jose/compact-jws.ts";
import { checkSignature } from "../src/checks/signature.ts";
import { checkAlgorithmMatchesKey } from "../src/checks/algorithm.ts";
import { processDisclosures } from "../src/checks/sd-disclosures.ts";
import { checkKeyBinding, type KeyBindingExpectation } from "../src/checks/key-binding.ts";
import { sdHash } from "../src/jose/sd-hash.ts";
import rfc from "./fixtures/rfc9901-vectors.json" with { type: "json" };

const issuerKey = toPublicJwk({ kty: "EC", crv: "P-256", x: rfc.issuerKey.x, y: rfc.issuerKey.y } as never);
const sha256 = (data: string | ArrayBuffer) =>
  new Uint8Array(
    createHash("sha256")
      .update(typeof data === "string" ? data : new Uint8Array(data))
      .digest(),
  );

/** Splits an SD-JWT the way RFC 9901 §4 writes it: JWT ~ disclosures ~ [KB-JWT]. */
function split(sdJwt: string): { jwt: string; disclosures: string[]; kbJwt: string; prefix: string } {
  const parts = sdJwt.split("~");
  const kbJwt = parts.pop()!;
  const [jwt, ...disclosures] = parts;
  return { jwt: jwt!, disclosures, kbJwt, prefix: `${parts.join("~")}~` };
}

/** What @sd-jwt/decode restores from the same payload and disclosures (the reference for well-formed input). */
function libraryClaims(payload: Record<string, unknown>, disclosures: string[]): unknown {
  const decoded = disclosures.map((encoded) => Disclosure.fromEncodeSync(encoded, { alg: "sha-256", hasher: sha256 }));
  return getClaimsSync(payload, decoded, sha256);
}

function withoutSdAlg(claims: Record<string, unknown>): Record<string, unknown> {
  const { _sd_alg: _alg, ...rest } = claims;
  return rest;
}

describe("RFC 9901 section 6: the example SD-JWT", () => {
  const issued = split(rfc.example.issued);
  const issuerJws = decodeCompactJws(issued.jwt);

  test("the issuer-signed JWT verifies under the Appendix A.5 key with ES256", () => {
    assert.equal(checkAlgorithmMatchesKey(issuerJws.header, issuerKey, "credential").passed, true);
    const check = checkSignature(issuerJws, issuerKey, "credential");
    assert.equal(check.passed, true, check.reason);
  });

  test("a signature over a changed payload does not verify (a forged issuance)", () => {
    const forgedPayload = Buffer.from(JSON.stringify({ ...issuerJws.payload, sub: "user_43" })).toString("base64url");
    const [header, , signature] = issued.jwt.split(".");
    const forged = decodeCompactJws(`${header}.${forgedPayload}.${signature}`);
    assert.equal(checkSignature(forged, issuerKey, "credential").passed, false);
  });

  test("issuance: all ten disclosures (eight object properties, two array elements) restore the input claim set", () => {
    const { result, processed } = processDisclosures(issuerJws.payload, issued.disclosures);
    assert.equal(result.passed, true, result.reason);
    const { iss, iat, exp, cnf, ...userClaims } = processed!.claims;
    assert.deepEqual(userClaims, rfc.example.claims);
    assert.deepEqual({ iss, iat, exp }, { iss: "https://issuer.example.com", iat: 1683000000, exp: 1883000000 });
    assert.deepEqual(cnf, issuerJws.payload.cnf);
    assert.deepEqual(withoutSdAlg(processed!.claims), libraryClaims(issuerJws.payload, issued.disclosures));
  });

  test("each disclosure hashes to the digest the RFC lists", () => {
    const payload = issuerJws.payload as { _sd: string[]; nationalities: { "...": string }[] };
    const listed = new Set([...payload._sd, ...payload.nationalities.map((entry) => entry["..."])]);
    for (const disclosure of issued.disclosures) assert.ok(listed.has(sdHash(disclosure)), disclosure);
  });

  describe("section 6.2: the presentation with key binding", () => {
    const presented = split(rfc.example.presented);
    const expected: KeyBindingExpectation = {
      audience: rfc.example.keyBinding.aud,
      nonce: rfc.example.keyBinding.nonce,
      now: rfc.example.keyBinding.iat,
      skewSeconds: 60,
      maxAgeSeconds: 300,
    };
    const cnf = issuerJws.payload.cnf;

    test("discloses given_name, family_name, address and one nationality; the rest stay hidden", () => {
      const { result, processed } = processDisclosures(decodeCompactJws(presented.jwt).payload, presented.disclosures);
      assert.equal(result.passed, true, result.reason);
      const { iss: _iss, iat: _iat, exp: _exp, cnf: _cnf, ...userClaims } = processed!.claims;
      assert.deepEqual(userClaims, rfc.example.presentedClaims);
      assert.deepEqual(withoutSdAlg(processed!.claims), libraryClaims(issuerJws.payload, presented.disclosures));
    });

    test("sd_hash is the digest of everything before the KB-JWT, as the RFC lists it", () => {
      assert.equal(sdHash(presented.prefix), rfc.example.keyBinding.sd_hash);
    });

    test("the KB-JWT verifies under the cnf key, for this audience and nonce, at its iat", () => {
      const checks = checkKeyBinding(presented.kbJwt, presented.prefix, cnf, expected);
      assert.deepEqual(
        checks.map((check) => [check.id, check.passed]),
        [["key-binding", true]],
        checks.map((check) => check.reason).join("; "),
      );
    });

    test("the same KB-JWT for another nonce, another verifier, or later than the allowed age is refused", () => {
      for (const other of [
        { nonce: "0987654321" },
        { audience: "https://other.example.org" },
        { now: expected.now + 3600 },
      ]) {
        const [check] = checkKeyBinding(presented.kbJwt, presented.prefix, cnf, { ...expected, ...other });
        assert.deepEqual([check!.id, check!.passed], ["key-binding", false], JSON.stringify(other));
      }
    });

    test("a disclosure dropped after the holder signed breaks sd_hash", () => {
      const fewer = presented.disclosures.slice(1);
      const prefix = `${[presented.jwt, ...fewer].join("~")}~`;
      const [check] = checkKeyBinding(presented.kbJwt, prefix, cnf, expected);
      assert.deepEqual([check!.id, check!.passed], ["key-binding", false]);
    });

    test("a KB-JWT checked against another holder's key is refused", () => {
      const otherHolder = { jwk: { ...issuerKey } };
      const [check] = checkKeyBinding(presented.kbJwt, presented.prefix, otherHolder, expected);
      assert.deepEqual([check!.id, check!.passed], ["key-binding", false]);
    });
  });
});

describe("RFC 9901 Appendix A.1: decoy digests", () => {
  const presented = split(rfc.decoys.presented);
  const jws = decodeCompactJws(presented.jwt);

  test("the presentation's issuer signature verifies", () => {
    assert.equal(checkSignature(jws, issuerKey, "credential").passed, true);
  });

  test("the six decoy digests are ignored: only region and country are restored", () => {
    const payload = jws.payload as { _sd: string[]; address: { _sd: string[] } };
    const present = new Set([...payload._sd, ...payload.address._sd]);
    for (const decoy of rfc.decoys.decoyDigests)
      assert.ok(present.has(decoy), `decoy ${decoy} is in the signed payload`);
    const { result, processed } = processDisclosures(jws.payload, presented.disclosures);
    assert.equal(result.passed, true, result.reason);
    assert.deepEqual(processed!.claims, rfc.decoys.claims);
    assert.deepEqual(processed!.disclosedPaths.sort(), ["address.country", "address.region"]);
    assert.deepEqual(withoutSdAlg(processed!.claims), libraryClaims(jws.payload, presented.disclosures));
  });
});

describe("RFC 9901 section 7.3: recursive disclosures", () => {
  const { payload, disclosures, processed: expected } = rfc.recursive;
  const encoded = disclosures.map((entry) => entry.disclosure);

  test("each disclosure hashes to the digest the RFC lists", () => {
    for (const entry of disclosures) assert.equal(sdHash(entry.disclosure), entry.digest);
  });

  test("the address disclosure carries the digests of its sub-claims, which restore inside it", () => {
    const { result, processed } = processDisclosures(payload, encoded);
    assert.equal(result.passed, true, result.reason);
    assert.deepEqual(processed!.claims, expected);
    assert.deepEqual(withoutSdAlg(processed!.claims), libraryClaims(payload, encoded));
  });

  test("sub-claims without their parent are refused: nothing in the signed payload refers to them", () => {
    const { result } = processDisclosures(payload, encoded.slice(0, 4));
    assert.equal(result.passed, false);
  });
});

describe("where @sd-jwt/decode accepts what RFC 9901 §7.1 rejects (why the verifier keeps its own walk)", () => {
  const issued = split(rfc.example.issued);
  const { payload } = decodeCompactJws(issued.jwt);

  test("a disclosure the signed payload does not refer to: the library drops it, the verifier refuses", () => {
    const stray = rfc.recursive.disclosures[3]!.disclosure;
    assert.doesNotThrow(() => libraryClaims(payload, [stray]));
    assert.equal(processDisclosures(payload, [stray]).result.passed, false);
  });

  test("a disclosed claim that would overwrite a plainly signed one: the library overwrites, the verifier refuses", () => {
    const sub = Buffer.from(JSON.stringify(["2GLC42sKQveCfGfryNRN9w", "sub", "someone_else"])).toString("base64url");
    const forged = { ...payload, _sd: [...(payload._sd as string[]), sdHash(sub)] };
    assert.equal((libraryClaims(forged, [sub]) as { sub: string }).sub, "someone_else");
    assert.equal(processDisclosures(forged, [sub]).result.passed, false);
  });

  test("the same disclosure given twice: the library merges, the verifier refuses", () => {
    const twice = [issued.disclosures[0]!, issued.disclosures[0]!];
    assert.doesNotThrow(() => libraryClaims(payload, twice));
    assert.equal(processDisclosures(payload, twice).result.passed, false);
  });
});

describe("RFC 9901 §7.3 step 9: the KB-JWT is a valid JWT in all other respects (jose's JWT claim checks)", () => {
  const holder = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const cnf = { jwk: toPublicJwk(holder.publicKey.export({ format: "jwk" }) as never) };
  const prefix = `${split(rfc.example.issued).jwt}~`;
  const now = 1_800_000_000;
  const expected: KeyBindingExpectation = {
    audience: "https://verifier.example.org",
    nonce: "n-1",
    now,
    skewSeconds: 60,
    maxAgeSeconds: 300,
  };
  const kbJwt = (claims: Record<string, unknown>) =>
    new SignJWT({ aud: expected.audience, nonce: expected.nonce, iat: now - 10, sd_hash: sdHash(prefix), ...claims })
      .setProtectedHeader({ alg: "ES256", typ: "kb+jwt" })
      .sign(holder.privateKey);

  test("a fresh KB-JWT for this audience and nonce passes", async () => {
    const checks = checkKeyBinding(await kbJwt({}), prefix, cnf, expected);
    assert.deepEqual(
      checks.map((check) => [check.id, check.passed]),
      [["key-binding", true]],
      checks[0]!.reason,
    );
  });

  test("an expired KB-JWT (exp passed) fails key-binding", async () => {
    const [check] = checkKeyBinding(await kbJwt({ exp: now - 120 }), prefix, cnf, expected);
    assert.deepEqual([check!.id, check!.passed], ["key-binding", false]);
  });

  test("a KB-JWT not valid yet (nbf ahead) fails key-binding", async () => {
    const [check] = checkKeyBinding(await kbJwt({ nbf: now + 600 }), prefix, cnf, expected);
    assert.deepEqual([check!.id, check!.passed], ["key-binding", false]);
  });

  test("a KB-JWT without sd_hash fails key-binding, one from the future too", async () => {
    for (const claims of [{ sd_hash: undefined }, { iat: now + 600 }]) {
      const [check] = checkKeyBinding(await kbJwt(claims), prefix, cnf, expected);
      assert.deepEqual([check!.id, check!.passed], ["key-binding", false], JSON.stringify(claims));
    }
  });
});
