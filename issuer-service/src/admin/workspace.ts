/**
 * The parts of the service an admin command needs, opened on the same data directory as a stopped or
 * running service: SQLite in WAL mode lets both read while one writes; writes wait on each other through
 * busy_timeout (5 s), and each admin write is one short transaction.
 */
import { join } from "node:path";
import { applyPollingInterval } from "@fairledger/common";
import { loadManifest, type DeploymentManifest } from "@fairledger/common/node";
import type { JsonRpcProvider } from "ethers";
import type { IssuerConfig } from "../config.ts";
import { createServiceProvider } from "../chain/provider.ts";
import { releaseProvider } from "../chain/release-provider.ts";
import { Ledger } from "../chain/ledger.ts";
import { openDatabase, type Db } from "../store/database.ts";
import { createKeyServices, type KeyServices } from "../keys/agent.ts";
import { ApiKeys } from "../keys/api-keys.ts";
import { Identities } from "../keys/identities.ts";

export interface AdminWorkspace {
  config: IssuerConfig;
  manifest: DeploymentManifest;
  db: Db;
  apiKeys: ApiKeys;
  close(): Promise<void>;
}

export interface ChainWorkspace extends AdminWorkspace {
  provider: JsonRpcProvider;
  keys: KeyServices;
  identities: Identities;
}

export function openWorkspace(config: IssuerConfig): AdminWorkspace {
  const db = openDatabase(join(config.dataDir, "issuer.sqlite"));
  return {
    config,
    manifest: loadManifest(config.manifestPath),
    db,
    apiKeys: new ApiKeys(db),
    close: async () => {
      db.close();
    },
  };
}

/** With the key store and the chain: what provisioning a principal needs. */
export async function openChainWorkspace(config: IssuerConfig): Promise<ChainWorkspace> {
  const base = openWorkspace(config);
  const provider = createServiceProvider(config.rpcUrl, base.manifest.chainId, config.rpcTimeoutMs);
  try {
    // Publishing a DID signing key waits for its receipt: at the chain's pace, not ethers' 4 s polling.
    await applyPollingInterval(provider, config.pollMs);
    const keys = await createKeyServices({
      dataDir: config.dataDir,
      kmsSecretKey: config.secrets.kmsSecretKey,
      manifest: base.manifest,
      rpcUrl: config.rpcUrl,
      provider,
    });
    const ledger = new Ledger(provider, base.manifest, {
      receiptTimeoutMs: config.receiptTimeoutMs,
      confirmations: config.confirmations,
    });
    return {
      ...base,
      provider,
      keys,
      identities: new Identities(base.db, keys, ledger, base.apiKeys),
      close: async () => {
        await keys.close();
        await releaseProvider(provider);
        await base.close();
      },
    };
  } catch (error) {
    provider.destroy();
    await base.close();
    throw error;
  }
}
