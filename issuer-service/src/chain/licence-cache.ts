/**
 * Short-lived memory of positive "licensed now" answers from the chain, so a burst of issuances by one
 * agency does not ask the chain once per credential. Only "licensed" is remembered, and only for
 * `ttlMs`; a refusal or a failed call is never cached. Trade-off: an agency suspended on chain by an
 * authority outside this service may go on issuing here for at most `ttlMs`. A licence change made
 * through this service calls `forget`, so it takes effect at once. `ttlMs` 0 turns the cache off.
 */
export class LicenceStatusCache {
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #licensedUntil = new Map<string, number>();

  constructor(ttlMs: number, now: () => number = Date.now) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  /** `ask` is the chain call; its answer is reused while fresh, and only when it was "licensed". */
  async isLicensedNow(agency: string, jurisdiction: string, ask: () => Promise<boolean>): Promise<boolean> {
    const key = `${agency.toLowerCase()}|${jurisdiction}`;
    const until = this.#licensedUntil.get(key);
    if (until !== undefined && this.#now() < until) return true;
    this.#licensedUntil.delete(key);
    const askedAt = this.#now();
    const licensed = await ask();
    if (licensed && this.#ttlMs > 0) this.#licensedUntil.set(key, askedAt + this.#ttlMs);
    return licensed;
  }

  /** Drops what is remembered about `agency` (all jurisdictions), e.g. after its licence status changed. */
  forget(agency: string): void {
    const prefix = `${agency.toLowerCase()}|`;
    for (const key of this.#licensedUntil.keys()) if (key.startsWith(prefix)) this.#licensedUntil.delete(key);
  }
}
