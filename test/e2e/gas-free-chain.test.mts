/**
 * FairLedger on a gas-free chain whose accounts hold nothing at all — production's Besu QBFT with zero
 * base fee and min gas price 0 (deploy/besu/) — played by anvil with `--balance 0 --base-fee 0
 * --gas-price 0`. Such a chain still answers eth_maxPriorityFeePerGas with a tip (1 gwei on anvil); a
 * client that adds it is refused for "insufficient funds". Proven here: scripts/deploy.ts deploys from an
 * empty deployer account (waiting for FAIRLEDGER_CONFIRMATIONS blocks), the consortium admin's command,
 * the authorities' first keys, an agency onboarded through the API and its licence all go through, and
 * every account still holds 0 wei. (The whole story on such a chain: the `external` stage of `npm test`.)
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { JsonRpcProvider, Network, Wallet } from "ethers";
import { startIssuerService, type IssuerService } from "@fairledger/issuer-service/service";
import { adminConfig } from "@fairledger/issuer-service/admin/settings";
import { IssuerClient } from "../../scripts/lib/issuer-client.mts";
import { bootstrapAuthorities, fairledgerAdmin, onboardPrincipal } from "../../scripts/lib/operator-onboarding.mts";

import { compileContracts } from "../../scripts/lib/local-chain.mts";
import { startAnvil, type RunningAnvil } from "../../scripts/lib/anvil.mjs";

const ROOT = resolve(import.meta.dirname, "..", "..");
const HARDHAT = fileURLToPath(import.meta.resolve("hardhat/internal/cli/cli.js"));
/** A block a second: the chain's pace is what the deploy's polling follows. */
const BLOCK_SECONDS = 1;
const CONFIRMATIONS = 3;
const POLL_MS = 200;

