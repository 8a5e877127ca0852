/**
 * `npm run test:external`: the whole FairLedger story against a chain this project did not start — any
 * EVM JSON-RPC endpoint (anvil, Besu QBFT, …) — and prints "N passed, N failed" (exit 1 on a failure).
 *
 *   FAIRLEDGER_RPC_URL        the chain's JSON-RPC URL (required)
 *   FAIRLEDGER_DEPLOYER_KEY   a private key on it (required); it deploys, and is the consortium admin
 *   FAIRLEDGER_MANIFEST       deployment manifest, reused while its contracts are on the chain
 *                             (default .data/external/deployment-<chain id>.json)
 *   FAIRLEDGER_POLL_MS        receipt polling interval (default: a quarter of the measured block time)
 *   FAIRLEDGER_CONFIRMATIONS  blocks a write waits for (default 1)
 *   FAIRLEDGER_FUND_WEI       what each fresh principal key is sent from the deployer (default 0.1 ether;
 *                             nothing is sent when the deployer holds nothing: a gas-free chain)
 *
 * What an operator does, in the README's order: deploy (or reuse) FairLedger and the DID registry; make
 * fresh random keys for the principals (no prefunded dev accounts assumed); `fairledger-admin init` and
 * `doctor`; the consortium admin registers the PH and SA authorities (`register-authority`), each gets
 * its first API key (`bootstrap-authority`); the issuer service starts from that data directory with no
 * demo provisioning; then only the authorities' API: PH onboards the agency, inspector and insurer
 * (`POST /principals`) and grants the insurer, SA registers the employer, PH proposes and SA approves the
 * PH→SA zero-fee policy. Then scripts/lib/story.mts, the story `npm run demo` tells. On a chain where the
 * deployer holds nothing (gas-free, as the Besu genesis), a last check: every account still holds 0 wei.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { JsonRpcProvider, Network, Wallet, parseEther } from "ethers";
import { applyPollingInterval, measureBlockTimeMs } from "@fairledger/common";
import { startIssuerService, type IssuerService } from "@fairledger/issuer-service/service";
import { adminConfig } from "@fairledger/issuer-service/admin/settings";
import { compileContracts } from "./lib/local-chain.mts";
import { setUpExternalLedger, type ExternalLedger } from "./lib/external-ledger.mts";
import { runStory, type StoryCheck } from "./lib/story.mts";
import { IssuerClient } from "./lib/issuer-client.mts";
import {
  agreeCorridorPolicy,
  bootstrapAuthorities,
  fairledgerAdmin,
  onboardPrincipal,
} from "./lib/operator-onboarding.mts";

const ROOT = resolve(import.meta.dirname, "..");

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required: see the header of scripts/test-external.mts`);
    process.exit(64);
  }
  return value;
}

const optionalInt = (name: string): number | undefined => {
  const value = process.env[name];
  return value ? Number.parseInt(value, 10) : undefined;
};

/** A key file only this user can read, as the README's walkthrough keeps them. */
function keyFile(dir: string, name: string, privateKey: string): string {
  const file = join(dir, name);
  writeFileSync(file, privateKey, { mode: 0o600 });
  return file;
}

