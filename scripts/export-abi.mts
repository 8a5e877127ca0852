/**
 * Copies the ABIs the TypeScript apps need into common/abi/, where they are committed: the issuer
 * service and the verifier CLI then run without a Solidity compile. A contract test checks the copy
 * matches the compiled artifact, so it cannot drift.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadArtifact } from "./lib/deployment.ts";

for (const name of ["FairLedger", "EthereumDIDRegistry"] as const) {
  const path = join(import.meta.dirname, "..", "common", "abi", `${name}.json`);
  writeFileSync(path, JSON.stringify(loadArtifact(name).abi, null, 2) + "\n");
  console.log(`wrote ${path}`);
}

// The contract's enums from the same build (common/src/contract-enums.ts; common/test/contract-enums.test.ts
// fails when it drifts from the compiled contract).
execFileSync("npx", ["tsx", join(import.meta.dirname, "..", "common", "scripts", "contract-enums.ts")], {
  stdio: "inherit",
});
