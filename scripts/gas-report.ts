/**
 * `npm run gas` (= `hardhat run scripts/gas-report.ts`): measures gasUsed of every state-changing
 * FairLedger function on the in-process Hardhat network, the cost per record of Merkle batch roots,
 * and, for comparison, EAS `attest`/`revoke` deployed in the same run from the npm package
 * @ethereum-attestation-service/eas-contracts. Prints a markdown table and writes it to bench/gas.md.
 *
 * Every figure is the receipt's gasUsed of one transaction, including the 21,000 intrinsic gas and
 * calldata, so the numbers compare with what a consortium member pays per call.
 */
import hre from "hardhat";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  ContractFactory,
  type ContractTransactionResponse,
  type Signer,
  AbiCoder,
  id,
  hexlify,
  toUtf8Bytes,
} from "ethers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";

// The EIP-712 types live once, in the ESM protocol package (common/src/eip712.ts); this CommonJS script
// (Hardhat runs it) loads them through tsx rather than keep a second copy.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tsx = require("tsx/cjs/api") as { require(id: string, from: string): unknown };
const eip712 = tsx.require("../common/src/eip712.ts", __filename) as typeof import("../common/src/eip712");

const { ethers } = hre;
const OUTPUT = join(__dirname, "..", "bench", "gas.md");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const HARDHAT_VERSION = (require("hardhat/package.json") as { version: string }).version;
const ANCHOR_TARGET = 50_000n;
const BATCH_TARGET_PER_RECORD = 100n;
const BATCH_SIZES = [1, 10, 100, 1_000, 10_000];

const code = (iso: string) => hexlify(toUtf8Bytes(iso));

interface Row {
  area: string;
  call: string;
  gas: bigint;
  note?: string;
}

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (!receipt || receipt.status !== 1) throw new Error("transaction failed");
  return receipt.gasUsed;
}

async function easArtifact(name: "EAS" | "SchemaRegistry") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(`@ethereum-attestation-service/eas-contracts/artifacts/contracts/${name}.sol/${name}.json`) as {
    abi: never;
    bytecode: string;
  };
}

async function measureEas(signer: Signer, recipient: string): Promise<Row[]> {
  const registryArtifact = await easArtifact("SchemaRegistry");
  const easArt = await easArtifact("EAS");
  const registry = await new ContractFactory(registryArtifact.abi, registryArtifact.bytecode, signer).deploy();
  await registry.waitForDeployment();
  const eas = await new ContractFactory(easArt.abi, easArt.bytecode, signer).deploy(await registry.getAddress());
  await eas.waitForDeployment();

  const schemaText = "bytes32 digest";
  const register = await gasOf(registry.getFunction("register")(schemaText, ethers.ZeroAddress, true));
  const schemaUid = ethers.solidityPackedKeccak256(
    ["string", "address", "bool"],
    [schemaText, ethers.ZeroAddress, true],
  );
  const data = AbiCoder.defaultAbiCoder().encode(["bytes32"], [id("credential digest for EAS")]);
  const attestTx = (await eas.getFunction("attest")({
    schema: schemaUid,
    data: { recipient, expirationTime: 0, revocable: true, refUID: ethers.ZeroHash, data, value: 0 },
  })) as ContractTransactionResponse;
  const attestReceipt = (await attestTx.wait())!;
  const attested = attestReceipt.logs
    .map((log) => eas.interface.parseLog(log))
    .find((parsed) => parsed?.name === "Attested");
  if (!attested) throw new Error("EAS attest emitted no Attested event");
  const uid = attested.args.getValue("uid") as string;
  const revoke = await gasOf(
    eas.getFunction("revoke")({ schema: schemaUid, data: { uid, value: 0 } }) as Promise<ContractTransactionResponse>,
  );
  return [
    { area: "EAS 1.9.0", call: "SchemaRegistry.register (bytes32 schema)", gas: register },
    { area: "EAS 1.9.0", call: "EAS.attest (one bytes32, no resolver)", gas: attestReceipt.gasUsed },
    { area: "EAS 1.9.0", call: "EAS.revoke", gas: revoke },
  ];
}

