/**
 * Does the chain still hold the FairLedger deployment this service was set up with? A local node that
 * restarted with empty state (or was reset) still answers JSON-RPC, so "reachable" is not enough: the
 * service would serve anchor proofs that no longer verify, retry anchoring forever and, after a restart,
 * fail with a decode error about empty return data. Three facts identify the deployment:
 *   - the chain id (from the manifest),
 *   - the runtime code at the ledger address (its keccak256 is in the manifest),
 *   - the hash of the block the ledger was deployed in, recorded in the service's database at the first
 *     start. Only this one catches a reset chain on which the same deployer redeployed: same address,
 *     same code, different history.
 * `check()` asks all three (concurrent callers share one round); the answer is kept in `lost` for the
 * service: anchoring pauses, anchor proofs and chain routes answer 503 ERR_CHAIN_DEPLOYMENT_LOST, /health
 * says so. It is not sticky: a chain that holds the deployment again (the right node back behind the
 * URL) is used again. At start, a lost deployment stops the service with a message naming URL and address.
 */
import { keccak256, type JsonRpcProvider } from "ethers";
import type { DeploymentManifest } from "@fairledger/common";
import { ServiceError, expectPresent } from "../errors.ts";
import type { Db } from "../store/database.ts";
import type { ChainIdentityRepository } from "../store/chain-identity-repository.ts";
import { repositoriesOf } from "../store/repositories.ts";
import type { Logger } from "../logging.ts";
import { toServiceError } from "./rpc-errors.ts";

export type ChainHealth =
  | { chain: "reachable"; blockNumber: number }
  | { chain: "unreachable"; detail: string }
  | { chain: "deployment-lost"; detail: string };

