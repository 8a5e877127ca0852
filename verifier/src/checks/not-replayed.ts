/**
 * `not-replayed`: the presentation's nonce has not already been accepted by this verifier. Runs last, and
 * only when every other check passed: a nonce is spent by a successful verification, never by a failed
 * or undecided one (so a forged presentation cannot burn a worker's nonce, and a chain outage does not
 * stop the genuine presentation from being verified again).
 */
import { fail, indeterminate, pass, type CheckResult } from "../result.ts";
import type { UsedNonceStore } from "../replay/used-nonces.ts";

/** The nonce a verified presentation answered, and how long the presentation could still be accepted. */
export interface NonceUse {
  audience: string;
  nonce: string;
  /** Unix seconds after which the presentation fails its freshness check anyway. */
  expiresAt: number;
}

export async function checkNotReplayed(store: UsedNonceStore, use: NonceUse, now: number): Promise<CheckResult> {
  let claimed: boolean;
  try {
    claimed = await store.claim(use.audience, use.nonce, use.expiresAt, now);
  } catch (error) {
    return indeterminate(
      "not-replayed",
      `the used-nonce store could not record this nonce (${(error as Error).message ?? String(error)})`,
    );
  }
  if (!claimed) {
    return fail("not-replayed", "replayed presentation: this verifier already accepted a presentation with this nonce");
  }
  return pass("not-replayed", "first use of this request's nonce at this verifier");
}