/** Runs a command to its end; its output is kept for the assertion messages. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("close", (code) => done({ code: code ?? 1, output }));
  });
}

describe("a gas-free chain where nobody holds ether (anvil --balance 0 --base-fee 0 --gas-price 0)", () => {
  const work = mkdtempSync(join(tmpdir(), "fairledger-gas-free-"));
  const manifestPath = join(work, "deployment.json");
  const authority = Wallet.createRandom();
  const agency = Wallet.createRandom();
  let anvil: RunningAnvil;
  let rpcUrl: string;
  // Account 0 of the run's fresh mnemonic (startAnvil): nothing leans on well-known development keys.
  let deployer: { address: string; privateKey: string };
  let provider: JsonRpcProvider;
  let service: IssuerService | undefined;

  before(async () => {
    compileContracts();
    anvil = await startAnvil({
      accounts: 1,
      stdio: "ignore",
      extraArgs: [
        "--balance",
        "0",
        "--block-time",
        String(BLOCK_SECONDS),
        "--base-fee",
        "0",
        "--gas-price",
        "0",
        "--disable-min-priority-fee",
      ],
    });
    rpcUrl = anvil.url;
    deployer = { address: anvil.deployerAddress, privateKey: anvil.deployerKey };
    provider = new JsonRpcProvider(rpcUrl, Network.from(31337), { staticNetwork: true });
  });

  after(async () => {
    await service?.stop();
    provider?.destroy();
    await anvil?.stop();
  });

  test("the chain asks no gas price but still suggests a tip, and the deployer holds nothing", async () => {
    assert.equal(BigInt(await provider.send("eth_gasPrice", [])), 0n);
    assert.equal((await provider.getBlock("latest"))!.baseFeePerGas, 0n);
    assert.ok(
      BigInt(await provider.send("eth_maxPriorityFeePerGas", [])) > 0n,
      "the trap: a client adding this tip needs ether",
    );
    assert.equal(await provider.getBalance(deployer.address), 0n);
  });

  test("scripts/deploy.ts deploys from the empty deployer, polling at the chain's pace, waiting for FAIRLEDGER_CONFIRMATIONS blocks", async () => {
    const { code, output } = await run(
      process.execPath,
      [HARDHAT, "run", "scripts/deploy.ts", "--network", "consortium"],
      {
        ...process.env,
        CI: "true",
        HARDHAT_DISABLE_TELEMETRY_PROMPT: "true",
        RPC_URL: rpcUrl,
        DEPLOYER_PRIVATE_KEY: deployer.privateKey,
        MANIFEST_PATH: manifestPath,
        ADMIN_TRANSFER_DELAY: "0",
        FAIRLEDGER_POLL_MS: String(POLL_MS),
        FAIRLEDGER_CONFIRMATIONS: String(CONFIRMATIONS),
      },
    );
    // Asked before anything else can happen: the deploy has just ended.
    const head = await provider.getBlockNumber();
    assert.equal(code, 0, output);
    assert.match(output, new RegExp(`polling every ${POLL_MS} ms, ${CONFIRMATIONS} confirmation\\(s\\)`));
    assert.ok(existsSync(manifestPath), output);
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
      contracts: Record<string, { blockNumber: number }>;
    };
    const { EthereumDIDRegistry: registry, FairLedger: ledger } = manifest.contracts;
    // Each deployment waited for its block and CONFIRMATIONS − 1 more before the next was sent and before the end.
    assert.ok(
      ledger!.blockNumber >= registry!.blockNumber + CONFIRMATIONS,
      `registry at ${registry!.blockNumber}, ledger at ${ledger!.blockNumber}`,
    );
    assert.ok(
      head >= ledger!.blockNumber + CONFIRMATIONS - 1,
      `ledger at ${ledger!.blockNumber}, deploy ended at block ${head}`,
    );
    assert.equal(await provider.getBalance(deployer.address), 0n);
  });

  test("register-authority and bootstrap-authority (polling slower than blocks), POST /principals and a licence go through from accounts holding 0 wei", async () => {
    assert.ok(existsSync(manifestPath), "needs the deployment of the test before");
    // Polling slower than the blocks come, so a poll sees two blocks: ethers then still has a look-up queued
    // when a wait ends, which a destroyed provider rejected unhandled (exit 1 after success; release-provider.ts).
    const pace = { pollMs: 2_500, confirmations: 1 };
    const dataDir = join(work, "data");
    const keys = join(work, "keys");
    mkdirSync(keys, { mode: 0o700 });
    writeFileSync(join(keys, "admin.key"), deployer.privateKey, { mode: 0o600 });
    writeFileSync(join(keys, "authority.key"), authority.privateKey, { mode: 0o600 });
    await fairledgerAdmin(["init", "--data-dir", dataDir, "--manifest", manifestPath, "--rpc-url", rpcUrl], pace);
    const doctor = await fairledgerAdmin(["doctor", "--data-dir", dataDir], pace);
    assert.match(doctor, /OK {3}accounts funded or gas-free: gas price is zero/);

    const [ph] = await bootstrapAuthorities(
      dataDir,
      join(keys, "admin.key"),
      [
        {
          jurisdiction: "PH",
          name: "Department of Migrant Workers",
          account: authority,
          keyFile: join(keys, "authority.key"),
        },
      ],
      pace,
    );
    service = await startIssuerService({
      ...adminConfig(dataDir, {}),
      host: "127.0.0.1",
      port: 0,
      pollMs: POLL_MS,
      confirmations: 1,
    });
    const api = new IssuerClient(service.url).as(ph!.apiKey);
    const onboarded = await onboardPrincipal(api, "agency", "Bayanihan Manpower Services", agency);
    const now = Date.now();
    const licence = await api.request<{ digest: string }>("POST", "/licences", {
      agency: agency.address,
      agencyName: "Bayanihan Manpower Services",
      licenceNumber: "DMW-2026-0001",
      validFrom: new Date(now - 86_400_000).toISOString(),
      validUntil: new Date(now + 365 * 86_400_000).toISOString(),
    });

    const onChain = await api.request<{ licensedNow: boolean; documentHash: string }>(
      "GET",
      `/licences/${agency.address}`,
    );
    assert.equal(onChain.licensedNow, true);
    assert.equal(onChain.documentHash, licence.digest);
    assert.match(onboarded.did, new RegExp(agency.address.slice(2), "i"));
    for (const account of [deployer.address, authority.address, agency.address])
      assert.equal(await provider.getBalance(account), 0n, `${account} holds nothing`);
    assert.ok(
      (await provider.getTransactionCount(authority.address)) >= 2,
      "the authority sent its DID key and the licence itself",
    );
    assert.ok(
      (await provider.getTransactionCount(agency.address)) >= 1,
      "the agency published its DID signing key itself",
    );
  });
});
