import { expect } from "chai";
import { ethers } from "hardhat";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { abiHash, deployAll, loadArtifact, type DeploymentManifest } from "../../scripts/lib/deployment";

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const HASH = /^0x[0-9a-fA-F]{64}$/;

/** The same shape common/src/manifest.ts (zod, ESM) validates; checked field by field from this CJS test. */
function expectValidManifest(json: unknown): asserts json is DeploymentManifest {
  const m = json as Record<string, unknown>;
  expect(m.manifestVersion).to.equal(1);
  expect(Number.isInteger(m.chainId) && (m.chainId as number) > 0, "chainId").to.equal(true);
  expect(m.network).to.be.a("string").and.not.equal("");
  expect(m.deployedAt).to.be.a("string");
  expect(Number.isNaN(Date.parse(m.deployedAt as string)), "deployedAt is a date").to.equal(false);
  expect(m.deployer).to.match(ADDRESS);
  const contracts = m.contracts as Record<string, Record<string, unknown>>;
  expect(Object.keys(contracts).sort()).to.deep.equal(["EthereumDIDRegistry", "FairLedger"]);
  for (const [name, c] of Object.entries(contracts)) {
    expect(c.address, `${name}.address`).to.match(ADDRESS);
    expect(Number.isInteger(c.blockNumber) && (c.blockNumber as number) >= 0, `${name}.blockNumber`).to.equal(true);
    expect(c.transactionHash, `${name}.transactionHash`).to.match(HASH);
    expect(c.abiHash, `${name}.abiHash`).to.match(HASH);
    expect(c.codeHash, `${name}.codeHash`).to.match(HASH);
  }
}

describe("deployment (scripts/lib/deployment.ts deployAll)", function () {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "fairledger-deploy-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function deploy(manifestPath: string, log: string[] = [], admin?: string) {
    const [deployer] = await ethers.getSigners();
    return deployAll(deployer!, {
      network: "hardhat",
      adminTransferDelay: 3600,
      manifestPath,
      admin,
      log: (l) => log.push(l),
    });
  }

  it("writes a manifest of the shape common/src/manifest.ts validates, with working contracts", async function () {
    const path = join(dir, "hardhat.json");
    const manifest = await deploy(path);
    const written = JSON.parse(readFileSync(path, "utf8"));
    expectValidManifest(written);
    expect(written).to.deep.equal(manifest);
    expect(written.chainId).to.equal(Number((await ethers.provider.getNetwork()).chainId));
    expect(written.contracts.FairLedger.abiHash).to.equal(abiHash(loadArtifact("FairLedger").abi));
    const ledger = await ethers.getContractAt("FairLedger", written.contracts.FairLedger.address);
    const [deployer] = await ethers.getSigners();
    expect(await ledger.defaultAdmin()).to.equal(deployer!.address);
    expect(await ledger.defaultAdminDelay()).to.equal(3600);
    const code = await ethers.provider.getCode(written.contracts.EthereumDIDRegistry.address);
    expect(ethers.keccak256(code)).to.equal(written.contracts.EthereumDIDRegistry.codeHash);
  });

  it("reuses the deployment when run twice against the same chain", async function () {
    const path = join(dir, "hardhat.json");
    const first = await deploy(path);
    const log: string[] = [];
    const second = await deploy(path, log);
    expectValidManifest(second);
    expect(second.contracts).to.deep.equal(first.contracts);
    expect(log.filter((l) => l.includes("reused"))).to.have.length(2);
  });

  it("redeploys a contract whose code on chain no longer matches the manifest", async function () {
    const path = join(dir, "hardhat.json");
    const first = await deploy(path);
    const tampered = JSON.parse(readFileSync(path, "utf8"));
    tampered.contracts.FairLedger.codeHash = ethers.ZeroHash;
    writeFileSync(path, JSON.stringify(tampered));
    const second = await deploy(path);
    expect(second.contracts.FairLedger.address).not.to.equal(first.contracts.FairLedger.address);
    expect(second.contracts.EthereumDIDRegistry).to.deep.equal(first.contracts.EthereumDIDRegistry);
  });

  it("refuses to reuse a deployment whose consortium admin is not the one asked for (CONSORTIUM_ADMIN)", async function () {
    const path = join(dir, "hardhat.json");
    const [deployer, other] = await ethers.getSigners();
    const first = await deploy(path);
    const before = readFileSync(path, "utf8");
    const refusal = await deploy(path, [], other!.address).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(refusal?.message).to.match(/already deployed with consortium admin .*not .*CONSORTIUM_ADMIN/);
    expect(readFileSync(path, "utf8"), "the manifest is left as it was").to.equal(before);
    const same = await deploy(path, [], deployer!.address);
    expect(same.contracts).to.deep.equal(first.contracts);
  });
});
