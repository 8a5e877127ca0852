/**
 * What the service signs with, as interfaces: the KMS (node-crypto-kms.ts) implements them, and no other
 * module sees a private key. Issuance asks for a principal's credential signer; the ledger sends each
 * account's transactions through an account signer whose every signature is made inside the KMS.
 */
import type { AbstractSigner, Provider } from "ethers";
import type { JwsSigner } from "@fairledger/common/node";

export interface CredentialSigners {
  /** The JWS signer of an Ed25519 credential signing key (`kid` in the KMS). */
  jwsSigner(kid: string): Promise<JwsSigner>;
}

export interface AccountSigners {
  /** An ethers signer for a Secp256k1 account key (`kid` in the KMS), connected to `provider`. */
  accountSigner(kid: string, provider: Provider): Promise<AbstractSigner>;
}
