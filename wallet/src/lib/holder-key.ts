/**
 * The worker's holder key: one WebCrypto P-256 key pair made on this device. The private key is
 * created non-extractable and kept in IndexedDB as a CryptoKey (structured clone keeps it opaque),
 * so no script, not even this one, can ever read its bytes; it never leaves the device.
 */
import { didJwk as commonDidJwk, sameJwk as sameKey } from "@fairledger/common";
import { ECDSA_P256 } from "./es256.ts";
import type { KeyValueStore } from "./idb.ts";

export interface HolderPublicJwk {
  kty: "EC";
  crv: "P-256";
  x: string;
  y: string;
}

export interface HolderKey {
  privateKey: CryptoKey;
  publicJwk: HolderPublicJwk;
  did: string;
}

const STORE_KEY = "holder-key";

interface StoredHolderKey {
  privateKey: CryptoKey;
  publicJwk: HolderPublicJwk;
}

export async function createHolderKey(): Promise<HolderKey> {
  const pair = await crypto.subtle.generateKey(ECDSA_P256, false, ["sign", "verify"]);
  const jwk = await crypto.subtle.exportKey("jwk", pair.publicKey);
  if (!jwk.x || !jwk.y) throw new Error("the exported P-256 public key has no x or y coordinate");
  const publicJwk: HolderPublicJwk = { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y };
  return { privateKey: pair.privateKey, publicJwk, did: didJwk(publicJwk) };
}

/** did:jwk of the public key (one encoding for issuer, wallet and verifier: @fairledger/common). */
export function didJwk(jwk: HolderPublicJwk): string {
  return commonDidJwk(jwk);
}

/** The key kept in the store, made on first use. */
export async function loadOrCreateHolderKey(store: KeyValueStore): Promise<HolderKey> {
  const stored = await store.get<StoredHolderKey>(STORE_KEY);
  if (stored) return { ...stored, did: didJwk(stored.publicJwk) };
  const key = await createHolderKey();
  await store.put(STORE_KEY, { privateKey: key.privateKey, publicJwk: key.publicJwk } satisfies StoredHolderKey);
  return key;
}

export function sameJwk(
  a: { kty?: unknown; x?: unknown; y?: unknown; crv?: unknown } | undefined,
  b: HolderPublicJwk,
): boolean {
  return sameKey(a, b);
}
