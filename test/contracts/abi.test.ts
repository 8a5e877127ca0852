import { expect } from "chai";
import { artifacts } from "hardhat";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadArtifact } from "../../scripts/lib/deployment";

const ROOT = join(__dirname, "..", "..");
const committed = (name: string) => JSON.parse(readFileSync(join(ROOT, "common", "abi", `${name}.json`), "utf8"));

describe("committed ABIs (common/abi)", function () {
  it("FairLedger.json equals the compiled artifact's ABI (run `npm run compile` after changing contracts)", async function () {
    const compiled = await artifacts.readArtifact("FairLedger");
    expect(committed("FairLedger")).to.deep.equal(compiled.abi);
  });

  it("EthereumDIDRegistry.json equals the ABI shipped in ethr-did-registry", function () {
    expect(committed("EthereumDIDRegistry")).to.deep.equal(loadArtifact("EthereumDIDRegistry").abi);
  });
});