async function main(): Promise<void> {
  if (hre.network.name !== "hardhat")
    throw new Error("run on the in-process network: npx hardhat run scripts/gas-report.ts");
  const signers = await ethers.getSigners();
  const [admin, authPH, authSA, agency, employer, insurer, inspector, spare, newAdmin] = signers as [
    (typeof signers)[0],
    ...typeof signers,
  ];
  const PH = code("PH");
  const SA = code("SA");
  const USD = code("USD");
  const rows: Row[] = [];
  const add = async (area: string, call: string, tx: Promise<ContractTransactionResponse>, note?: string) => {
    rows.push({ area, call, gas: await gasOf(tx), note });
  };

  const factory = await ethers.getContractFactory("FairLedger");
  const deployTx = await factory.getDeployTransaction(3600, admin.address);
  const ledger = await factory.deploy(3600, admin.address);
  const deployReceipt = await ledger.deploymentTransaction()!.wait();
  rows.push({
    area: "deploy",
    call: "FairLedger constructor",
    gas: deployReceipt!.gasUsed,
    note: `${(deployTx.data.length - 2) / 2} bytes initcode`,
  });
  const as = (s: Signer) => ledger.connect(s);

  // Governance
  await add("governance", "registerAuthority", as(admin).registerAuthority(authPH!.address, PH));
  await as(admin).registerAuthority(authSA!.address, SA);
  await add("governance", "removeAuthority", as(admin).removeAuthority(authSA!.address));
  await as(admin).registerAuthority(authSA!.address, SA);
  await add("governance", "registerEmployer", as(authSA!).registerEmployer(employer!.address));
  await as(authSA!).registerEmployer(spare!.address);
  await add("governance", "deregisterEmployer", as(authSA!).deregisterEmployer(spare!.address));
  await add("governance", "grantInsurer", as(authPH!).grantInsurer(insurer!.address));
  await as(authPH!).grantInsurer(spare!.address);
  await add("governance", "revokeInsurer", as(authPH!).revokeInsurer(spare!.address));
  await add(
    "governance",
    "grantRole (INSPECTOR_ROLE)",
    as(admin).grantRole(await ledger.INSPECTOR_ROLE(), inspector!.address),
  );
  await add("governance", "proposeCorridorPolicy", as(authPH!).proposeCorridorPolicy(PH, SA, 0, USD));
  await add("governance", "approveCorridorPolicy (activates)", as(authSA!).approveCorridorPolicy(code("PHSA"), 0, USD));
  await add("governance", "beginDefaultAdminTransfer", as(admin).beginDefaultAdminTransfer(newAdmin!.address));
  await add("governance", "cancelDefaultAdminTransfer", as(admin).cancelDefaultAdminTransfer());

  // Licensing
  const now = Number((await ethers.provider.getBlock("latest"))!.timestamp);
  const year = 365 * 24 * 3600;
  await add("licensing", "issueLicence", as(authPH!).issueLicence(agency!.address, id("licence"), now, now + year));
  await add("licensing", "renewLicence", as(authPH!).renewLicence(agency!.address, id("licence 2"), now + 2 * year));
  await add("licensing", "suspendLicence", as(authPH!).suspendLicence(agency!.address, 1));
  await add("licensing", "reinstateLicence", as(authPH!).reinstateLicence(agency!.address));
  await as(authPH!).issueLicence(spare!.address, id("licence spare"), now, now + year);
  // From the latest block's time: the revocation takes effect (about) now; a backdated one costs the same.
  const revokeFrom = Number((await ethers.provider.getBlock("latest"))!.timestamp);
  await add("licensing", "revokeLicence", as(authPH!).revokeLicence(spare!.address, 1, revokeFrom));
  await add(
    "licensing",
    "issueLicence (re-issue after revocation)",
    as(authPH!).issueLicence(spare!.address, id("licence spare 2"), now, now + year),
  );

  // Records
  await add(
    "records",
    "anchorRecord (licensed agency)",
    as(agency!).anchorRecord(id("credential 1"), 0),
    `target ≤ ${ANCHOR_TARGET}`,
  );
  await add("records", "anchorRecord (authority)", as(authPH!).anchorRecord(id("licence doc"), 1));
  await add("records", "setRecordStatus (suspend)", as(agency!).setRecordStatus(id("credential 1"), 2, 7));
  await add("records", "setRecordStatus (reinstate)", as(agency!).setRecordStatus(id("credential 1"), 1, 0));
  await add("records", "setRecordStatus (revoke)", as(agency!).setRecordStatus(id("credential 1"), 3, 7));

  const batchRows: { size: number; gas: bigint; statusGas: bigint; proofLength: number }[] = [];
  for (const size of BATCH_SIZES) {
    const records = Array.from({ length: size }, (_, i) => id(`batch ${size} record ${i}`));
    const tree = StandardMerkleTree.of(
      records.map((r) => [r]),
      ["bytes32"],
    );
    const gas = await gasOf(as(agency!).anchorBatch(tree.root, size));
    const proof = tree.getProof(0);
    const statusGas = await gasOf(as(agency!).setBatchRecordStatus(tree.root, records[0]!, proof, 3, 1));
    batchRows.push({ size, gas, statusGas, proofLength: proof.length });
  }
  const batch1000 = batchRows.find((b) => b.size === 1000)!;
  rows.push({ area: "records", call: "anchorBatch (any size)", gas: batch1000.gas, note: "see batch table" });
  rows.push({
    area: "records",
    call: "setBatchRecordStatus (1,000-record batch)",
    gas: batch1000.statusGas,
    note: `proof of ${batch1000.proofLength} hashes`,
  });

  // Cases
  const CASE = id("case commitment");
  await add("cases", "openCase", as(agency!).openCase(CASE, code("PHSA")));
  const domain = eip712.fairLedgerDomain((await ethers.provider.getNetwork()).chainId, await ledger.getAddress());
  const types = eip712.EMPLOYMENT_CONTRACT_TYPES;
  const contract = async (hash: string, previous: string, label: string) => {
    const msg = {
      caseCommitment: CASE,
      contractHash: hash,
      previousContractHash: previous,
      employer: employer!.address,
    };
    const sigs = [await agency!.signTypedData(domain, types, msg), await employer!.signTypedData(domain, types, msg)];
    await add(
      "cases",
      label,
      as(spare!).anchorEmploymentContract(CASE, hash, previous, employer!.address, sigs[0]!, sigs[1]!),
    );
  };
  await contract(id("contract v1"), ethers.ZeroHash, "anchorEmploymentContract (first version, 2 signatures)");
  await contract(id("contract v2"), id("contract v1"), "anchorEmploymentContract (amendment)");
  await add(
    "cases",
    "recordFeeReceipt (first)",
    as(agency!).recordFeeReceipt(CASE, id("receipt 1"), 0, 50_000, USD, 1),
  );
  await add("cases", "recordFeeReceipt (next)", as(agency!).recordFeeReceipt(CASE, id("receipt 2"), 0, 25_000, USD, 2));
  await add("cases", "anchorInsurance", as(insurer!).anchorInsurance(CASE, id("insurance"), now + year));
  await add("cases", "flagCase", as(inspector!).flagCase(CASE, id("finding")));
  await add("cases", "closeCase (within policy)", as(agency!).closeCase(CASE, id("root"), 2, 0, 75_000));
  const CASE2 = id("case commitment 2");
  await as(agency!).openCase(CASE2, code("PHSA"));
  await as(agency!).recordFeeReceipt(CASE2, id("receipt 3"), 1, 10_000, USD, 1);
  await add("cases", "closeCase (in breach)", as(agency!).closeCase(CASE2, id("root 2"), 1, 10_000, 0));

  rows.push(...(await measureEas(admin, spare!.address)));

  const fmt = (n: bigint) => n.toLocaleString("en-US");
  const anchorGas = rows.find((r) => r.call === "anchorRecord (licensed agency)")!.gas;
  const attestGas = rows.find((r) => r.call.startsWith("EAS.attest"))!.gas;
  const perRecord1000 = batch1000.gas / 1000n;
  const lines = [
    "# FairLedger gas report",
    "",
    `Measured by \`npm run gas\` (scripts/gas-report.ts) on the in-process Hardhat network (Hardhat ${HARDHAT_VERSION}), solc ${hre.config.solidity.compilers[0]!.version}, optimizer ${hre.config.solidity.compilers[0]!.settings.optimizer.runs} runs, evm ${hre.config.solidity.compilers[0]!.settings.evmVersion}. Figures are receipt gasUsed per transaction (incl. 21,000 intrinsic gas).`,
    "",
    "| area | call | gas | note |",
    "| --- | --- | ---: | --- |",
    ...rows.map((r) => `| ${r.area} | ${r.call} | ${fmt(r.gas)} | ${r.note ?? ""} |`),
    "",
    "## Merkle batch roots (one `anchorBatch` per batch)",
    "",
    "| records | anchorBatch gas | gas per record | setBatchRecordStatus gas (proof length) |",
    "| ---: | ---: | ---: | ---: |",
    ...batchRows.map(
      (b) =>
        `| ${fmt(BigInt(b.size))} | ${fmt(b.gas)} | ${fmt(b.gas / BigInt(b.size))} | ${fmt(b.statusGas)} (${b.proofLength}) |`,
    ),
    "",
    "## Targets",
    "",
    `- anchoring one record: ${fmt(anchorGas)} gas (target ≤ ${fmt(ANCHOR_TARGET)}): ${anchorGas <= ANCHOR_TARGET ? "met" : "MISSED"}`,
    `- batch root of 1,000 records: ${fmt(perRecord1000)} gas per record (target ≤ ${BATCH_TARGET_PER_RECORD}): ${perRecord1000 <= BATCH_TARGET_PER_RECORD ? "met" : "MISSED"}`,
    "- what bounds anchorRecord: 21,000 intrinsic + ~700 calldata + 20,000 for the new storage slot (issuer, time, kind," +
      " status and reason packed into one) + 2 × 2,100 cold reads (the agency's licence slot, the record slot) + the" +
      " RecordAnchored log; the licence check is one slot read because the licence's status and window share a slot.",
    `- EAS attest for comparison: ${fmt(attestGas)} gas (${(Number(attestGas) / Number(anchorGas)).toFixed(1)}× anchorRecord)`,
    "",
  ];
  const markdown = lines.join("\n");
  console.log(markdown);
  mkdirSync(dirname(OUTPUT), { recursive: true });
  writeFileSync(OUTPUT, markdown);
  console.log(`written to ${OUTPUT}`);
  if (anchorGas > ANCHOR_TARGET || perRecord1000 > BATCH_TARGET_PER_RECORD) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
