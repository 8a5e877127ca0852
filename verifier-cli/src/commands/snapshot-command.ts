/** `fairledger snapshot`: export a trust snapshot for offline verification. */
import { writeFileSync } from "node:fs";
import { VerifierError } from "@fairledger/verifier";
import { buildSnapshot } from "@fairledger/verifier/snapshot";
import { EXIT } from "../exit-codes.ts";
import { chainTrust, loadDeployment, DEFAULT_DEPLOYMENT } from "./trust-options.ts";

export interface SnapshotCommandOptions {
  out: string;
  rpc?: string;
  deployment?: string;
  block?: string;
}

export async function snapshotCommand(options: SnapshotCommandOptions): Promise<number> {
  const manifest = loadDeployment(options.deployment ?? DEFAULT_DEPLOYMENT);
  if (options.block !== undefined && !/^\d+$/.test(options.block))
    throw new VerifierError("ERR_USAGE", "--block must be a block number");
  const trust = chainTrust(options);
  try {
    const snapshot = await buildSnapshot(trust, {
      fromBlock: Math.min(
        manifest.contracts.FairLedger.blockNumber,
        manifest.contracts.EthereumDIDRegistry.blockNumber,
      ),
      registry: manifest.contracts.EthereumDIDRegistry.address,
      block: options.block === undefined ? undefined : Number(options.block),
      onProgress: (message) => process.stderr.write(`${message}\n`),
    });
    try {
      writeFileSync(options.out, `${JSON.stringify(snapshot, null, 1)}\n`);
    } catch {
      throw new VerifierError("ERR_USAGE", `cannot write ${options.out}`);
    }
    process.stdout.write(
      `trust snapshot at block ${snapshot.block.number} (hash ${snapshot.block.hash}, ${snapshot.takenAt}): ` +
        `${Object.keys(snapshot.licences).length} licences, ${Object.keys(snapshot.records).length} anchored records and batch roots, ` +
        `${Object.keys(snapshot.dids).length} DIDs → ${options.out}\n`,
    );
    return EXIT.valid;
  } finally {
    trust.destroy();
  }
}
