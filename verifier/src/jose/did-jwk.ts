/** did:jwk (the wallet's holder DID): the DID is the base64url of the public JWK; resolved locally, never fetched. */
import { toPublicJwk, type PublicJwk } from "@fairledger/common";
import { decodeBase64urlJson } from "./compact-jws.ts";

export function publicJwkOfDidJwk(did: string): PublicJwk | null {
  const match = /^did:jwk:([A-Za-z0-9_-]+)(#0)?$/.exec(did);
  if (!match) return null;
  try {
    const jwk = decodeBase64urlJson(match[1]!, "did:jwk");
    if ("d" in jwk) return null; // a private key has no business in a DID
    return toPublicJwk(jwk as never);
  } catch {
    return null;
  }
}

export function sameJwk(a: PublicJwk, b: PublicJwk): boolean {
  return a.kty === b.kty && a.crv === b.crv && a.x === b.x && (a.y ?? "") === (b.y ?? "");
}
