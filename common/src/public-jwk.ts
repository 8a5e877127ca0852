/**
 * Public JWKs as FairLedger accepts them, with no cryptography: only two algorithms exist, each tied to
 * exactly one key type (RFC 8725 §3.1): EdDSA ↔ Ed25519 (OKP), ES256 ↔ P-256 (EC). Anything else,
 * `none` and HMAC included, is refused before any cryptography runs. Browser-safe; the signers and
 * verifiers on node:crypto are in jws-keys.ts (the Node entry).
 */
import { bytesToBase64url } from "./base64url.ts";
import { FairLedgerError } from "./errors.ts";

export type JwsAlgorithm = "EdDSA" | "ES256";
export const ALLOWED_JWS_ALGORITHMS: readonly JwsAlgorithm[] = ["EdDSA", "ES256"];

export interface PublicJwk {
  kty: "OKP" | "EC";
  crv: "Ed25519" | "P-256";
  x: string;
  y?: string;
}

/** Any JWK-like object (node:crypto's JsonWebKey, WebCrypto's, parsed JSON). */
export interface JwkLike {
  kty?: unknown;
  crv?: unknown;
  x?: unknown;
  y?: unknown;
}

/** The one algorithm a key may be used with; throws for any other key type. */
export function algorithmForJwk(jwk: { kty?: unknown; crv?: unknown }): JwsAlgorithm {
  if (jwk.kty === "OKP" && jwk.crv === "Ed25519") return "EdDSA";
  if (jwk.kty === "EC" && jwk.crv === "P-256") return "ES256";
  throw new FairLedgerError(
    "ERR_KEY_UNSUPPORTED",
    `unsupported key type ${String(jwk.kty)}/${String(jwk.crv)}: only Ed25519 and P-256`,
  );
}

/** Strips everything but the public members of a JWK. */
export function toPublicJwk(jwk: JwkLike): PublicJwk {
  const alg = algorithmForJwk(jwk);
  if (typeof jwk.x !== "string" || (alg === "ES256" && typeof jwk.y !== "string")) {
    throw new FairLedgerError("ERR_KEY_UNSUPPORTED", "public JWK lacks its coordinates");
  }
  return alg === "EdDSA"
    ? { kty: "OKP", crv: "Ed25519", x: jwk.x }
    : { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y as string };
}

/** Ed25519 public key from its 32 raw bytes (as published in a did:ethr document). */
export function ed25519PublicJwk(raw: Uint8Array): PublicJwk {
  if (raw.length !== 32)
    throw new FairLedgerError("ERR_KEY_UNSUPPORTED", `an Ed25519 public key has 32 bytes, got ${raw.length}`);
  return { kty: "OKP", crv: "Ed25519", x: bytesToBase64url(raw) };
}

/**
 * Whether two public keys are the same key: their RFC 7638 required members are equal. Member order,
 * `kid`, `alg`, `use` and other optional members do not matter.
 */
export function sameJwk(a: JwkLike | undefined, b: JwkLike | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return a.kty === b.kty && a.crv === b.crv && a.x === b.x && (a.y ?? "") === (b.y ?? "");
}
