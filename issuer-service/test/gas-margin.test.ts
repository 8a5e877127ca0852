/**
 * The service's transactions carry the node's gas estimate plus a margin: a licence change that
 * appends a checkpoint in a later block than the one it was estimated in must not run out of gas.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { NonceManager } from "ethers";
import { fairLedgerContract } from "@fairledger/common";
import { GAS_MARGIN_FIXED, GasMarginWallet, withGasMargin } from "../src/chain/gas-margin-wallet.ts";
import { startDemoLedger, type DemoLedger } from "./helpers.ts";

describe("gas margin on the service's transactions", () => {
  let ledger: DemoLedger;
  before(async () => {
    ledger = await startDemoLedger();
  });
  after(async () => {
    await ledger?.stop();
  });

  it("adds a quarter of the estimate and a new storage slot's worth to it", () => {
    assert.equal(withGasMargin(40_000n), 40_000n + 10_000n + GAS_MARGIN_FIXED);
    assert.ok(GAS_MARGIN_FIXED >= 22_100n, "at least one new storage slot (SSTORE zero to non-zero, cold)");
  });

  it("a licence suspension sent through the wallet carries the margin over the node's estimate, and is mined", async () => {
    const wallet = new GasMarginWallet(ledger.demo.accounts.authorityPH!.privateKey, ledger.provider as never);
    const authority = fairLedgerContract(ledger.manifest, new NonceManager(wallet) as never);
    const agency = ledger.demo.accounts.agency!.address;
    const data = authority.interface.encodeFunctionData("suspendLicence", [agency, 2]);
    const nodeEstimate = await (ledger.provider as never as { estimateGas(tx: object): Promise<bigint> }).estimateGas({
      from: wallet.address,
      to: ledger.manifest.contracts.FairLedger.address,
      data,
    });
    const response = await authority.getFunction("suspendLicence")(agency, 2);
    assert.equal(response.gasLimit, withGasMargin(nodeEstimate));
    assert.equal((await response.wait())?.status, 1);
    await (await authority.getFunction("reinstateLicence")(agency)).wait();
  });
});
