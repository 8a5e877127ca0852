/**
 * VC-JWT claim placement as the verifier reads it: the holder key is the `cnf` JWT claim (RFC 7800)
 * beside `vc` — or inside `vc` for credentials issued before that moved — and must be the holder's
 * did:jwk (`sub`); the `vc`'s @context is VCDM 1.1 then FairLedger's.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { VCDM1_CONTEXT, didJwk, fairLedgerContextUrl, toPublicJwk } from "@fairledger/common";
import { checkVcJwtConsistency } from "../src/checks/jwt-claims-consistent.ts";
import { checkVcJwtShape } from "../src/checks/credential-shape.ts";

const holderKey = () => {
  const jwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" });
  return toPublicJwk(jwk as never);
};

const licenceSubject = {
  jurisdiction: "PH",
  agencyName: "Manila Placement",
  licenceNumber: "DMW-1",
  validFrom: "2026-01-01T00:00:00.000Z",
  validUntil: "2027-01-01T00:00:00.000Z",
};

function vcJwtPayload(context: unknown, cnfAt: "jwt" | "vc" | "none", key = holderKey(), sub = didJwk(key)) {
  return {
    iss: "did:ethr:0x7a69:0x1111111111111111111111111111111111111111",
    sub,
    nbf: 1_780_000_000,
    exp: 1_880_000_000,
    ...(cnfAt === "jwt" ? { cnf: { jwk: key } } : {}),
    vc: {
      "@context": context,
      type: ["VerifiableCredential", "AgencyLicenceCredential"],
      credentialSubject: licenceSubject,
      ...(cnfAt === "vc" ? { cnf: { jwk: key } } : {}),
    },
  };
}

const OURS = [VCDM1_CONTEXT, fairLedgerContextUrl("https://issuer.example")];

describe("VC-JWT claims", () => {
  test("cnf as a JWT claim, or inside vc as issued before, is consistent with sub", () => {
    for (const at of ["jwt", "vc", "none"] as const)
      assert.equal(checkVcJwtConsistency(vcJwtPayload(OURS, at)).passed, true, at);
  });

  test("forged: a cnf key that is not the holder's did:jwk", () => {
    const payload = vcJwtPayload(OURS, "jwt", holderKey(), didJwk(holderKey()));
    const result = checkVcJwtConsistency(payload);
    assert.equal(result.passed, false);
    assert.match(result.reason, /not the cnf key/);
  });

  test("forged: a cnf with a private key member", () => {
    const payload = vcJwtPayload(OURS, "jwt");
    (payload.cnf!.jwk as unknown as Record<string, unknown>).d = "secret";
    assert.match(checkVcJwtConsistency(payload).reason, /private key/);
  });

  test("the served FairLedger context and the legacy URN pass the shape check; another context does not", () => {
    const now = Date.parse("2026-12-01T00:00:00Z") / 1000;
    assert.equal(checkVcJwtShape(vcJwtPayload(OURS, "none"), now).result.passed, true);
    assert.equal(
      checkVcJwtShape(vcJwtPayload([VCDM1_CONTEXT, "urn:fairledger:context:1"], "none"), now).result.passed,
      true,
    );
    const forged = checkVcJwtShape(vcJwtPayload([VCDM1_CONTEXT, "https://evil.example/ctx"], "none"), now);
    assert.equal(forged.result.passed, false);
    assert.match(forged.result.reason, /@context/);
  });
});
