/**
 * A Veramo key-management-system plugin that keeps kms-local's encrypted private-key store and key
 * formats, but signs Ed25519 with node:crypto (10–20× faster than the pure-JS signer kms-local uses).
 * Issuance takes a cached `JwsSigner` per key from `jwsSigner(kid)`, so the hot path neither goes
 * through the agent's plugin dispatch nor re-parses the key.
 *
 * Secp256k1 keys (the agencies' and authorities' accounts) stay with kms-local's signing; the service
 * sends their ledger transactions through `accountSigner(kid)`, an ethers signer that asks this KMS for
 * every signature (the private key is never handed out).
 */
import { createPrivateKey, generateKeyPairSync, sign as nodeSign, type KeyObject } from "node:crypto";
import { KeyManagementSystem } from "@veramo/kms-local";
import type { AbstractPrivateKeyStore } from "@veramo/key-manager";
import type { IKey, ManagedKeyInfo, TKeyType } from "@veramo/core-types";
import { computeAddress, type AbstractSigner, type Provider } from "ethers";
import { signWithKey, type JwsSigner } from "@fairledger/common/node";
import type { AccountSigners, CredentialSigners } from "./signers.ts";
import { KmsAccountSigner } from "./kms-account-signer.ts";
import { expectPresent } from "../errors.ts";

export class NodeCryptoKeyManagementSystem extends KeyManagementSystem implements CredentialSigners, AccountSigners {
  readonly #store: AbstractPrivateKeyStore;
  readonly #ed25519Keys = new Map<string, KeyObject>();

  constructor(store: AbstractPrivateKeyStore) {
    super(store);
    this.#store = store;
  }

  override async createKey(args: { type: TKeyType; kid?: string; meta?: unknown }): Promise<ManagedKeyInfo> {
    if (args.type !== "Ed25519") return super.createKey(args);
    const { privateKey } = generateKeyPairSync("ed25519");
    const { d, x } = privateKey.export({ format: "jwk" });
    // An exported Ed25519 private JWK always has both; Veramo wants seed then public key, in hex.
    const privateKeyHex =
      Buffer.from(expectPresent(d, "the seed (d) of a new Ed25519 key"), "base64url").toString("hex") +
      Buffer.from(expectPresent(x, "the public key (x) of a new Ed25519 key"), "base64url").toString("hex");
    return this.importKey({ type: "Ed25519", kid: args.kid, privateKeyHex } as never);
  }

  override async sign(args: { keyRef: Pick<IKey, "kid">; algorithm?: string; data: Uint8Array }): Promise<string> {
    const key = await this.#ed25519Key(args.keyRef.kid);
    if (key && (args.algorithm === undefined || args.algorithm === "EdDSA" || args.algorithm === "Ed25519")) {
      return nodeSign(null, args.data, key).toString("base64url");
    }
    return super.sign(args);
  }

  override async deleteKey(args: { kid: string }): Promise<boolean> {
    this.#ed25519Keys.delete(args.kid);
    return super.deleteKey(args);
  }

  /** The JWS signer of an Ed25519 key, for the issuance hot path. */
  async jwsSigner(kid: string): Promise<JwsSigner> {
    const key = await this.#ed25519Key(kid);
    if (!key) throw new Error(`key ${kid} is not an Ed25519 key of this KMS`);
    return { alg: "EdDSA", sign: (signingInput) => signWithKey("EdDSA", key, signingInput) };
  }

  /** An ethers signer for a Secp256k1 key held in this KMS, to send the account's transactions; it signs through `sign`. */
  async accountSigner(kid: string, provider: Provider): Promise<AbstractSigner> {
    const stored = await this.#store.getKey({ alias: kid });
    if (stored.type !== "Secp256k1") throw new Error(`key ${kid} is not a Secp256k1 key`);
    // The address is derived here, inside the KMS; the signer gets the kid, never the key.
    return new KmsAccountSigner(this, kid, computeAddress(`0x${stored.privateKeyHex}`), provider);
  }

  async #ed25519Key(kid: string): Promise<KeyObject | undefined> {
    const cached = this.#ed25519Keys.get(kid);
    if (cached) return cached;
    let stored;
    try {
      stored = await this.#store.getKey({ alias: kid });
    } catch {
      return undefined;
    }
    if (stored.type !== "Ed25519") return undefined;
    const bytes = Buffer.from(stored.privateKeyHex, "hex");
    const key = createPrivateKey({
      format: "jwk",
      key: {
        kty: "OKP",
        crv: "Ed25519",
        d: bytes.subarray(0, 32).toString("base64url"),
        x: bytes.subarray(32, 64).toString("base64url"),
      },
    });
    this.#ed25519Keys.set(kid, key);
    return key;
  }
}
