/**
 * One key, one DID: the wallet's holder DID is the did:jwk the issuer writes into the credential for the
 * same key (whatever member order the key reached it in) and the one the verifier resolves back to it —
 * the RFC 7638 order, as in the did:jwk specification's example and jose's thumbprint.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { calculateJwkThumbprint } from "jose";
import { didJwk as issuerAndVerifierDidJwk, publicJwkOfDidJwk, sameJwk } from "@fairledger/common";
import { createHolderKey, didJwk as walletDidJwk } from "../src/lib/holder-key.ts";

/** The P-256 example of https://github.com/quartzjer/did-jwk (spec.md), copied verbatim. */
const SPEC_EXAMPLE_DID =
  "did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVVM3l6OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9";

describe("holder DID (did:jwk)", () => {
  it("is the same for the wallet, the issuer (key in its request's member order) and the verifier", async () => {
    const holder = await createHolderKey();
    const { x, y } = holder.publicJwk;
    const asTheIssuerReceivesIt = { kty: "EC", crv: "P-256", x, y, alg: "ES256" };
    assert.equal(holder.did, issuerAndVerifierDidJwk(asTheIssuerReceivesIt));
    assert.ok(sameJwk(publicJwkOfDidJwk(holder.did)!, holder.publicJwk));
  });

  it("is written in the RFC 7638 order: jose's thumbprint of the key is the SHA-256 of the DID's JSON", async () => {
    const holder = await createHolderKey();
    const json = Buffer.from(holder.did.slice("did:jwk:".length), "base64url");
    assert.equal(
      createHash("sha256").update(json).digest("base64url"),
      await calculateJwkThumbprint(holder.publicJwk, "sha256"),
    );
  });

  it("writes the did:jwk specification's example DID for the example's key", () => {
    const key = publicJwkOfDidJwk(SPEC_EXAMPLE_DID)!;
    assert.equal(walletDidJwk({ kty: "EC", crv: "P-256", x: key.x, y: key.y! }), SPEC_EXAMPLE_DID);
  });
});
