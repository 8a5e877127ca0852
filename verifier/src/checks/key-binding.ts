/**
 * `key-binding`: RFC 9901 §7.3 — the presentation ends in a KB-JWT (typ kb+jwt) signed by the credential's
 * cnf key with the algorithm that key type allows, whose nonce and aud are the verifier's own, whose iat
 * is recent (bounded window), and whose sd_hash covers exactly the SD-JWT and disclosures presented.
 */
import { algorithmForJwk, toPublicJwk } from "@fairledger/common";
import { fail, pass, type CheckResult } from "../result.ts";
import { decodeCompactJws, JwsDecodeError } from "../jose/compact-jws.ts";
import { sdHash } from "../jose/sd-hash.ts";
import { verifiesWith } from "./signature.ts";
import { checkAlgorithmAllowed } from "./algorithm.ts";

export interface KeyBindingExpectation {
  audience?: string;
  nonce?: string;
  now: number;
  skewSeconds: number;
  maxAgeSeconds: number;
}

export function checkKeyBinding(
  kbJwt: string,
  presentedPrefix: string,
  cnf: unknown,
  expected: KeyBindingExpectation,
): CheckResult[] {
  let jws;
  try {
    jws = decodeCompactJws(kbJwt, "key-binding JWT");
  } catch (error) {
    if (error instanceof JwsDecodeError) return [fail("key-binding", error.message)];
    throw error;
  }
  const early = checkAlgorithmAllowed(jws.header, "key-binding JWT");
  if (early) return [early];
  if (jws.header.typ !== "kb+jwt") return [fail("typ", `key-binding JWT has typ ${JSON.stringify(jws.header.typ)}; expected kb+jwt`)];
  let holderKey;
  try {
    holderKey = toPublicJwk((cnf as { jwk?: never } | undefined)?.jwk as never);
  } catch {
    return [fail("key-binding", "the credential binds no usable holder key (cnf.jwk)")];
  }
  const alg = algorithmForJwk(holderKey);
  if (jws.header.alg !== alg) return [fail("alg-allowed", `key-binding JWT says ${String(jws.header.alg)} but the holder key signs only with ${alg}`)];
  if (!verifiesWith(jws, holderKey)) return [fail("key-binding", "key-binding JWT is not signed by the credential's holder key")];
  const { payload } = jws;
  if (payload.sd_hash !== sdHash(presentedPrefix)) return [fail("key-binding", "sd_hash does not match the presented credential and disclosures")];
  if (expected.audience === undefined) return [fail("key-binding", "no audience (--aud) given to check the presentation against")];
  if (payload.aud !== expected.audience) return [fail("key-binding", `presented to ${JSON.stringify(payload.aud)}, not to ${expected.audience}`)];
  if (expected.nonce === undefined) return [fail("key-binding", "no nonce (--nonce) given to check the presentation against")];
  if (payload.nonce !== expected.nonce) return [fail("key-binding", "the nonce is not the one this verifier asked for: replayed or for another request")];
  const iat = payload.iat;
  if (typeof iat !== "number" || !Number.isFinite(iat)) return [fail("key-binding", "key-binding JWT has no iat")];
  if (iat > expected.now + expected.skewSeconds) return [fail("key-binding", "key-binding JWT is dated in the future")];
  if (iat < expected.now - expected.maxAgeSeconds - expected.skewSeconds) {
    return [fail("key-binding", `presentation made ${Math.round(expected.now - iat)} s ago, more than ${expected.maxAgeSeconds} s: replayed or stale`)];
  }
  return [pass("key-binding", `presented by the holder to ${expected.audience} for this request`)];
}
