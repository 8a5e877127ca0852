/**
 * did:jwk (the holder's DID; https://github.com/quartzjer/did-jwk): `did:jwk:` + base64url of the
 * public JWK's UTF-8 JSON. Resolved locally, never fetched.
 *
 * Encoding: the RFC 7638 required members only, in lexicographic order (EC: crv, kty, x, y; OKP: crv,
 * kty, x) — the JWK thumbprint's canonical JSON, the order the did:jwk spec's examples and other
 * wallets use. One key then has one DID, whoever writes it.
 *
 * Decoding accepts any member order: credentials issued before this rule carry the issuer's old order
 * (kty, crv, x, y). Holder DIDs are therefore never compared as strings but by key (`sameDidJwkKey`).
 */
import { base64urlToText, textToBase64url } from "./base64url.ts";
import { sameJwk, toPublicJwk, type JwkLike, type PublicJwk } from "./public-jwk.ts";

const DID_JWK = /^did:jwk:([A-Za-z0-9_-]+)(#0)?$/;

/** The RFC 7638 canonical JSON of a public key (the input of its JWK thumbprint). */
export function canonicalJwkJson(jwk: JwkLike): string {
  const key = toPublicJwk(jwk);
  return key.kty === "EC"
    ? JSON.stringify({ crv: key.crv, kty: key.kty, x: key.x, y: key.y })
    : JSON.stringify({ crv: key.crv, kty: key.kty, x: key.x });
}

/** The did:jwk of a public key (private members are dropped, never encoded). */
export function didJwk(jwk: JwkLike): string {
  return `did:jwk:${textToBase64url(canonicalJwkJson(jwk))}`;
}

/** The public key a did:jwk (or its `#0` verification method) names, in any member order; null if it is none. */
export function publicJwkOfDidJwk(did: string): PublicJwk | null {
  const encoded = DID_JWK.exec(did)?.[1];
  if (encoded === undefined) return null;
  try {
    const jwk = JSON.parse(base64urlToText(encoded)) as unknown;
    if (typeof jwk !== "object" || jwk === null || Array.isArray(jwk)) return null;
    if ("d" in jwk) return null; // a private key has no business in a DID
    return toPublicJwk(jwk as JwkLike);
  } catch {
    return null;
  }
}

/**
 * Whether two holder identifiers name the same holder: two did:jwk are the same when their keys are
 * (whatever their member order); any other DID only when the strings are equal.
 */
export function sameDidJwkKey(a: string, b: string): boolean {
  if (a === b) return true;
  const [keyA, keyB] = [publicJwkOfDidJwk(a), publicJwkOfDidJwk(b)];
  return keyA !== null && keyB !== null && sameJwk(keyA, keyB);
}
