/**
 * Reading a DID's change log from the ERC-1056 registry (did:ethr): the registry keeps, per identity, the
 * block of its last change, and each change event names the block of the one before, so the log is read
 * newest to oldest, one `eth_getLogs` per block that changed it. Built on ethers and the registry ABI that
 * ethr-did-resolver exports (its resolver class is not exported, and the verifier needs the raw log, not
 * a resolution: see ethr-document.ts).
 */
import { Contract, zeroPadValue, type Provider } from "ethers";
import { EthereumDIDRegistry, bytes32toString, interpretIdentifier } from "ethr-did-resolver";
import type { Erc1056Event, EthrChangeLog } from "./ethr-document.ts";

export class EthrRegistryReader {
  private readonly registry: Contract;

  constructor(
    private readonly provider: Provider,
    private readonly registryAddress: string,
    private readonly chainId: number,
  ) {
    this.registry = new Contract(registryAddress, EthereumDIDRegistry.abi, provider);
  }

  /** Every change to `identity` (an address or public key, the part of the DID after the network) up to now. */
  async changeLog(identity: string): Promise<EthrChangeLog> {
    const { address, publicKey } = interpretIdentifier(identity);
    const history: Erc1056Event[] = [];
    let previousChange = (await this.registry
      .getFunction("changed")
      .staticCall(address, { blockTag: "latest" })) as bigint;
    while (previousChange) {
      const block = previousChange;
      const logs = await this.provider.getLogs({
        address: this.registryAddress,
        topics: [null, zeroPadValue(address, 32)],
        fromBlock: block,
        toBlock: block,
      });
      previousChange = 0n;
      // Newest first within the block too, so that `history` ends oldest first.
      for (const log of logs.reverse()) {
        const event = this.decode(log.topics, log.data, log.blockNumber);
        if (!event) continue;
        history.unshift(event);
        if ((event.previousChange as bigint) < block) previousChange = event.previousChange as bigint;
      }
    }
    return { address, history, controllerKey: publicKey, chainId: BigInt(this.chainId) };
  }

  private decode(topics: readonly string[], data: string, blockNumber: number): Erc1056Event | null {
    const parsed = this.registry.interface.parseLog({ topics: [...topics], data });
    if (!parsed) return null;
    // Member order as ethr-did-resolver writes it (arguments, then name and block): snapshots stay byte-stable.
    const fields: Record<string, unknown> = {};
    parsed.fragment.inputs.forEach((input, index) => {
      const value = parsed.args[index] as unknown;
      fields[input.name] = input.type === "bytes32" ? bytes32toString(value as string) : value;
    });
    return { ...fields, _eventName: parsed.name, blockNumber };
  }
}
