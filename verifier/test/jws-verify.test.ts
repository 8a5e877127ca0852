/**
 * The verifier checks signatures with one-shot node:crypto instead of jose's compactVerify (jose 6 goes
 * through WebCrypto, measurably slower: src/jose/jws-verify.ts). Held here to jose's verdict: on valid,
 * altered, forged, truncated and relabelled tokens of both key types FairLedger uses, the verifier accepts
 * exactly what jose accepts and names the failure with jose's own error code.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { CompactSign, compactVerify, errors } from "jose";
import { toPublicJwk, type PublicJwk } from "@fairledger/common";
import { decodeCompactJws } from "../src/jose/compact-jws.ts";
import { verifySignature } from "../src/jose/jws-verify.ts";
import rfc from "./fixtures/rfc9901-vectors.json" with { type: "json" };

interface Signer {
  alg: "EdDSA" | "ES256";
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwk: PublicJwk;
}

function signer(alg: "EdDSA" | "ES256"): Signer {
  const pair = alg === "EdDSA" ? generateKeyPairSync("ed25519") : generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { alg, ...pair, jwk: toPublicJwk(pair.publicKey.export({ format: "jwk" }) as never) };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

async function signed(
  by: Signer,
  header: Record<string, unknown> = {},
  payload: Record<string, unknown> = { iss: "did:example:issuer", n: 1 },
): Promise<string> {
  return new CompactSign(Buffer.from(JSON.stringify(payload)))
    .setProtectedHeader({ alg: by.alg, typ: "JWT", ...header })
    .sign(by.privateKey);
}

/** jose's verdict: "ok" or its error code. */
async function joseVerdict(compact: string, key: Signer["publicKey"], alg: string): Promise<string> {
  try {
    await compactVerify(compact, key, { algorithms: [alg] });
    return "ok";
  } catch (error) {
    if (error instanceof errors.JOSEError) return error.code;
    throw error;
  }
}

function ourVerdict(compact: string, jwk: PublicJwk): string {
  const outcome = verifySignature(decodeCompactJws(compact), jwk);
  return outcome.ok ? "ok" : outcome.code;
}

async function cases(by: Signer, other: Signer, foreign: Signer): Promise<Record<string, string>> {
  const good = await signed(by);
  const [header, payload, signature] = good.split(".") as [string, string, string];
  const otherSignature = (await signed(other)).split(".")[2]!;
  const flipped = Buffer.from(signature, "base64url");
  flipped[10]! ^= 1;
  return {
    valid: good,
    "payload altered after signing": `${header}.${b64({ iss: "did:example:issuer", n: 2 })}.${signature}`,
    "header altered after signing": `${b64({ alg: by.alg, typ: "vc+sd-jwt" })}.${payload}.${signature}`,
    "one bit of the signature flipped": `${header}.${payload}.${flipped.toString("base64url")}`,
    "signature truncated": `${header}.${payload}.${signature.slice(0, 40)}`,
    "signature by another key of the same type": `${header}.${payload}.${otherSignature}`,
    "signed by a key of the other type, relabelled": await signed(foreign, { alg: by.alg }).catch(async () => {
      // jose will not sign with a mismatched key: relabel the header of a genuine foreign token instead.
      const [, foreignPayload, foreignSignature] = (await signed(foreign)).split(".");
      return `${b64({ alg: by.alg, typ: "JWT" })}.${foreignPayload}.${foreignSignature}`;
    }),
    "algorithm relabelled to the other type": `${b64({ alg: foreign.alg, typ: "JWT" })}.${payload}.${signature}`,
  };
}

for (const [alg, otherAlg] of [
  ["EdDSA", "ES256"],
  ["ES256", "EdDSA"],
] as const) {
  describe(`${alg} signatures: the verifier's verdict equals jose's compactVerify`, async () => {
    const by = signer(alg);
    const tokens = await cases(by, signer(alg), signer(otherAlg));
    for (const [name, compact] of Object.entries(tokens)) {
      test(name, async () => {
        const expected = await joseVerdict(compact, by.publicKey, alg);
        assert.equal(ourVerdict(compact, by.jwk), expected);
        if (name === "valid") assert.equal(expected, "ok");
        else assert.notEqual(expected, "ok", "every forged case is refused");
      });
    }
  });
}

test("RFC 9901 section 6: the issuer-signed JWT, and the same JWT with its payload altered, agree with jose", async () => {
  const issuerKey = toPublicJwk({ kty: "EC", crv: "P-256", x: rfc.issuerKey.x, y: rfc.issuerKey.y } as never);
  const { createPublicKey } = await import("node:crypto");
  const keyObject = createPublicKey({
    key: { kty: "EC", crv: "P-256", x: rfc.issuerKey.x, y: rfc.issuerKey.y },
    format: "jwk",
  });
  const jwt = rfc.example.issued.split("~")[0]!;
  const [header, , signature] = jwt.split(".");
  const altered = `${header}.${b64({ sub: "user_43" })}.${signature}`;
  for (const compact of [jwt, altered])
    assert.equal(ourVerdict(compact, issuerKey), await joseVerdict(compact, keyObject, "ES256"));
  assert.equal(ourVerdict(jwt, issuerKey), "ok");
});
