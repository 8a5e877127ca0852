/**
 * The service's transactions carry the node's gas estimate plus a margin: a licence change that
 * appends a checkpoint in a later block than the one it was estimated in must not run out of gas.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { JsonRpcProvider, Network, NonceManager, verifyTypedData } from "ethers";
import { fairLedgerContract } from "@fairledger/common";
import { GAS_MARGIN_FIXED, withGasMargin } from "../src/chain/gas-margin-wallet.ts";
import { kmsAccountSigner as accountSigner } from "./support/kms-account.ts";
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

  it("an account's EIP-712 signature is made by the KMS and recovers to the account", async () => {
    const provider = new JsonRpcProvider(ledger.chain.rpcUrl, Network.from(ledger.manifest.chainId), {
      staticNetwork: true,
    });
    try {
      const account = ledger.demo.accounts.agency!;
      const signer = await accountSigner(account.privateKey, provider);
      const domain = {
        name: "FairLedger",
        version: "1",
        chainId: ledger.manifest.chainId,
        verifyingContract: ledger.manifest.contracts.FairLedger.address,
      };
      const types = { Note: [{ name: "text", type: "string" }] };
      const signature = await signer.signTypedData(domain, types, { text: "signed inside the KMS" });
      assert.equal(verifyTypedData(domain, types, { text: "signed inside the KMS" }, signature), account.address);
      assert.equal(await signer.getAddress(), account.address);
    } finally {
      provider.destroy();
    }
  });

  it("a licence suspension sent through the wallet carries the margin over the node's estimate, and is mined", async () => {
    // The estimate to compare with is the one the wallet itself got, in the same chain state as the send:
    // an estimate taken by the test a moment earlier may fall in another block second and differ (a
    // licence checkpoint appends a slot in a new second, updates in place in the same one).
    const provider = new JsonRpcProvider(ledger.chain.rpcUrl, Network.from(ledger.manifest.chainId), {
      staticNetwork: true,
      cacheTimeout: -1,
    });
    const nodeEstimates: bigint[] = [];
    const estimateGas = provider.estimateGas.bind(provider);
    provider.estimateGas = async (tx) => {
      const estimate = await estimateGas(tx);
      nodeEstimates.push(estimate);
      return estimate;
    };
    try {
      const wallet = await accountSigner(ledger.demo.accounts.authorityPH!.privateKey, provider);
      const authority = fairLedgerContract(ledger.manifest, new NonceManager(wallet) as never);
      const agency = ledger.demo.accounts.agency!.address;
      // The chain's clock moves on before the send: the comparison must not depend on it.
      const latest = await provider.getBlock("latest");
      await provider.send("evm_setNextBlockTimestamp", [latest!.timestamp + 7]);
      const response = await authority.getFunction("suspendLicence")(agency, 2);
      assert.equal(nodeEstimates.length, 1, "the wallet asked the node once");
      assert.equal(response.gasLimit, withGasMargin(nodeEstimates[0]!));
      assert.equal((await response.wait())?.status, 1);
      await (await authority.getFunction("reinstateLicence")(agency)).wait();
    } finally {
      provider.destroy();
    }
  });
});
