/**
 * `npm run test:external`: the whole FairLedger story against a chain this project did not start — any
 * EVM JSON-RPC endpoint (anvil, Besu QBFT, …) — and prints "N passed, N failed" (exit 1 on a failure).
 *
 *   FAIRLEDGER_RPC_URL        the chain's JSON-RPC URL (required)
 *   FAIRLEDGER_DEPLOYER_KEY   a funded private key on it (required); it deploys, and is the consortium admin
 *   FAIRLEDGER_MANIFEST       deployment manifest, reused while its contracts are on the chain
 *                             (default .data/external/deployment-<chain id>.json)
 *   FAIRLEDGER_POLL_MS        receipt polling interval (default: a quarter of the measured block time)
 *   FAIRLEDGER_CONFIRMATIONS  blocks a write waits for (default 1)
 *   FAIRLEDGER_FUND_WEI       what each fresh principal key is sent from the deployer (default 0.1 ether;
 *                             nothing is sent when the deployer holds nothing: a gas-free chain)
 *
 * It deploys (or reuses) FairLedger and the DID registry, registers fresh random keys for the
 * authorities, employer, insurer and inspector from the deployer (no prefunded dev accounts assumed),
 * starts an issuer service in process against the chain, has the PH authority license the agency
 * through the service's API, and runs scripts/lib/story.mts (the story `npm run demo` tells).
 */
import { mkdirSync, mkdtempSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { JsonRpcProvider, Network, parseEther } from "ethers";
import { applyPollingInterval, measureBlockTimeMs } from "@fairledger/common";
import { startIssuerService, type IssuerService } from "@fairledger/issuer-service/service";
import { demoProvisioning } from "./lib/demo-provisioning.mts";
import { createRequire } from "node:module";
import type { ExternalLedger } from "./lib/external-ledger.ts";
import { runStory, type StoryCheck } from "./lib/story.mts";

const ROOT = resolve(import.meta.dirname, "..");
// Loaded through require: imported from ESM, tsx gives these CommonJS modules no real __dirname.
const require = createRequire(import.meta.url);
const { compileContracts } = require("./lib/local-chain.ts") as typeof import("./lib/local-chain.ts");
const { setUpExternalLedger } = require("./lib/external-ledger.ts") as typeof import("./lib/external-ledger.ts");

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required: see the header of scripts/test-external.mts`);
    process.exit(64);
  }
  return value;
}

const optionalInt = (name: string): number | undefined => (process.env[name] ? Number.parseInt(process.env[name]!, 10) : undefined);

async function main(): Promise<number> {
  const rpcUrl = required("FAIRLEDGER_RPC_URL");
  const deployerKey = required("FAIRLEDGER_DEPLOYER_KEY");
  const confirmations = optionalInt("FAIRLEDGER_CONFIRMATIONS") ?? 1;
  const fundWei = process.env.FAIRLEDGER_FUND_WEI ? BigInt(process.env.FAIRLEDGER_FUND_WEI) : parseEther("0.1");
  const checks: StoryCheck[] = [];
  const expect = (name: string, passed: boolean) => {
    checks.push({ name, passed });
    console.log(`${passed ? "✔" : "✘"} ${name}`);
  };

  const probe = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true });
  const chainId = Number((await probe.getNetwork()).chainId);
  probe.destroy();
  const provider = new JsonRpcProvider(rpcUrl, Network.from(chainId), { staticNetwork: true, cacheTimeout: -1 });
  let service: IssuerService | undefined;
  let ledger: ExternalLedger | undefined;
  try {
    const blockTimeMs = await measureBlockTimeMs(provider);
    const pollMs = await applyPollingInterval(provider, optionalInt("FAIRLEDGER_POLL_MS"));
    console.log(
      `chain ${chainId} at ${rpcUrl}: block time ${blockTimeMs ? `${Math.round(blockTimeMs)} ms` : "not measurable yet"}, ` +
        `polling every ${pollMs} ms, ${confirmations} confirmation(s)`,
    );

    compileContracts();
    const manifestPath = resolve(process.env.FAIRLEDGER_MANIFEST ?? join(ROOT, ".data", "external", `deployment-${chainId}.json`));
    const started = Date.now();
    ledger = await setUpExternalLedger({ rpcUrl, chainId, deployerKey, manifestPath, pollMs, confirmations, fundWei, log: (line) => console.log(line) });
    console.log(
      `${ledger.funded > 0 ? `funded ${ledger.funded} fresh principal keys with ${fundWei} wei each` : "no funding sent (gas-free chain or keys already funded)"}; ` +
        `deployed/reused and set up in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect("deploy: FairLedger and the DID registry are on the chain (deployed or reused)", true);
    expect("consortium: authorities, employers, insurer, inspector and both corridor policies registered from fresh keys", true);
    const consortium = ledger.demo;

    const dataDir = mkdtempSync(join(tmpdir(), "fairledger-external-"));
    service = await startIssuerService(
      {
        port: 0,
        dataDir,
        rpcUrl,
        manifestPath,
        pollMs,
        confirmations,
        batch: { size: 32, intervalMs: 500 },
        secrets: { kmsSecretKey: randomBytes(32).toString("hex"), dataMasterKey: randomBytes(32).toString("hex") },
      },
      { provision: demoProvisioning(consortium.accounts), log: (line) => console.log(`[issuer] ${line}`) },
    );
    expect("issuer service: started against the external chain with the principals' keys", true);

    const work = join(dataDir, "story");
    mkdirSync(work, { recursive: true });
    const story = await runStory(
      {
        rpcUrl,
        apiUrl: service.url,
        manifestPath,
        apiKeys: service.apiKeys,
        employerKey: consortium.accounts.employer.privateKey,
        agencyAddress: consortium.accounts.agency.address,
      },
      {
        work,
        step: (title) => console.log(`\n── ${title}`),
        say: (line) => console.log(`   ${line}`),
      },
    );
    for (const check of story.checks) expect(check.name, check.passed);
    if (story.error) expect(`the story ran to its end (${describe(story.error)})`, false);
  } catch (error) {
    expect(`the run reached the story (${describe(error)})`, false);
  } finally {
    await service?.stop();
    ledger?.stop();
    provider.destroy();
  }
  const failed = checks.filter((check) => !check.passed).length;
  console.log(`\n${checks.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

function describe(error: unknown): string {
  if (error && typeof error === "object" && "shortMessage" in error) return String((error as { shortMessage: unknown }).shortMessage);
  return error instanceof Error ? error.message : String(error);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`test:external failed: ${describe(error)}`);
    process.exit(1);
  },
);