async function main(): Promise<number> {
  const rpcUrl = required("FAIRLEDGER_RPC_URL");
  const deployerKey = required("FAIRLEDGER_DEPLOYER_KEY");
  const confirmations = optionalInt("FAIRLEDGER_CONFIRMATIONS") ?? 1;
  const fundWei = process.env.FAIRLEDGER_FUND_WEI ? BigInt(process.env.FAIRLEDGER_FUND_WEI) : parseEther("0.1");
  const started = Date.now();
  const checks: StoryCheck[] = [];
  const expect = (name: string, passed: boolean) => {
    checks.push({ name, passed });
    console.log(`${passed ? "✔" : "✘"} ${name}`);
  };
  const step = (title: string) => console.log(`\n── ${title}`);
  const say = (line: string) => console.log(`   ${line}`);

  const probe = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true });
  const chainId = Number((await probe.getNetwork()).chainId);
  probe.destroy();
  const provider = new JsonRpcProvider(rpcUrl, Network.from(chainId), { staticNetwork: true, cacheTimeout: -1 });
  let service: IssuerService | undefined;
  let ledger: ExternalLedger | undefined;
  try {
    const blockTimeMs = await measureBlockTimeMs(provider);
    const pollMs = await applyPollingInterval(provider, optionalInt("FAIRLEDGER_POLL_MS"));
    const pace = { pollMs, confirmations };
    console.log(
      `chain ${chainId} at ${rpcUrl}: block time ${blockTimeMs ? `${Math.round(blockTimeMs)} ms` : "not measurable yet"}, ` +
        `polling every ${pollMs} ms, ${confirmations} confirmation(s)`,
    );

    step("Deploy: FairLedger and the DID registry (reused while the manifest's contracts are on the chain)");
    compileContracts();
    const manifestPath = resolve(
      process.env.FAIRLEDGER_MANIFEST ?? join(ROOT, ".data", "external", `deployment-${chainId}.json`),
    );
    const deployerBalance = await provider.getBalance(new Wallet(deployerKey).address);
    ledger = await setUpExternalLedger({
      rpcUrl,
      chainId,
      deployerKey,
      manifestPath,
      pollMs,
      confirmations,
      fundWei,
      log: say,
    });
    say(
      ledger.funded > 0
        ? `funded ${ledger.funded} fresh principal keys with ${fundWei} wei each`
        : `no funding sent (the deployer holds ${deployerBalance} wei: a gas-free chain, or keys already funded)`,
    );
    expect(
      "deploy: FairLedger and the DID registry are on the chain (deployed or reused); the admin granted the inspector role",
      true,
    );
    const { wallets } = ledger;

    step(
      "Operator: a data directory, a check of the chain, the two authorities and their first API keys (fairledger-admin)",
    );
    const work = mkdtempSync(join(tmpdir(), "fairledger-external-"));
    const keys = join(work, "keys");
    mkdirSync(keys, { mode: 0o700 });
    const dataDir = join(work, "data");
    say(
      (
        await fairledgerAdmin(["init", "--data-dir", dataDir, "--manifest", manifestPath, "--rpc-url", rpcUrl], pace)
      ).trim(),
    );
    // doctor exits 1 on a FAIL, which rejects here: this chain must be fit to run on.
    for (const line of (await fairledgerAdmin(["doctor", "--data-dir", dataDir], pace)).trimEnd().split("\n"))
      say(line);
    expect(
      "operator: fairledger-admin init, and doctor passes (chain id, ledger and registry code, funded or gas-free, clock)",
      true,
    );
    const [ph, sa] = await bootstrapAuthorities(
      dataDir,
      keyFile(keys, "admin.key", deployerKey),
      [
        {
          jurisdiction: "PH",
          name: "Department of Migrant Workers",
          account: wallets.authorityPH,
          keyFile: keyFile(keys, "authority-ph.key", wallets.authorityPH.privateKey),
        },
        {
          jurisdiction: "SA",
          name: "Ministry of Human Resources",
          account: wallets.authoritySA,
          keyFile: keyFile(keys, "authority-sa.key", wallets.authoritySA.privateKey),
        },
      ],
      pace,
      say,
    );
    expect(
      "operator: the consortium admin registers the PH and SA authorities on chain; each gets its first API key",
      Boolean(ph?.apiKey && sa?.apiKey),
    );
    if (!ph || !sa) throw new Error("bootstrap-authority gave no PH or SA authority");

    step("Issuer service: started from the operator's data directory (service.env), nobody provisioned at start");
    const config = adminConfig(dataDir, {});
    service = await startIssuerService(
      { ...config, host: "127.0.0.1", port: 0, pollMs, confirmations, batch: { size: 32, intervalMs: 500 } },
      { log: (line) => console.log(`[issuer] ${line}`) },
    );
    expect(
      "issuer service: started against the external chain with no demo provisioning",
      Object.keys(service.apiKeys).length === 0,
    );

    step(
      "Authorities' API: PH onboards the agency, inspector and insurer and grants the insurer; SA registers the employer",
    );
    const api = new IssuerClient(service.url);
    const phApi = api.as(ph.apiKey);
    const saApi = api.as(sa.apiKey);
    const [[agency, inspector, insurer]] = await Promise.all([
      (async () => {
        const onboarded = [
          await onboardPrincipal(phApi, "agency", "Bayanihan Manpower Services", wallets.agency),
          await onboardPrincipal(phApi, "inspector", "DMW Inspectorate", wallets.inspector),
          await onboardPrincipal(phApi, "insurer", "Philippine Overseas Insurance", wallets.insurer),
        ] as const;
        await phApi.request("POST", "/insurers", { insurer: wallets.insurer.address });
        return onboarded;
      })(),
      saApi.request("POST", "/employers", { employer: wallets.employer.address }),
    ]);
    for (const [role, principal] of Object.entries({ agency, inspector, insurer }))
      say(`${role}: principal ${principal.id}, ${principal.did}`);
    const listed = await phApi.request<{ items: { id: string }[] }>("GET", "/principals");
    expect(
      "onboarding: PH's agency, inspector and insurer are principals with their own API keys (POST /principals)",
      [agency, inspector, insurer].every(
        (p) => p.apiKey.startsWith("fl_") && listed.items.some((item) => item.id === p.id),
      ),
    );
    const inList = async (path: string, account: string) =>
      (await api.as(agency.apiKey).request<{ items: { account: string; status: string }[] }>("GET", path)).items.some(
        (member) => member.account.toLowerCase() === account.toLowerCase() && member.status === "registered",
      );
    expect(
      "onboarding: the chain lists the employer (SA) and the insurer (PH) (POST /employers, POST /insurers)",
      (await inList("/employers?jurisdiction=SA", wallets.employer.address)) &&
        (await inList("/insurers?jurisdiction=PH", wallets.insurer.address)),
    );

    step(
      "Corridor: PH proposes and SA approves the PH→SA policy: no fee may be charged to the worker (ILO Employer Pays)",
    );
    const policy = await agreeCorridorPolicy(phApi, saApi, "PH-SA", { maxWorkerPaidFee: "0", currency: "PHP" });
    say(`PH-SA active policy: ${JSON.stringify(policy.active)}`);
    const active = (policy.active ?? {}) as { maxWorkerPaidFee?: string; currency?: string };
    expect(
      "corridor: the PH-SA zero-fee policy is active once both countries agreed",
      active.maxWorkerPaidFee === "0" && active.currency === "PHP",
    );

    const storyDir = join(work, "story");
    mkdirSync(storyDir, { recursive: true });
    const story = await runStory(
      {
        rpcUrl,
        apiUrl: service.url,
        manifestPath,
        apiKeys: { authorityPH: ph.apiKey, agency: agency.apiKey },
        employerKey: wallets.employer.privateKey,
        agencyAddress: wallets.agency.address,
      },
      { work: storyDir, step, say },
    );
    for (const check of story.checks) expect(check.name, check.passed);
    if (story.error) expect(`the story ran to its end (${describe(story.error)})`, false);

    if (deployerBalance === 0n) {
      step("Gas-free: nobody held ether, and every write above went through");
      const accounts = [ledger.deployer.address, ...Object.values(wallets).map((wallet) => wallet.address)];
      const balances = await Promise.all(accounts.map((address) => provider.getBalance(address)));
      say(
        `${accounts.length} accounts (deployer, authorities, agency, employer, insurer, inspector): ${balances.join(", ")} wei`,
      );
      expect(
        "gas-free chain: every account still holds 0 wei after deploying, onboarding and the whole story",
        balances.every((b) => b === 0n),
      );
    }
  } catch (error) {
    expect(`the run reached its end (${describe(error)})`, false);
  } finally {
    await service?.stop();
    ledger?.stop();
    provider.destroy();
  }
  const failed = checks.filter((check) => !check.passed).length;
  console.log(`\n${checks.length} checks in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`${checks.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

function describe(error: unknown): string {
  if (error && typeof error === "object" && "shortMessage" in error)
    return String((error as { shortMessage: unknown }).shortMessage);
  return error instanceof Error ? error.message : String(error);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`test:external failed: ${describe(error)}`);
    process.exit(1);
  },
);
