/**
 * The Veramo agent that owns the service's keys and DIDs: key manager with our node:crypto KMS over
 * kms-local's SecretBox-encrypted private-key store, DID manager with did:ethr on the consortium chain,
 * and a resolver for that chain only. Stored in its own SQLite file through TypeORM (Veramo's schema
 * and migrations), so keys and identifiers survive restarts.
 */
import { join } from "node:path";
import { DataSource } from "typeorm";
import { createAgent, type IDIDManager, type IKeyManager, type IResolver, type TAgent } from "@veramo/core";
import { KeyManager } from "@veramo/key-manager";
import { SecretBox } from "@veramo/kms-local";
import { DIDManager } from "@veramo/did-manager";
import { EthrDIDProvider } from "@veramo/did-provider-ethr";
import { DIDResolverPlugin } from "@veramo/did-resolver";
import { DIDStore, Entities, KeyStore, PrivateKeyStore, migrations } from "@veramo/data-store";
import { createDidResolver, ethrNetworkConfig, type DeploymentManifest } from "@fairledger/common/node";
import type { JsonRpcProvider } from "ethers";
import { NodeCryptoKeyManagementSystem } from "./node-crypto-kms.ts";
import { ensurePrivateFile } from "../store/data-dir.ts";

export type VeramoAgent = TAgent<IKeyManager & IDIDManager & IResolver>;
export const KMS_NAME = "local";

export interface KeyServices {
  agent: VeramoAgent;
  kms: NodeCryptoKeyManagementSystem;
  didProvider: string;
  close(): Promise<void>;
}

export async function createKeyServices(options: {
  dataDir: string;
  kmsSecretKey: string;
  manifest: DeploymentManifest;
  rpcUrl: string;
  provider: JsonRpcProvider;
}): Promise<KeyServices> {
  const database = join(options.dataDir, "veramo.sqlite");
  // Created 0600 before TypeORM opens it (its -wal and -shm then take the same mode).
  ensurePrivateFile(database);
  const dataSource = await new DataSource({
    type: "better-sqlite3",
    database,
    synchronize: false,
    migrationsRun: true,
    migrations,
    logging: false,
    entities: Entities,
    prepareDatabase: (db: { pragma(statement: string): unknown }) => {
      // Deleted keys (a rotated signing key's encrypted private key) are overwritten, not left in free pages.
      db.pragma("secure_delete = ON");
      db.pragma("journal_mode = WAL");
    },
  }).initialize();
  const kms = new NodeCryptoKeyManagementSystem(new PrivateKeyStore(dataSource, new SecretBox(options.kmsSecretKey)));
  const network = ethrNetworkConfig(options.manifest, options.rpcUrl);
  const didProvider = `did:ethr:${network.name}`;
  const agent = createAgent<IKeyManager & IDIDManager & IResolver>({
    plugins: [
      new KeyManager({ store: new KeyStore(dataSource), kms: { [KMS_NAME]: kms } }),
      new DIDManager({
        store: new DIDStore(dataSource),
        defaultProvider: didProvider,
        providers: {
          [didProvider]: new EthrDIDProvider({
            defaultKms: KMS_NAME,
            networks: [{ ...network, provider: options.provider }],
            gas: 200_000,
          }),
        },
      }),
      // The service's own provider for both: every chain call the service makes has its RPC deadline and
      // closes a connection that timed out (chain/rpc-transport.ts), DID resolution included.
      new DIDResolverPlugin({ resolver: createDidResolver(options.manifest, options.rpcUrl, options.provider) }),
    ],
  });
  return { agent, kms, didProvider, close: () => dataSource.destroy() };
}
