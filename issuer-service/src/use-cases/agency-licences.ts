/**
 * The service's licence pre-check: an agency acts only while its licence is valid now on chain. A
 * positive answer may come from the short-lived licence cache (`licenceCacheMs`, see
 * chain/licence-cache.ts); a licence change made through this service forgets it at once.
 */
import { ServiceError } from "../errors.ts";
import type { Ledger } from "../chain/ledger.ts";
import { LicenceStatusCache } from "../chain/licence-cache.ts";
import type { Principal } from "../store/principals-repository.ts";

export class AgencyLicences {
  readonly #ledger: Ledger;
  readonly #cache: LicenceStatusCache;

  constructor(ledger: Ledger, cache = new LicenceStatusCache(0)) {
    this.#ledger = ledger;
    this.#cache = cache;
  }

  /** Forget any remembered licence answer for `agency` (its status was just changed through this service). */
  forget(agency: string): void {
    this.#cache.forget(agency);
  }

  /**
   * Refuses unless the agency's licence is valid now on chain. Returns the latest block's time: a
   * credential's issue time is never later than it, so a verifier asking `wasLicensedAt(iat)` asks
   * about a moment the chain has already seen. The block time is always asked.
   */
  async requireLicensed(agency: Principal): Promise<number> {
    const { jurisdiction } = agency;
    if (agency.kind !== "agency" || !jurisdiction) throw new ServiceError("ERR_FORBIDDEN", "only agencies do this");
    const [licensed, blockTime] = await Promise.all([
      this.#cache.isLicensedNow(agency.address, jurisdiction, () =>
        this.#ledger.isLicensedNow(agency.address, jurisdiction),
      ),
      this.#ledger.latestBlockTime(),
    ]);
    if (!licensed) {
      throw new ServiceError(
        "ERR_AGENCY_NOT_LICENSED",
        `agency ${agency.did} holds no licence of ${agency.jurisdiction} valid now on chain`,
      );
    }
    return blockTime;
  }
}
