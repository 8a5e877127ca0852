/**
 * The deployment manifest written by scripts/deploy.ts (and `npm start`): which chain, which addresses.
 * Every app that talks to the ledger reads it through this module, validated (reading the file is
 * Node-only: manifest-file.ts).
 */
import { z } from "zod";
import { FairLedgerError } from "./errors.ts";

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "an 0x-prefixed 20-byte hex address");
const hash = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "an 0x-prefixed 32-byte hex hash");

const deployedContract = z.object({
  address,
  blockNumber: z.number().int().nonnegative(),
  transactionHash: hash,
  abiHash: hash,
  codeHash: hash,
});

export const deploymentManifestSchema = z.object({
  manifestVersion: z.literal(1),
  chainId: z.number().int().positive(),
  network: z.string().min(1),
  deployedAt: z.string(),
  deployer: address,
  contracts: z.object({ FairLedger: deployedContract, EthereumDIDRegistry: deployedContract }),
});

export type DeploymentManifest = z.infer<typeof deploymentManifestSchema>;

export function parseManifest(json: unknown, source = "manifest"): DeploymentManifest {
  const result = deploymentManifestSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new FairLedgerError(
      "ERR_MANIFEST_INVALID",
      `${source} is not a valid deployment manifest: ${problems.join("; ")}`,
    );
  }
  return result.data;
}
