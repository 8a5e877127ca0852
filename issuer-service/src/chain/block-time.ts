/**
 * The latest block's time, asked once for many issuances. A credential's `iat` is min(now, latest block
 * time), so a verifier checking the issuer's signing key and licence at `iat` asks about a moment the
 * chain has seen. Concurrent callers share one in-flight request, and an answer is reused while it is
 * younger than `reuseMs` (measured from when it was asked).
 *
 * What makes reuse safe: an answer may be older than the issuer's own latest key rotation or licence
 * change, which would put `iat` before the block that made the new key (or licence) valid. So every such
 * change made through this service runs inside `change()`: it moves the version at its start and at
 * its end and forgets what was asked before. An answer is only handed out for the version it was asked
 * in, and `settled()` lets an issuer wait until no change is under way. The bound that remains: an
 * `iat` may lag the chain's latest block by up to `reuseMs` (plus the block interval, as before); a
 * change made on chain outside this service is not seen (as with the licence cache).
 */
export class BlockTimeSource {
  readonly #ask: () => Promise<number>;
  readonly #reuseMs: number;
  readonly #now: () => number;
  #version = 0;
  #changing = 0;
  #settledWaiters: (() => void)[] = [];
  #latest: { version: number; askedAt: number; answer: Promise<number>; done: boolean } | undefined;

  constructor(ask: () => Promise<number>, reuseMs: number, now: () => number = Date.now) {
    this.#ask = ask;
    this.#reuseMs = reuseMs;
    this.#now = now;
  }

  /** Moves whenever a change of the issuer's on-chain state through this service starts or ends. */
  get version(): number {
    return this.#version;
  }

  /** Latest block time (unix seconds): the in-flight or fresh answer of this version, else a new request. */
  latest(): Promise<number> {
    const now = this.#now();
    const latest = this.#latest;
    if (latest && latest.version === this.#version && (!latest.done || now - latest.askedAt < this.#reuseMs))
      return latest.answer;
    const entry = { version: this.#version, askedAt: now, answer: this.#ask(), done: false };
    this.#latest = entry;
    entry.answer.then(
      () => {
        entry.done = true;
        if (this.#reuseMs <= 0 && this.#latest === entry) this.#latest = undefined;
      },
      () => {
        // A failed request is never reused.
        if (this.#latest === entry) this.#latest = undefined;
      },
    );
    return entry.answer;
  }

  /** Runs a change of the issuer's on-chain state (signing key, licence); answers asked before it are dropped. */
  async change<T>(action: () => Promise<T>): Promise<T> {
    this.#moved();
    this.#changing++;
    try {
      return await action();
    } finally {
      this.#changing--;
      this.#moved();
      if (this.#changing === 0) for (const wake of this.#settledWaiters.splice(0)) wake();
    }
  }

  /** Resolves when no change is under way. */
  settled(): Promise<void> {
    if (this.#changing === 0) return Promise.resolve();
    return new Promise((resolve) => this.#settledWaiters.push(resolve));
  }

  #moved(): void {
    this.#version++;
    this.#latest = undefined;
  }
}
