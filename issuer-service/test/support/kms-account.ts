/** The service's signer for one account, for tests: the key imported into a KMS of its own, every signature made by that KMS. */
import { SigningKey, type AbstractSigner, type Provider } from "ethers";
import { MemoryPrivateKeyStore } from "@veramo/key-manager";
import { NodeCryptoKeyManagementSystem } from "../../src/keys/node-crypto-kms.ts";

export async function kmsAccountSigner(privateKey: string, provider: Provider): Promise<AbstractSigner> {
  const kms = new NodeCryptoKeyManagementSystem(new MemoryPrivateKeyStore());
  const privateKeyHex = privateKey.replace(/^0x/, "");
  const kid = new SigningKey(`0x${privateKeyHex}`).publicKey.slice(2);
  await kms.importKey({ kid, type: "Secp256k1", privateKeyHex } as never);
  return kms.accountSigner(kid, provider);
}
