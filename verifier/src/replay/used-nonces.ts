/**
 * A verifier's memory of the nonces it has already accepted: a nonce is good for ONE successful
 * verification per verifier (audience). Without it the same presentation, captured once, verifies again
 * for as long as its key-binding JWT is fresh.
 *
 * An entry only has to outlive the presentation it protects: once the key-binding / VP `iat` is older
 * than the allowed age (plus clock skew), the presentation fails `key-binding` on its own, so the store
 * forgets the nonce after that window.
 */
import { sha256Hex } from "../platform/sha256.ts";

export interface UsedNonceStore {
  /**
   * Records that `(audience, nonce)` has been used, unless it already is and has not expired.
   * Atomic: of two concurrent claims of one nonce exactly one returns `true`.
   * @param expiresAt unix seconds after which the entry may be forgotten
   * @param now unix seconds, the store's clock for forgetting expired entries
   * @returns true when this call recorded the nonce; false when it was already used
   */
  claim(audience: string, nonce: string, expiresAt: number, now: number): Promise<boolean> | boolean;
}

/**
 * The key an entry is stored under: SHA-256 over the length-prefixed audience and nonce, so entries have
 * a fixed size and an audience/nonce pair cannot be confused with another by moving a separator.
 */
export function usedNonceKey(audience: string, nonce: string): string {
  const parts: Uint8Array[] = [];
  for (const part of [audience, nonce]) {
    const bytes = new TextEncoder().encode(part);
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, bytes.length);
    parts.push(length, bytes);
  }
  return sha256Hex(parts);
}

/** In-process store: replay protection within one process only (the library's default). */
export class MemoryUsedNonceStore implements UsedNonceStore {
  readonly #entries = new Map<string, number>();

  claim(audience: string, nonce: string, expiresAt: number, now: number): boolean {
    for (const [key, expiry] of this.#entries) if (expiry < now) this.#entries.delete(key);
    const key = usedNonceKey(audience, nonce);
    if (this.#entries.has(key)) return false;
    this.#entries.set(key, expiresAt);
    return true;
  }
}
