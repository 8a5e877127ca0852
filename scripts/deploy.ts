/**
 * `npx hardhat run scripts/deploy.ts --network <name>`: deploys FairLedger and the DID registry and
 * writes deployments/<network>.json. For a consortium chain set RPC_URL and DEPLOYER_PRIVATE_KEY and use
 * `--network consortium`. Re-running against the same chain reuses what is already deployed.
 * Receipts are polled at the chain's pace (FAIRLEDGER_POLL_MS, else measured) and each deployment waits
 * for FAIRLEDGER_CONFIRMATIONS blocks (default 1): see scripts/lib/deploy-connection.ts.
 */
import hre from "hardhat";
import { join } from "node:path";
import { deployAll } from "./lib/deployment";
import { connectDeployer } from "./lib/deploy-connection";

async function main(): Promise<void> {
  const connection = await connectDeployer(hre.network, process.env, async () => {
    const [signer] = await hre.ethers.getSigners();
    if (!signer) throw new Error("no deployer account: set DEPLOYER_PRIVATE_KEY for this network");
    return signer;
  });
  try {
    const { signer, chainId, pollMs, confirmations } = connection;
    const pace = pollMs === undefined ? "Hardhat's in-process network" : `polling every ${pollMs} ms`;
    console.log(`chain ${chainId} (${hre.network.name}): ${pace}, ${confirmations} confirmation(s)`);
    const manifestPath = process.env.MANIFEST_PATH ?? join(__dirname, "..", "deployments", `${hre.network.name}.json`);
    const manifest = await deployAll(signer, {
      network: hre.network.name,
      adminTransferDelay: Number(process.env.ADMIN_TRANSFER_DELAY ?? 3 * 24 * 3600),
      admin: process.env.CONSORTIUM_ADMIN,
      manifestPath,
      confirmations,
      log: (line) => console.log(line),
    });
    console.log(JSON.stringify(manifest, null, 2));
  } finally {
    connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
