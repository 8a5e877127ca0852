/**
 * One call for tests, `npm start` and benchmarks: a local Hardhat node on 127.0.0.1 with FairLedger and
 * the DID registry deployed and the demo consortium seeded. `stop()` ends the node.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonRpcProvider, Network } from "ethers";
import { compileContracts, startLocalChain, type LocalChain } from "./local-chain.mts";
import { deployAll, type DeployerSigner, type DeploymentManifest } from "./deployment.ts";
import { seedDemoConsortium, devWallet, type DemoConsortium } from "./seed.mts";

export interface DemoLedger {
  chain: LocalChain;
  provider: JsonRpcProvider;
  manifest: DeploymentManifest;
  manifestPath: string;
  demo: DemoConsortium;
  stop(): Promise<void>;
}

export async function startDemoLedger(
  options: { port?: number; manifestPath?: string; log?: (line: string) => void } = {},
): Promise<DemoLedger> {
  compileContracts();
  const chain = await startLocalChain({ port: options.port, log: options.log });
  try {
    const provider = new JsonRpcProvider(chain.rpcUrl, Network.from(chain.chainId), {
      staticNetwork: true,
      cacheTimeout: -1,
    });
    const manifestPath = options.manifestPath ?? join(mkdtempSync(join(tmpdir(), "fairledger-")), "localhost.json");
    // deployment.ts is CommonJS (Hardhat's contract specs and deploy.ts share it), so its types are those of
    // ethers' CommonJS build; the classes are the same at run time (deployAll only calls the signer's methods).
    const manifest = await deployAll(devWallet(0, provider) as unknown as DeployerSigner, {
      network: "localhost",
      adminTransferDelay: 0,
      manifestPath,
      log: options.log,
    });
    const demo = await seedDemoConsortium(provider, manifest);
    return {
      chain,
      provider,
      manifest,
      manifestPath,
      demo,
      async stop() {
        provider.destroy();
        await chain.stop();
      },
    };
  } catch (error) {
    await chain.stop();
    throw error;
  }
}
