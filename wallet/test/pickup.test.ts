/**
 * Pickup (README protocol steps 2–4) against a test issuer speaking the protocol: the wallet trades
 * the one-time code for a token and c_nonce, proves possession of its holder key, and accepts only a
 * credential bound to that key.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { credentialDigest } from "@fairledger/common/node";
import { createHolderKey, type HolderKey } from "../src/lib/holder-key.ts";
import { parsePickupInput } from "../src/pickup/offer.ts";
import { pickUpCredential, proofJwt } from "../src/pickup/pickup.ts";
import { fetchAnchor, fetchIssuerStatus } from "../src/pickup/ledger-status.ts";
import { WalletError } from "../src/lib/errors.ts";
import { startPickupServer, type PickupServer } from "./support/pickup-server.ts";

const dist = fileURLToPath(new URL("../dist", import.meta.url));
const walletError = (code: string) => (error: unknown) => error instanceof WalletError && error.code === code;

describe("picking up a credential", () => {
  let server: PickupServer;
  let holder: HolderKey;

  before(async () => {
    server = await startPickupServer(dist);
    holder = await createHolderKey();
  });
  after(() => server.stop());

  it("receives an SD-JWT bound to its own holder key with a one-time code", async () => {
    const credential = await pickUpCredential(fetch, parsePickupInput(server.offer(), server.url), holder);
    const payload = JSON.parse(Buffer.from(credential.split(".")[1]!, "base64url").toString("utf8"));
    assert.deepEqual(payload.cnf.jwk, holder.publicJwk);
    assert.equal(credentialDigest(credential), credentialDigest(server.issued.at(-1)!));
  });

  it("picks up from an openid-credential-offer:// URI naming the issuer", async () => {
    const offer = {
      credential_issuer: server.url,
      credential_configuration_ids: ["EmploymentContractCredential"],
      grants: { "urn:ietf:params:oauth:grant-type:pre-authorized_code": { "pre-authorized_code": server.offer() } },
    };
    const uri = `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`;
    const credential = await pickUpCredential(fetch, parsePickupInput(uri, "http://unused.invalid"), holder);
    assert.match(credential, /~$/);
  });

  it("cannot use a code twice", async () => {
    const code = server.offer();
    await pickUpCredential(fetch, parsePickupInput(code, server.url), holder);
    await assert.rejects(
      pickUpCredential(fetch, parsePickupInput(code, server.url), holder),
      walletError("ERR_CODE_INVALID"),
    );
  });

  it("refuses a credential that binds another key", async () => {
    await assert.rejects(
      pickUpCredential(fetch, parsePickupInput(server.offer("EmploymentContractCredential", true), server.url), holder),
      walletError("ERR_CREDENTIAL_NOT_MINE"),
    );
  });

  it("signs the proof as openid4vci-proof+jwt with ES256, its public jwk, aud, nonce and iat", async () => {
    const now = new Date("2026-11-28T12:00:00Z");
    const jwt = await proofJwt(holder, "https://issuer.example", "c-nonce-1", now);
    const [header, payload] = jwt
      .split(".")
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")));
    assert.deepEqual(header, { typ: "openid4vci-proof+jwt", jwk: holder.publicJwk, alg: "ES256" });
    assert.deepEqual(payload, { aud: "https://issuer.example", iat: now.getTime() / 1000, nonce: "c-nonce-1" });
    assert.equal(JSON.stringify(header).includes('"d"'), false, "no private key member in the header");
  });

  it("fetches the anchor proof and the issuer's status by digest, and sees a revocation", async () => {
    const credential = await pickUpCredential(fetch, parsePickupInput(server.offer(), server.url), holder);
    const digest = credentialDigest(credential);
    const anchor = await fetchAnchor(fetch, server.url, digest);
    assert.equal(anchor?.chainId, 31337);
    assert.equal(await fetchIssuerStatus(fetch, server.url, digest), "active");
    server.revoke(digest);
    assert.equal(await fetchIssuerStatus(fetch, server.url, digest), "revoked");
    assert.equal(await fetchIssuerStatus(fetch, server.url, `0x${"0".repeat(64)}`), undefined);
  });

  it("reports an unreachable issuer as such", async () => {
    await assert.rejects(
      pickUpCredential(fetch, parsePickupInput("ABCDEFGHJK", "http://127.0.0.1:9"), holder),
      walletError("ERR_ISSUER_UNREACHABLE"),
    );
  });
});
