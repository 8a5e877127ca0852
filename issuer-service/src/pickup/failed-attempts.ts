/**
 * Failed attempts counted per offer: after `max` wrong attempts on one offer (a wrong tx_code PIN at
 * `/token`; a proof of possession that does not verify, a stale or reused nonce, another key replaying a
 * used token at `/credential`) the offer is blocked, so neither a PIN nor a stolen access token can be
 * worked on at leisure; the agency may renew the code of a blocked offer that was never redeemed.
 * Pre-authorized codes themselves are 10 characters from 31 (about 2^49) and guessed only through
 * `/token`, which the pickup rate-limit bucket throttles per client address; an unknown code belongs to
 * no offer, so it is counted there.
 *
 * Counts live in memory: a restart gives a live offer at most `max` more attempts, and an offer that
 * reached the limit is blocked in the database at once, so that survives restarts. Entries go away
 * with their offer's expiry, so memory is bounded by the number of live offers.
 */
export class FailedAttempts {
  readonly #max: number;
  readonly #now: () => number;
  readonly #counts = new Map<string, { count: number; expiresAt: number }>();

  constructor(max: number, now: () => number) {
    this.#max = max;
    this.#now = now;
  }

  /** Records one failure for `offer`; true when this one reached the limit (invalidate the offer now). */
  fail(offer: string, expiresAt: number): boolean {
    this.#prune();
    const entry = this.#counts.get(offer) ?? { count: 0, expiresAt };
    entry.count++;
    this.#counts.set(offer, entry);
    if (entry.count < this.#max) return false;
    this.#counts.delete(offer);
    return true;
  }

  #prune(): void {
    const now = this.#now();
    for (const [offer, entry] of this.#counts) if (entry.expiresAt <= now) this.#counts.delete(offer);
  }
}
