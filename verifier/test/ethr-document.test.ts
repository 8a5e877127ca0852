/**
 * The verifier builds did:ethr documents itself (trust/ethr-document.ts, from the change log that
 * trust/ethr-registry.ts reads): held here to ethr-did-resolver's own public resolution. On a real
 * ERC-1056 registry, one DID goes through every kind of change the method knows — an Ed25519 key, delegates
 * of both kinds, a service, a key-agreement key, a revocation, an expiry, an owner change and finally
 * deactivation — and at each of those blocks the built document must equal the one `getResolver()`
 * resolves with `?versionId=` (both judge expiry by that block's time).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Resolver } from "did-resolver";
import { Contract, encodeBytes32String, hexlify, randomBytes, Wallet, ZeroAddress } from "ethers";
import { EthereumDIDRegistry, getResolver } from "ethr-did-resolver";
import { ethrDid, ethrNetworkName } from "@fairledger/common";
import { startDemoLedger, type DemoLedger } from "../../scripts/lib/demo-ledger.mts";
import { devWallet } from "../../scripts/lib/seed.mts";
import { EthrRegistryReader } from "../src/trust/ethr-registry.ts";
import { buildEthrDocument } from "../src/trust/ethr-document.ts";

describe("did:ethr documents built from the change log equal ethr-did-resolver's resolution", () => {
  let ledger: DemoLedger;
  // scripts/lib is CommonJS: its ethers types are the CommonJS build's, so they are taken as they come.
  let identity: ReturnType<typeof devWallet>;
  let registry: Contract;
  let did: string;
  const changeBlocks: number[] = [];
  const registryAs = (signer: ReturnType<typeof devWallet>) =>
    new Contract(ledger.manifest.contracts.EthereumDIDRegistry.address, EthereumDIDRegistry.abi, signer as never);

  async function change(transaction: Promise<{ wait(): Promise<{ blockNumber: number } | null> }>): Promise<void> {
    const receipt = await (await transaction).wait();
    changeBlocks.push(receipt!.blockNumber);
  }

  before(async () => {
    ledger = await startDemoLedger();
    // An account the demo consortium does not use, so its DID starts with an empty change log.
    identity = devWallet(17, ledger.provider);
    registry = registryAs(identity);
    did = ethrDid(ledger.manifest.chainId, identity.address);
    const address = identity.address;
    const attribute = (name: string) => encodeBytes32String(name);
    const ed25519 = hexlify(randomBytes(32));
    await change(registry.setAttribute(address, attribute("did/pub/Ed25519/veriKey/base64"), ed25519, 3600));
    await change(registry.addDelegate(address, attribute("veriKey"), Wallet.createRandom().address, 100));
    await change(registry.addDelegate(address, attribute("sigAuth"), Wallet.createRandom().address, 3600));
    await change(
      registry.setAttribute(
        address,
        attribute("did/svc/HubService"),
        hexlify(Buffer.from("https://hub.example.com")),
        3600,
      ),
    );
    await change(
      registry.setAttribute(address, attribute("did/pub/X25519/enc/base64"), hexlify(randomBytes(32)), 3600),
    );
    await change(registry.revokeAttribute(address, attribute("did/pub/Ed25519/veriKey/base64"), ed25519));
    await change(
      registry.setAttribute(address, attribute("did/pub/Secp256k1/sigAuth/hex"), hexlify(randomBytes(33)), 3600),
    );
    // The veriKey delegate (100 s) expires before the next change.
    await ledger.provider.send("evm_increaseTime", [200]);
    const [secondOwner, thirdOwner] = [devWallet(18, ledger.provider), devWallet(19, ledger.provider)];
    await change(registry.changeOwner(address, secondOwner.address));
    await change(registryAs(secondOwner).changeOwner(address, thirdOwner.address));
    await change(registryAs(thirdOwner).changeOwner(address, ZeroAddress));
  });

  after(async () => {
    await ledger?.stop();
  });

  test("at every block where the DID changed, and at the blocks in between", async () => {
    const resolver = new Resolver(
      getResolver({
        networks: [
          {
            name: ethrNetworkName(ledger.manifest.chainId),
            chainId: ledger.manifest.chainId,
            provider: ledger.provider as never,
            registry: ledger.manifest.contracts.EthereumDIDRegistry.address,
          },
        ],
      }),
    );
    const reader = new EthrRegistryReader(
      ledger.provider as never,
      ledger.manifest.contracts.EthereumDIDRegistry.address,
      ledger.manifest.chainId,
    );
    const log = await reader.changeLog(identity.address);
    assert.equal(log.history.length, changeBlocks.length, "one event per change, oldest first");
    assert.deepEqual(
      log.history.map((event) => event.blockNumber),
      changeBlocks,
    );
    const heights = [changeBlocks[0]! - 1, ...changeBlocks.flatMap((block) => [block, block + 1])].filter(
      (height, index, all) => all.indexOf(height) === index && height <= changeBlocks.at(-1)!,
    );
    for (const height of heights) {
      const block = await ledger.provider.getBlock(height);
      const resolved = await resolver.resolve(`${did}?versionId=${height}`, { accept: "application/did+json" });
      const built = buildEthrDocument(did, log, height, BigInt(block!.timestamp));
      assert.deepEqual(built, resolved.didDocument, `the document at block ${height}`);
    }
  });
});
