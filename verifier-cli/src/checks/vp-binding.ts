/**
 * `vp-binding`: a VP-JWT is signed by the holder the credential was issued to (its did:jwk, resolved
 * locally), with the algorithm that key type allows, typ JWT, for this verifier's aud and nonce, recently.
 * The holder is compared by key, not by DID string: credentials issued before did:jwk had one encoding
 * (RFC 7638 member order) name their holder in another member order than the holder's wallet writes.
 */
import { publicJwkOfDidJwk, sameDidJwkKey } from "@fairledger/common";
import { fail, pass, type CheckResult } from "../result.ts";
import type { DecodedJws } from "../jose/compact-jws.ts";
import { checkAlgorithmMatchesKey } from "./algorithm.ts";
import { checkTyp } from "./typ.ts";
import { verifiesWith } from "./signature.ts";
import type { KeyBindingExpectation } from "./key-binding.ts";

export function checkVpBinding(vp: DecodedJws, credentialSubject: unknown, expected: KeyBindingExpectation): CheckResult[] {
  const holder = vp.payload.iss;
  if (typeof holder !== "string" || typeof credentialSubject !== "string" || !sameDidJwkKey(holder, credentialSubject)) {
    return [fail("vp-binding", "the presentation is not made by the holder the credential was issued to")];
  }
  const key = publicJwkOfDidJwk(holder);
  if (!key) return [fail("vp-binding", `the holder ${holder} is not a did:jwk this verifier can resolve locally`)];
  const alg = checkAlgorithmMatchesKey(vp.header, key, "presentation");
  if (!alg.passed) return [alg];
  const typ = checkTyp(vp.header, ["JWT"], "presentation");
  if (!typ.passed) return [typ];
  if (!verifiesWith(vp, key)) return [fail("vp-binding", "the presentation is not signed by the holder key")];
  const aud = vp.payload.aud;
  if (expected.audience === undefined) return [fail("vp-binding", "no audience (--aud) given to check the presentation against")];
  if (!(aud === expected.audience || (Array.isArray(aud) && aud.length === 1 && aud[0] === expected.audience))) {
    return [fail("vp-binding", `presented to ${JSON.stringify(aud)}, not to ${expected.audience}`)];
  }
  if (expected.nonce === undefined || vp.payload.nonce !== expected.nonce) {
    return [fail("vp-binding", "the nonce is not the one this verifier asked for: replayed or for another request")];
  }
  const iat = vp.payload.iat;
  if (typeof iat !== "number" || iat > expected.now + expected.skewSeconds || iat < expected.now - expected.maxAgeSeconds - expected.skewSeconds) {
    return [fail("vp-binding", "the presentation is not recent (iat outside the allowed window)")];
  }
  if (typeof vp.payload.exp === "number" && vp.payload.exp <= expected.now - expected.skewSeconds) return [fail("vp-binding", "the presentation expired")];
  return [pass("vp-binding", `presented by the holder to ${expected.audience} for this request`)];
}
