/**
 * Signing and verifying JWS signatures with node:crypto — the hot path of issuance and verification.
 * Measured here, pure-JS (noble) signatures are 10–20× slower. Only two algorithms exist in FairLedger,
 * each tied to exactly one key type (RFC 8725 §3.1): EdDSA ↔ Ed25519 (OKP), ES256 ↔ P-256 (EC).
 * Anything else, `none` and HMAC included, is refused before any cryptography runs.
 */
import { createPrivateKey, createPublicKey, sign, verify, type JsonWebKey, type KeyObject } from "node:crypto";
import { FairLedgerError } from "./errors.ts";

export type JwsAlgorithm = "EdDSA" | "ES256";
export const ALLOWED_JWS_ALGORITHMS: readonly JwsAlgorithm[] = ["EdDSA", "ES256"];

export interface PublicJwk {
  kty: "OKP" | "EC";
  crv: "Ed25519" | "P-256";
  x: string;
  y?: string;
}

/** The one algorithm a key may be used with; throws for any other key type. */
export function algorithmForJwk(jwk: { kty?: unknown; crv?: unknown }): JwsAlgorithm {
  if (jwk.kty === "OKP" && jwk.crv === "Ed25519") return "EdDSA";
  if (jwk.kty === "EC" && jwk.crv === "P-256") return "ES256";
  throw new FairLedgerError("ERR_KEY_UNSUPPORTED", `unsupported key type ${String(jwk.kty)}/${String(jwk.crv)}: only Ed25519 and P-256`);
}

/** Strips everything but the public members of a JWK. */
export function toPublicJwk(jwk: JsonWebKey): PublicJwk {
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
  if (raw.length !== 32) throw new FairLedgerError("ERR_KEY_UNSUPPORTED", `an Ed25519 public key has 32 bytes, got ${raw.length}`);
  return { kty: "OKP", crv: "Ed25519", x: Buffer.from(raw).toString("base64url") };
}

export interface JwsSigner {
  readonly alg: JwsAlgorithm;
  /** Signs the JWS signing input (`header.payload`), returning the base64url signature. */
  sign(signingInput: string): string;
}

export function createJwsSigner(privateJwk: JsonWebKey): JwsSigner {
  const alg = algorithmForJwk(privateJwk);
  const key = createPrivateKey({ key: privateJwk, format: "jwk" });
  return {
    alg,
    sign: (signingInput) => signWithKey(alg, key, signingInput),
  };
}

export function signWithKey(alg: JwsAlgorithm, key: KeyObject, signingInput: string): string {
  const data = Buffer.from(signingInput, "ascii");
  const signature =
    alg === "EdDSA" ? sign(null, data, key) : sign("sha256", data, { key, dsaEncoding: "ieee-p1363" });
  return signature.toString("base64url");
}

export interface JwsVerifier {
  readonly alg: JwsAlgorithm;
  verify(signingInput: string, signature: string): boolean;
}

const verifierCache = new Map<string, JwsVerifier>();

/** A verifier for one public key. Key objects are cached: parsing a JWK costs more than verifying. */
export function createJwsVerifier(publicJwk: JsonWebKey): JwsVerifier {
  const jwk = toPublicJwk(publicJwk);
  const cacheKey = `${jwk.crv}:${jwk.x}:${jwk.y ?? ""}`;
  const cached = verifierCache.get(cacheKey);
  if (cached) return cached;
  const alg = algorithmForJwk(jwk);
  const key = createPublicKey({ key: jwk as JsonWebKey, format: "jwk" });
  const verifier: JwsVerifier = {
    alg,
    verify(signingInput, signature) {
      const data = Buffer.from(signingInput, "ascii");
      const bytes = Buffer.from(signature, "base64url");
      if (alg === "EdDSA") return bytes.length === 64 && verify(null, data, key, bytes);
      return bytes.length === 64 && verify("sha256", data, { key, dsaEncoding: "ieee-p1363" }, bytes);
    },
  };
  if (verifierCache.size > 10_000) verifierCache.clear();
  verifierCache.set(cacheKey, verifier);
  return verifier;
}
