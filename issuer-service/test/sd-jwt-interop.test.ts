/**
 * An independent SD-JWT implementation, @meeco/sd-jwt, verifies what the service issues: the credential
 * (issuer signature by the key the stock did:ethr resolver finds, every disclosure unpacked) and a
 * presentation made with @sd-jwt/sd-jwt-vc (only the chosen claims, a key-binding JWT checked with jose
 * against the credential's `cnf` key, its `sd_hash`, `aud` and `nonce`). No FairLedger verifier code.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash, sign } from "node:crypto";
import { compactVerify, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from "jose";
import { verifySDJWT } from "@meeco/sd-jwt";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import { caseWithAnchoredContract, decodeJwtPart, newHolderKey, pickUp, useDemoService } from "./helpers.ts";
import { issuerKeyOfKid } from "./third-party-keys.ts";

const sha256 = (data: string) => createHash("sha256").update(data).digest("base64url");
const sdJwtHasher = (data: string | ArrayBuffer) =>
  createHash("sha256")
    .update(typeof data === "string" ? data : new Uint8Array(data))
    .digest();
const getHasher = async (alg: string) => {
  assert.equal(alg, "sha-256");
  return sha256;
};

describe("SD-JWT VC interop: @meeco/sd-jwt verifies issued credentials and presentations", () => {
  const demo = useDemoService();

  async function issuerVerifier(sdJwt: string) {
    const key = await issuerKeyOfKid(demo.ledger, String(decodeProtectedHeader(sdJwt.split("~")[0] as string).kid));
    return async (jwt: string) => {
      await compactVerify(jwt, key);
      return true;
    };
  }

  it("verifies an issued credential (typ dc+sd-jwt) and unpacks every claim", async () => {
    const { caseId, api } = await caseWithAnchoredContract(demo.service, demo.ledger);
    const { credential } = await pickUp(demo.service, api, caseId, newHolderKey());
    assert.equal(decodeJwtPart(credential.credential, 0).typ, "dc+sd-jwt");
    const payload = await verifySDJWT(credential.credential, await issuerVerifier(credential.credential), getHasher);
    const subject = payload.credentialSubject as Record<string, unknown>;
    assert.equal(payload.vct, `${demo.service.url}/vct/EmploymentContractCredential`);
    for (const claim of ["workerName", "passportNumber", "jobTitle", "employerName", "corridor", "contractHash"])
      assert.ok(claim in subject, `${claim} unpacked`);
    assert.equal("_sd" in subject, false);
  });

  it("rejects the credential when one byte of its payload is altered", async () => {
    const { caseId, api } = await caseWithAnchoredContract(demo.service, demo.ledger);
    const { credential } = await pickUp(demo.service, api, caseId, newHolderKey());
    const sdJwt: string = credential.credential;
    const [header, payload, signature] = (sdJwt.split("~")[0] as string).split(".");
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...decodeJwtPart(sdJwt, 1), iss: "did:ethr:0x1:0x0000000000000000000000000000000000000001" }),
    ).toString("base64url");
    const forged = sdJwt.replace(`${header}.${payload}.${signature}`, `${header}.${forgedPayload}.${signature}`);
    await assert.rejects(verifySDJWT(forged, await issuerVerifier(sdJwt), getHasher), /Failed to verify SD-JWT/);
  });

  it("verifies a presentation with a key-binding JWT made by @sd-jwt/sd-jwt-vc: only the chosen claims, bound to aud and nonce", async () => {
    const { caseId, api } = await caseWithAnchoredContract(demo.service, demo.ledger);
    const holder = newHolderKey();
    const { credential } = await pickUp(demo.service, api, caseId, holder);
    const holderSdJwt = new SDJwtVcInstance({
      hasher: sdJwtHasher,
      hashAlg: "sha-256",
      kbSignAlg: "ES256",
      kbSigner: (data: string) =>
        sign("sha256", Buffer.from(data), { key: holder.privateKey, dsaEncoding: "ieee-p1363" }).toString("base64url"),
    });
    const request = { aud: "did:web:border.example", nonce: "n-0S6_WzA2Mj" };
    const presentation = await holderSdJwt.present(
      credential.credential,
      { credentialSubject: { jobTitle: true, employerName: true } } as never,
      { kb: { payload: { iat: Math.floor(Date.now() / 1000), ...request } } },
    );

    let checkedKb = false;
    const payload = await verifySDJWT(presentation, await issuerVerifier(presentation), getHasher, {
      kb: {
        verifier: async (kbJwt: string, holderJwk: JWK) => {
          const { payload: kb, protectedHeader } = await jwtVerify(kbJwt, await importJWK(holderJwk, "ES256"), {
            typ: "kb+jwt",
            audience: request.aud,
          });
          assert.equal(protectedHeader.typ, "kb+jwt");
          assert.equal(kb.nonce, request.nonce);
          assert.equal(kb.sd_hash, sha256(presentation.slice(0, presentation.lastIndexOf("~") + 1)));
          checkedKb = true;
          return true;
        },
      },
    });
    assert.ok(checkedKb, "the key-binding JWT was checked");
    const subject = payload.credentialSubject as Record<string, unknown>;
    assert.equal(subject.jobTitle, decodeDisclosed(credential.credential, "jobTitle"));
    assert.ok("employerName" in subject);
    for (const withheld of ["workerName", "passportNumber", "birthDate", "monthlyWage"])
      assert.equal(withheld in subject, false, `${withheld} withheld`);
  });

  it("refuses a presentation whose key-binding JWT is signed by another key", async () => {
    const { caseId, api } = await caseWithAnchoredContract(demo.service, demo.ledger);
    const holder = newHolderKey();
    const thief = newHolderKey();
    const { credential } = await pickUp(demo.service, api, caseId, holder);
    const thiefSdJwt = new SDJwtVcInstance({
      hasher: sdJwtHasher,
      hashAlg: "sha-256",
      kbSignAlg: "ES256",
      kbSigner: (data: string) =>
        sign("sha256", Buffer.from(data), { key: thief.privateKey, dsaEncoding: "ieee-p1363" }).toString("base64url"),
    });
    const presentation = await thiefSdJwt.present(
      credential.credential,
      { credentialSubject: { jobTitle: true } } as never,
      {
        kb: { payload: { iat: Math.floor(Date.now() / 1000), aud: "did:web:border.example", nonce: "n" } },
      },
    );
    await assert.rejects(
      verifySDJWT(presentation, await issuerVerifier(presentation), getHasher, {
        kb: {
          verifier: async (kbJwt: string, holderJwk: JWK) => {
            await jwtVerify(kbJwt, await importJWK(holderJwk, "ES256"), { typ: "kb+jwt" });
            return true;
          },
        },
      }),
      /Failed to verify Key Binding JWT/,
    );
  });
});

function decodeDisclosed(sdJwt: string, claim: string): unknown {
  for (const disclosure of sdJwt.split("~").slice(1)) {
    if (!disclosure) continue;
    const [, name, value] = JSON.parse(Buffer.from(disclosure, "base64url").toString("utf8")) as unknown[];
    if (name === claim) return value;
  }
  return undefined;
}
