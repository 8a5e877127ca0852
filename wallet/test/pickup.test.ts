/**
 * Pickup (README protocol steps 2–4) against a test issuer speaking OpenID4VCI 1.0: the wallet reads the
 * issuer's metadata, trades the one-time code (and the PIN, when the offer has one) for a token, fetches a
 * c_nonce, proves possession of its holder key for the offer's SD-JWT VC configuration, and accepts only a
 * credential bound to that key. Expired, used and mistyped codes and a wrong PIN are told apart.
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

  it("cannot use a code twice, and says it was used", async () => {
    const code = server.offer();
    await pickUpCredential(fetch, parsePickupInput(code, server.url), holder);
    await assert.rejects(
      pickUpCredential(fetch, parsePickupInput(code, server.url), holder),
      walletError("ERR_CODE_USED"),
    );
  });

  it("tells an expired code and a mistyped one apart", async () => {
    const code = server.offer();
    server.expire(code);
    await assert.rejects(
      pickUpCredential(fetch, parsePickupInput(code, server.url), holder),
      walletError("ERR_CODE_EXPIRED"),
    );
    await assert.rejects(
      pickUpCredential(fetch, parsePickupInput("ABCDEFGHJK", server.url), holder),
      walletError("ERR_CODE_UNKNOWN"),
    );
  });

  it("asks for the PIN of an offer with tx_code before calling the issuer, then picks up with it", async () => {
    const code = server.offer("EmploymentContractCredential", false, { txCode: "4711" });
    const offer = {
      credential_issuer: server.url,
      credential_configuration_ids: ["EmploymentContractCredential"],
      grants: {
        "urn:ietf:params:oauth:grant-type:pre-authorized_code": {
          "pre-authorized_code": code,
          tx_code: { input_mode: "numeric", length: 4 },
        },
      },
    };
    const parsed = parsePickupInput(
      `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`,
      "http://unused.invalid",
    );
    assert.deepEqual(parsed.txCode, { numeric: true, length: 4 });
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    await assert.rejects(pickUpCredential(counting, parsed, holder), walletError("ERR_PIN_REQUIRED"));
    assert.equal(calls, 0, "no request before the PIN is known");
    await assert.rejects(pickUpCredential(fetch, parsed, holder, { txCode: "1234" }), walletError("ERR_PIN_WRONG"));
    const credential = await pickUpCredential(fetch, parsed, holder, { txCode: "4711" });
    assert.match(credential, /~$/);
  });

  it("with a bare code, learns from the issuer that a PIN is needed", async () => {
    const code = server.offer("EmploymentContractCredential", false, { txCode: "0042" });
    await assert.rejects(
      pickUpCredential(fetch, parsePickupInput(code, server.url), holder),
      walletError("ERR_PIN_REQUIRED"),
    );
    const credential = await pickUpCredential(fetch, parsePickupInput(code, server.url), holder, { txCode: "0042" });
    assert.match(credential, /~$/);
  });

  it("chooses the SD-JWT VC configuration of an offer listing a VC-JWT one first", async () => {
    const offer = {
      credential_issuer: server.url,
      credential_configuration_ids: ["EmploymentContractCredential_jwt_vc_json", "EmploymentContractCredential"],
      grants: { "urn:ietf:params:oauth:grant-type:pre-authorized_code": { "pre-authorized_code": server.offer() } },
    };
    const uri = `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`;
    assert.match(await pickUpCredential(fetch, parsePickupInput(uri, "http://unused.invalid"), holder), /~$/);
  });

  it("refuses a credential that binds another key, and tells the issuer it was not kept", async () => {
    await assert.rejects(
      pickUpCredential(fetch, parsePickupInput(server.offer("EmploymentContractCredential", true), server.url), holder),
      walletError("ERR_CREDENTIAL_NOT_MINE"),
    );
    assert.equal(server.notifications.at(-1), "credential_failure");
    await pickUpCredential(fetch, parsePickupInput(server.offer(), server.url), holder);
    assert.equal(server.notifications.at(-1), "credential_accepted");
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

  it("fetches the anchor proof and the issuer's status by digest, and sees a revocation with its reason", async () => {
    const credential = await pickUpCredential(fetch, parsePickupInput(server.offer(), server.url), holder);
    const digest = credentialDigest(credential);
    const anchor = await fetchAnchor(fetch, server.url, digest);
    assert.equal(anchor?.chainId, 31337);
    assert.deepEqual(await fetchIssuerStatus(fetch, server.url, digest), { status: "active" });
    server.revoke(digest, "the contract was\u0007 replaced");
    assert.deepEqual(await fetchIssuerStatus(fetch, server.url, digest), {
      status: "revoked",
      reason: "the contract was  replaced",
    });
  });

  it("tells a credential the issuer no longer knows (404) from an issuer it cannot reach", async () => {
    assert.deepEqual(await fetchIssuerStatus(fetch, server.url, `0x${"0".repeat(64)}`), {
      status: "unknown-to-issuer",
    });
    assert.equal(await fetchIssuerStatus(fetch, "http://127.0.0.1:9", `0x${"0".repeat(64)}`), undefined);
  });

  it("reports an unreachable issuer as such", async () => {
    await assert.rejects(
      pickUpCredential(fetch, parsePickupInput("ABCDEFGHJK", "http://127.0.0.1:9"), holder),
      walletError("ERR_ISSUER_UNREACHABLE"),
    );
  });
});
