/**
 * The trust snapshot a border desk takes home (GET /trust-snapshot): the ledger's state at the latest
 * block, built by the verifier library's `buildSnapshot` exactly as `fairledger snapshot` builds it, so the
 * page's offline verdict is the CLI's. Building one scans the ledger's whole event history: one build is
 * shared by every caller for SNAPSHOT_CACHE_MS (and by callers that arrive while it runs), so a shift change
 * at twenty desks costs the chain one scan.
 */
import { buildSnapshot, type TrustSnapshot } from "@fairledger/verifier/snapshot";
import { isVerifierError, type ChainTrustSource } from "@fairledger/verifier";
import type { DeploymentManifest } from "@fairledger/common";
import { ServiceError } from "../errors.ts";

/** How long one snapshot is handed out: far below any sensible maximum age (hours), far above a desk's refresh. */
export const SNAPSHOT_CACHE_MS = 60_000;

export interface TrustSnapshotServices {
  trust: ChainTrustSource;
  manifest: DeploymentManifest;
  /** Milliseconds since the epoch. */
  now: () => number;
}

export class TrustSnapshotCache {
  #current: { builtAt: number; snapshot: Promise<TrustSnapshot> } | null = null;

  constructor(private readonly services: TrustSnapshotServices) {}

  /** The snapshot of the last SNAPSHOT_CACHE_MS, or a new one; a failed build is not kept. */
  async snapshot(): Promise<TrustSnapshot> {
    const now = this.services.now();
    if (this.#current && now - this.#current.builtAt < SNAPSHOT_CACHE_MS) return this.#current.snapshot;
    const building = this.#build();
    const entry = { builtAt: now, snapshot: building };
    this.#current = entry;
    building.catch(() => {
      if (this.#current === entry) this.#current = null;
    });
    return building;
  }

  async #build(): Promise<TrustSnapshot> {
    const { contracts } = this.services.manifest;
    try {
      return await buildSnapshot(this.services.trust, {
        fromBlock: Math.min(contracts.FairLedger.blockNumber, contracts.EthereumDIDRegistry.blockNumber),
        registry: contracts.EthereumDIDRegistry.address,
      });
    } catch (error) {
      if (isVerifierError(error))
        throw new ServiceError("ERR_CHAIN_UNREACHABLE", `no trust snapshot: ${error.message}`, {}, { cause: error });
      throw error;
    }
  }
}
