/**
 * Short-lived memory of positive "licensed now" answers from the chain, so a burst of issuances by one
 * agency does not ask the chain once per credential. Only "licensed" is remembered, and only for
 * `ttlMs`; a refusal or a failed call is never cached. Trade-off: an agency suspended on chain by an
 * authority outside this service may go on issuing here for at most `ttlMs`. A licence change made
 * through this service calls `forget`, so it takes effect at once. `ttlMs` 0 turns the cache off.
 * Concurrent callers for the same agency and jurisdiction share one chain call (also at TTL 0); an
 * answer to a call that was under way when `forget` ran is neither shared after it nor remembered.
 *
 * A PRE-CHECK, not a decision (README "Rules: one owner, one clock"): whether an agency may open a case,
 * record a fee, close a case or anchor is decided by the contract at block time; the service's writes are
 * simulated before sending (chain/ledger.ts), so a stale "licensed" here costs a refusal, never a
 * transaction, and a batch the chain refuses for good ends `rejected` (anchoring/outbox.ts). Whether a
 * credential was issued under a valid licence is decided by the verifier (`issuer-licensed`: the licence
 * history at the credential's iat).
 */
export class LicenceStatusCache {
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #licensedUntil = new Map<string, number>();
  readonly #asking = new Map<string, Promise<boolean>>();
  /** Moves on every `forget`: answers asked before it are not remembered. */
  #generation = 0;

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
    const asking = this.#asking.get(key);
    if (asking) return asking;
    const askedAt = this.#now();
    const generation = this.#generation;
    const answer = ask();
    this.#asking.set(key, answer);
    try {
      const licensed = await answer;
      if (licensed && this.#ttlMs > 0 && generation === this.#generation)
        this.#licensedUntil.set(key, askedAt + this.#ttlMs);
      return licensed;
    } finally {
      if (this.#asking.get(key) === answer) this.#asking.delete(key);
    }
  }

  /** Drops what is remembered about `agency` (all jurisdictions), e.g. after its licence status changed. */
  forget(agency: string): void {
    this.#generation++;
    const prefix = `${agency.toLowerCase()}|`;
    for (const key of this.#licensedUntil.keys()) if (key.startsWith(prefix)) this.#licensedUntil.delete(key);
    for (const key of this.#asking.keys()) if (key.startsWith(prefix)) this.#asking.delete(key);
  }
}
