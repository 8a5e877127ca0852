/** A write waits for exactly the confirmations the configuration asks for (FAIRLEDGER_CONFIRMATIONS). */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { JsonRpcProvider, Network, NonceManager, Wallet, type ContractTransactionResponse } from "ethers";
import type { DeploymentManifest } from "@fairledger/common";
import { Ledger } from "../src/chain/ledger.ts";

const manifest = {
  chainId: 31337,
  contracts: {
    FairLedger: { address: "0x" + "11".repeat(20) },
    EthereumDIDRegistry: { address: "0x" + "22".repeat(20) },
  },
} as unknown as DeploymentManifest;

/** Sends one write through a Ledger and returns the confirmations its receipt was waited for with. */
async function confirmationsAskedFor(options: { confirmations?: number }): Promise<number | undefined> {
  // Never asked: the write below is a stand-in that records how it is waited for.
  const provider = new JsonRpcProvider("http://127.0.0.1:9", Network.from(31337), { staticNetwork: true });
  try {
    const ledger = new Ledger(provider, manifest, options);
    const wallet = Wallet.createRandom();
    ledger.registerAccount(wallet.address, new NonceManager(wallet));
    let asked: number | undefined;
    const response = {
      wait: async (confirmations?: number) => {
        asked = confirmations;
        return { status: 1, blockNumber: 7 };
      },
    } as unknown as ContractTransactionResponse;
    await ledger.send(wallet.address, async () => response);
    return asked;
  } finally {
    provider.destroy();
  }
}

describe("write confirmations", () => {
  it("waits for one block (the write's own) by default", async () => {
    assert.equal(await confirmationsAskedFor({}), 1);
  });

  it("waits for the configured number of blocks", async () => {
    assert.equal(await confirmationsAskedFor({ confirmations: 3 }), 3);
  });
});
