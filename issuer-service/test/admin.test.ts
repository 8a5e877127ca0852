/**
 * `fairledger-admin` (#11): init a deployment, bootstrap the first authority key (only for an account
 * the chain knows as an authority of that jurisdiction), keys list/revoke, config without secrets, and
 * doctor's checks of the chain, each OK or FAIL with a reason.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fairLedgerContract, type DeploymentManifest } from "@fairledger/common";
import { devWallet } from "../../scripts/lib/seed.mts";
import { client, startDemoLedger, tempDir, type DemoLedger } from "./helpers.ts";
import { initDeployment } from "../src/admin/init.ts";
import { adminConfig } from "../src/admin/settings.ts";
import { bootstrapAuthority } from "../src/admin/bootstrap-authority.ts";
import { doctor } from "../src/admin/doctor.ts";
import { startIssuerService } from "../src/service.ts";

const BIN = fileURLToPath(new URL("../bin/fairledger-admin.mjs", import.meta.url));
const admin = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, FAIRLEDGER_DATA_DIR: "" } });

describe("fairledger-admin", () => {
  let ledger: DemoLedger;
  before(async () => {
    ledger = await startDemoLedger();
  });
  after(async () => {
    await ledger?.stop();
  });

  const initialised = (manifestPath = ledger.manifestPath) => {
    const dataDir = join(tempDir(), "data");
    initDeployment({ dataDir, manifest: manifestPath, rpcUrl: ledger.chain.rpcUrl, port: 0 });
    return dataDir;
  };
  /** A copy of the deployment manifest with some fields changed. */
  const manifestWith = (change: (manifest: DeploymentManifest) => void) => {
    const manifest = JSON.parse(readFileSync(ledger.manifestPath, "utf8")) as DeploymentManifest;
    change(manifest);
    const path = join(tempDir(), "manifest.json");
    writeFileSync(path, JSON.stringify(manifest));
    return path;
  };

  it("init writes private settings with fresh secrets, and refuses to overwrite them", () => {
    const dataDir = initialised();
    const envFile = join(dataDir, "service.env");
    assert.equal(statSync(envFile).mode & 0o777, 0o600);
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    const config = adminConfig(dataDir, {});
    assert.equal(config.rpcUrl, ledger.chain.rpcUrl);
    assert.match(config.secrets.dataMasterKey, /^[0-9a-f]{64}$/);
    assert.notEqual(adminConfig(initialised(), {}).secrets.dataMasterKey, config.secrets.dataMasterKey);
    const again = admin(
      "init",
      "--data-dir",
      dataDir,
      "--manifest",
      ledger.manifestPath,
      "--rpc-url",
      ledger.chain.rpcUrl,
    );
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already initialised/);
  });

  it("config shows the effective configuration without secrets", () => {
    const dataDir = initialised();
    const shown = admin("config", "--data-dir", dataDir);
    assert.equal(shown.status, 0, shown.stderr);
    const secrets = adminConfig(dataDir, {}).secrets;
    assert.equal(shown.stdout.includes(secrets.dataMasterKey), false);
    assert.equal(shown.stdout.includes(secrets.kmsSecretKey), false);
    assert.equal(JSON.parse(shown.stdout).rpcUrl, ledger.chain.rpcUrl);
  });

  it("bootstrap-authority refuses an account that is not an authority of that jurisdiction on chain", async () => {
    const dataDir = initialised();
    const agency = devWallet(3);
    await assert.rejects(
      bootstrapAuthority(adminConfig(dataDir, {}), {
        jurisdiction: "PH",
        account: agency.address,
        privateKey: agency.privateKey,
      }),
      /is not a registered authority of PH on chain .*none/,
    );
    const authoritySA = devWallet(2);
    await assert.rejects(
      bootstrapAuthority(adminConfig(dataDir, {}), {
        jurisdiction: "PH",
        account: authoritySA.address,
        privateKey: authoritySA.privateKey,
      }),
      /not a registered authority of PH .*SA/,
    );
    const keyFile = join(tempDir(), "key");
    writeFileSync(keyFile, agency.privateKey);
    const cli = admin(
      "bootstrap-authority",
      "--data-dir",
      dataDir,
      "--jurisdiction",
      "PH",
      "--account",
      agency.address,
      "--private-key-file",
      keyFile,
    );
    assert.equal(cli.status, 1);
    assert.match(cli.stderr, /not a registered authority of PH/);
    assert.equal(cli.stdout.includes("fl_"), false);
  });

  it("bootstrap-authority makes the first authority key, which onboards an agency through the API; keys list and revoke", async () => {
    const dataDir = initialised();
    const authority = devWallet(1);
    const keyFile = join(tempDir(), "key");
    writeFileSync(keyFile, authority.privateKey);
    const cli = admin(
      "bootstrap-authority",
      "--data-dir",
      dataDir,
      "--jurisdiction",
      "PH",
      "--account",
      authority.address,
      "--private-key-file",
      keyFile,
    );
    assert.equal(cli.status, 0, cli.stderr);
    const apiKey = /API key \(shown once, store it now\): (fl_\S+)/.exec(cli.stdout)![1]!;

    const service = await startIssuerService(adminConfig(dataDir, {}));
    try {
      const agency = devWallet(130);
      await (await devWallet(18, ledger.provider).sendTransaction({ to: agency.address, value: 10n ** 18n })).wait();
      const onboarded = await client(service.url, apiKey).post("/principals", {
        kind: "agency",
        name: "First Agency",
        privateKey: agency.privateKey,
      });
      assert.equal(onboarded.status, 201, JSON.stringify(onboarded.body));
      const actions = service.context.db
        .prepare("SELECT action, actor FROM audit_log WHERE action LIKE 'api-key.%' ORDER BY id")
        .all() as { action: string; actor: string }[];
      assert.deepEqual(
        actions.map((entry) => entry.action),
        ["api-key.bootstrapped", "api-key.created"],
      );
      assert.equal(actions[0]!.actor, "admin");

      // The admin command works beside the running service on the same data directory.
      const listed = admin("keys", "list", "--data-dir", dataDir);
      assert.equal(listed.status, 0, listed.stderr);
      assert.equal(listed.stdout.trim().split("\n").length, 2);
      assert.equal(listed.stdout.includes("fl_"), false);
      const keyId = onboarded.body.key.id as string;
      const revoked = admin("keys", "revoke", keyId, "--data-dir", dataDir);
      assert.equal(revoked.status, 0, revoked.stderr);
      assert.equal(
        (await client(service.url, onboarded.body.key.apiKey).get(`/principals/${onboarded.body.principal.id}/keys`))
          .status,
        401,
      );
      const audit = service.context.db
        .prepare("SELECT actor FROM audit_log WHERE action = 'api-key.revoked' AND detail LIKE ?")
        .get(`%${keyId}%`) as { actor: string };
      assert.equal(audit.actor, "admin");
    } finally {
      await service.stop();
    }
  });

  it("register-authority: only the consortium admin's key registers an authority, and bootstrap then accepts it", async () => {
    const dataDir = initialised();
    const newAuthority = devWallet(140);
    await (
      await devWallet(17, ledger.provider).sendTransaction({ to: newAuthority.address, value: 10n ** 18n })
    ).wait();
    const keyFile = (key: string) => {
      const path = join(tempDir(), "key");
      writeFileSync(path, key);
      return path;
    };
    const register = (adminKey: string) =>
      admin(
        "register-authority",
        "--data-dir",
        dataDir,
        "--jurisdiction",
        "QA",
        "--account",
        newAuthority.address,
        "--admin-key-file",
        keyFile(adminKey),
      );
    const notAdmin = register(devWallet(3).privateKey);
    assert.equal(notAdmin.status, 1);
    assert.match(notAdmin.stderr, /refused registerAuthority: AccessControlUnauthorizedAccount/);
    const registered = register(devWallet(0).privateKey);
    assert.equal(registered.status, 0, registered.stderr);
    assert.match(registered.stdout, /registered 0x[0-9a-fA-F]{40} as authority of QA/);
    // Bootstrapped beside a running service on the same data directory: the service sees the new
    // authority at once and signs its chain transactions (a licence) without a restart.
    const service = await startIssuerService(adminConfig(dataDir, {}));
    try {
      const bootstrapped = admin(
        "bootstrap-authority",
        "--data-dir",
        dataDir,
        "--jurisdiction",
        "QA",
        "--account",
        newAuthority.address,
        "--private-key-file",
        keyFile(newAuthority.privateKey),
      );
      assert.equal(bootstrapped.status, 0, bootstrapped.stderr);
      const apiKey = /API key \(shown once, store it now\): (fl_\S+)/.exec(bootstrapped.stdout)![1]!;
      const agency = devWallet(141);
      await (await devWallet(17, ledger.provider).sendTransaction({ to: agency.address, value: 10n ** 18n })).wait();
      const onboarded = await client(service.url, apiKey).post("/principals", {
        kind: "agency",
        name: "Doha Placements",
        privateKey: agency.privateKey,
      });
      assert.equal(onboarded.status, 201, JSON.stringify(onboarded.body));
      const now = Date.now();
      const licensed = await client(service.url, apiKey).post("/licences", {
        agency: agency.address,
        agencyName: "Doha Placements",
        licenceNumber: "QA-0001",
        validFrom: new Date(now - 86_400_000).toISOString(),
        validUntil: new Date(now + 365 * 86_400_000).toISOString(),
      });
      assert.equal(licensed.status, 201, JSON.stringify(licensed.body));
    } finally {
      await service.stop();
    }
  });

  it("bootstrap-authority on a chain that charges gas says the authority's account has no funds, without a stack trace", () => {
    const dataDir = initialised();
    const unfunded = devWallet(143);
    const keyFile = (key: string) => {
      const path = join(tempDir(), "key");
      writeFileSync(path, key);
      return path;
    };
    const registered = admin(
      "register-authority",
      "--data-dir",
      dataDir,
      "--jurisdiction",
      "OM",
      "--account",
      unfunded.address,
      "--admin-key-file",
      keyFile(devWallet(0).privateKey),
    );
    assert.equal(registered.status, 0, registered.stderr);
    const bootstrapped = admin(
      "bootstrap-authority",
      "--data-dir",
      dataDir,
      "--jurisdiction",
      "OM",
      "--account",
      unfunded.address,
      "--private-key-file",
      keyFile(unfunded.privateKey),
    );
    assert.equal(bootstrapped.status, 1);
    assert.match(
      bootstrapped.stderr,
      new RegExp(`account ${unfunded.address} has no funds to publish its DID signing key`),
    );
    assert.doesNotMatch(bootstrapped.stderr, /\n\s+at /);
  });

  it("doctor reports OK on the deployment's chain, exit 0", async () => {
    const dataDir = initialised();
    const checks = await doctor(adminConfig(dataDir, {}));
    assert.deepEqual(
      checks.map((check) => check.name),
      ["chain id", "ledger code", "DID registry code", "accounts funded or gas-free", "clock skew"],
    );
    assert.deepEqual(
      checks.filter((check) => !check.ok),
      [],
    );
    const cli = admin("doctor", "--data-dir", dataDir);
    assert.equal(cli.status, 0, cli.stdout + cli.stderr);
    assert.match(cli.stdout, /^OK {3}chain id/m);
  });

  it("grant-inspector / revoke-inspector: only the consortium admin's key sets the INSPECTOR_ROLE that flagCase needs", async () => {
    const dataDir = initialised();
    const inspector = devWallet(142).address;
    const keyFile = join(tempDir(), "admin-key");
    const run = (command: string, adminKey: string) => {
      writeFileSync(keyFile, adminKey);
      return admin(command, "--data-dir", dataDir, "--account", inspector, "--admin-key-file", keyFile);
    };
    const reader = fairLedgerContract(ledger.manifest, ledger.provider);
    const holds = async () => (await reader.hasRole(await reader.INSPECTOR_ROLE(), inspector)) as boolean;

    const notAdmin = run("grant-inspector", devWallet(1).privateKey);
    assert.equal(notAdmin.status, 1);
    assert.match(notAdmin.stderr, /refused grantRole\(INSPECTOR_ROLE\): AccessControlUnauthorizedAccount/);
    assert.equal(await holds(), false);
    const granted = run("grant-inspector", devWallet(0).privateKey);
    assert.equal(granted.status, 0, granted.stderr);
    assert.match(granted.stdout, /granted the INSPECTOR_ROLE to 0x[0-9a-fA-F]{40} \(tx 0x/);
    assert.equal(await holds(), true);
    assert.match(run("grant-inspector", devWallet(0).privateKey).stdout, /already holds the INSPECTOR_ROLE/);
    const revoked = run("revoke-inspector", devWallet(0).privateKey);
    assert.equal(revoked.status, 0, revoked.stderr);
    assert.equal(await holds(), false);
  });

  it("doctor reports a wrong chain id and a missing ledger as FAIL, exit 1", async () => {
    const wrongChain = await doctor(
      adminConfig(initialised(manifestWith((manifest) => (manifest.chainId = 4242))), {}),
    );
    const chainId = wrongChain.find((check) => check.name === "chain id")!;
    assert.equal(chainId.ok, false);
    assert.match(chainId.reason, /serves chain 31337, the manifest was deployed on 4242/);

    const noLedger = initialised(
      manifestWith(
        (manifest) => (manifest.contracts.FairLedger.address = "0x000000000000000000000000000000000000dEaD"),
      ),
    );
    const ledgerCode = (await doctor(adminConfig(noLedger, {}))).find((check) => check.name === "ledger code")!;
    assert.equal(ledgerCode.ok, false);
    assert.match(ledgerCode.reason, /no contract code at 0x000000000000000000000000000000000000dEaD/);
    const cli = admin("doctor", "--data-dir", noLedger);
    assert.equal(cli.status, 1);
    assert.match(cli.stdout, /^FAIL ledger code/m);
  });

  it("doctor reports the clock skew as FAIL when the latest block is far ahead of this machine", async () => {
    const checks = await doctor(adminConfig(initialised(), {}), () => Date.now() - 3600_000);
    assert.equal(checks.find((check) => check.name === "clock skew")!.ok, false);
  });
});
