/**
 * `npm run demo`: the whole FairLedger story in the terminal, step by step, against the stack that
 * `npm start` runs (read from <data dir>/stack.json). With no stack running it starts its own, on free
 * ports, and stops it at the end.
 *
 *   1. an authority issues the agency's licence credential and the matching on-chain licence
 *   2. the agency opens a case; employer and agency sign the employment contract; it is anchored
 *   3. the worker picks up the contract credential into a wallet (holder key proof of possession)
 *   4. at the border the worker discloses only what the officer asks; the verifier CLI checks it
 *   5. the same presentation replayed is refused; a contract swapped at destination is caught
 *   6. a second case where the worker was charged a fee; the inspector's fee audit finds exactly it
 */
import { parseArgs } from "node:util";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startDemoLedger } from "./lib/demo-ledger.mts";
import { devWallet, DEMO_ROLES } from "./lib/seed.mts";
import { startIssuerService } from "@fairledger/issuer-service/service";
import { demoProvisioning } from "./lib/demo-provisioning.mts";
import { runStory } from "./lib/story.mts";

const ROOT = resolve(import.meta.dirname, "..");

interface Stack {
  rpcUrl: string;
  apiUrl: string;
  manifestPath: string;
  apiKeys: Record<string, string>;
}

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
let stepNumber = 0;
function step(title: string): void {
  stepNumber += 1;
  console.log(`\n${bold(`── ${stepNumber}. ${title}`)}`);
}
const say = (line: string) => console.log(`   ${line}`);

async function reachable(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health`)).ok;
  } catch {
    return false;
  }
}

async function connect(dataDir: string): Promise<{ stack: Stack; stop(): Promise<void> }> {
  const stackFile = join(dataDir, "stack.json");
  if (existsSync(stackFile)) {
    const stack = JSON.parse(readFileSync(stackFile, "utf8")) as Stack;
    if (await reachable(stack.apiUrl)) {
      console.log(`using the stack started by npm start (${stack.apiUrl})`);
      return { stack, stop: async () => {} };
    }
  }
  console.log("no running `npm start` stack found: starting a private one for this demo…");
  const ledger = await startDemoLedger();
  const service = await startIssuerService(
    {
      port: 0,
      dataDir: mkdtempSync(join(tmpdir(), "fairledger-demo-")),
      rpcUrl: ledger.chain.rpcUrl,
      manifestPath: ledger.manifestPath,
      batch: { size: 32, intervalMs: 500 },
      secrets: { kmsSecretKey: randomBytes(32).toString("hex"), dataMasterKey: randomBytes(32).toString("hex") },
    },
    { provision: demoProvisioning(ledger.demo.accounts) },
  ).catch(async (error: unknown) => {
    await ledger.stop();
    throw error;
  });
  const stack = {
    rpcUrl: ledger.chain.rpcUrl,
    apiUrl: service.url,
    manifestPath: ledger.manifestPath,
    apiKeys: service.apiKeys,
  };
  return {
    stack,
    async stop() {
      await service.stop();
      await ledger.stop();
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "data-dir": { type: "string", default: process.env.FAIRLEDGER_DATA_DIR ?? join(ROOT, ".data", "demo") },
    },
  });
  const { stack, stop } = await connect(resolve(values["data-dir"]));
  // The story's files stay afterwards, so a reader can re-run the verifier on them (README walkthroughs).
  const work = join(ROOT, ".data", "demo-output");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const { checks, error } = await runStory(
      {
        ...stack,
        employerKey: devWallet(DEMO_ROLES.employer).privateKey,
        agencyAddress: devWallet(DEMO_ROLES.agency).address,
      },
      { work, step, say },
    );
    if (error) throw error;
    const failures = checks.filter((check) => !check.passed).length;
    console.log(
      `\n   the story's files are in ${work} (presentation.json, request.json, employer-presentation.json, employer-request.json, contract.txt, swapped-contract.txt, audit.json)`,
    );
    console.log(
      `\n${failures === 0 ? "demo finished: every step behaved as expected." : `demo finished with ${failures} unexpected result(s).`}`,
    );
    process.exitCode = failures === 0 ? 0 : 1;
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => {
  const message =
    error && typeof error === "object" && "shortMessage" in error
      ? String((error as { shortMessage: unknown }).shortMessage)
      : (error as Error).message;
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
  console.error(`demo failed: ${message}${cause}`);
  process.exit(1);
});