export class DeploymentGuard {
  readonly #provider: JsonRpcProvider;
  readonly #manifest: DeploymentManifest;
  readonly #identity: ChainIdentityRepository;
  readonly #now: () => number;
  readonly #rpcUrl: string;
  readonly #logger: Logger | undefined;
  #lostReason: string | undefined;
  #checking: Promise<ChainHealth> | undefined;
  #last: { at: number; health: ChainHealth } | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: {
    provider: JsonRpcProvider;
    manifest: DeploymentManifest;
    db: Db;
    rpcUrl: string;
    logger?: Logger;
    now?: () => number;
  }) {
    this.#provider = options.provider;
    this.#manifest = options.manifest;
    this.#identity = repositoriesOf(options.db).chainIdentity();
    this.#now = options.now ?? Date.now;
    this.#rpcUrl = options.rpcUrl;
    this.#logger = options.logger;
  }

  get ledgerAddress(): string {
    return this.#manifest.contracts.FairLedger.address;
  }

  /** True while the last completed check found the deployment missing. */
  get lost(): boolean {
    return this.#lostReason !== undefined;
  }

  /** Throws ERR_CHAIN_DEPLOYMENT_LOST while the deployment is known to be missing. */
  requirePresent(): void {
    if (this.#lostReason !== undefined)
      throw new ServiceError("ERR_CHAIN_DEPLOYMENT_LOST", this.describeLoss(this.#lostReason));
  }

  /** The operator's message: which chain, which address, and what did not match. */
  describeLoss(reason: string): string {
    return `the chain at ${this.#rpcUrl} no longer holds the FairLedger deployment at ${this.ledgerAddress} (chain reset?): ${reason}`;
  }

  /**
   * At start: records the deployment block's hash on the first start, and refuses to start on a chain
   * that does not hold the deployment. An unreachable chain does not stop the start (the service queues
   * and retries); it is checked again later.
   */
  async verifyAtStart(): Promise<ChainHealth> {
    const health = await this.check();
    if (health.chain === "deployment-lost") throw new ServiceError("ERR_CHAIN_DEPLOYMENT_LOST", health.detail);
    return health;
  }

  /** Asks the chain now (or joins the round under way). Never throws. */
  check(): Promise<ChainHealth> {
    this.#checking ??= this.#ask()
      .then((health) => {
        this.#last = { at: this.#now(), health };
        return health;
      })
      .finally(() => (this.#checking = undefined));
    return this.#checking;
  }

  /**
   * The last answer when it is younger than `maxAgeMs`, else a new check: for the anchoring worker,
   * which looks before every pass (the FairLedger code alone is about 21 KB to fetch and hash).
   */
  recent(maxAgeMs: number): Promise<ChainHealth> {
    if (this.#last && this.#now() - this.#last.at < maxAgeMs) return Promise.resolve(this.#last.health);
    return this.check();
  }

  /** Checks every `intervalMs` until `stop`. */
  start(intervalMs: number): void {
    const tick = () => {
      void this.check().finally(() => {
        if (this.#timer) this.#timer = setTimeout(tick, intervalMs).unref();
      });
    };
    this.#timer = setTimeout(tick, intervalMs).unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#checking;
  }

  async #ask(): Promise<ChainHealth> {
    let found: { missing?: string; blockNumber: number };
    try {
      found = await this.#compare();
    } catch (error) {
      return { chain: "unreachable", detail: toServiceError(error).message };
    }
    if (found.missing !== undefined) {
      if (this.#lostReason === undefined)
        this.#logger?.error(
          { rpcUrl: this.#rpcUrl, ledger: this.ledgerAddress, reason: found.missing },
          this.describeLoss(found.missing),
        );
      this.#lostReason = found.missing;
      return { chain: "deployment-lost", detail: this.describeLoss(found.missing) };
    }
    if (this.#lostReason !== undefined)
      this.#logger?.warn({ rpcUrl: this.#rpcUrl }, "the chain holds the FairLedger deployment again");
    this.#lostReason = undefined;
    return { chain: "reachable", blockNumber: found.blockNumber };
  }

  /** What does not match (undefined: all three match), and the latest block number. */
  async #compare(): Promise<{ missing?: string; blockNumber: number }> {
    const deployed = this.#manifest.contracts.FairLedger;
    const [chainIdHex, code, block, blockNumber] = await Promise.all([
      this.#provider.send("eth_chainId", []) as Promise<string>,
      this.#provider.getCode(deployed.address),
      this.#provider.getBlock(deployed.blockNumber),
      this.#provider.getBlockNumber(),
    ]);
    const chainId = Number(BigInt(chainIdHex));
    if (chainId !== this.#manifest.chainId)
      return { missing: `its chain id is ${chainId}, the manifest's is ${this.#manifest.chainId}`, blockNumber };
    if (code === "0x") return { missing: "there is no contract code at that address", blockNumber };
    if (keccak256(code) !== deployed.codeHash)
      return { missing: "the code at that address is not the deployed FairLedger", blockNumber };
    if (!block) return { missing: `the chain has no block ${deployed.blockNumber}, the deployment block`, blockNumber };
    const recorded = this.#identity.recorded();
    if (!recorded) {
      this.#identity.record(
        {
          chain_id: chainId,
          ledger: deployed.address.toLowerCase(),
          deployment_block: deployed.blockNumber,
          // Only a pending block has no hash; the deployment block is mined.
          deployment_block_hash: expectPresent(block.hash, `the hash of block ${deployed.blockNumber}`),
        },
        this.#now(),
      );
      return { blockNumber };
    }
    if (recorded.ledger !== deployed.address.toLowerCase() || recorded.deployment_block !== deployed.blockNumber)
      return {
        missing: `this data directory belongs to the deployment at ${recorded.ledger} (block ${recorded.deployment_block}), not the manifest's`,
        blockNumber,
      };
    if (recorded.deployment_block_hash !== block.hash)
      return {
        missing: `block ${deployed.blockNumber} (the deployment block) has another hash than at the first start`,
        blockNumber,
      };
    return { blockNumber };
  }
}
