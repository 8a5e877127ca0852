/**
 * The verifier-side state store: every request it made, by `state`, so each is answered at most once
 * and never after it expires. `claim` is the one gate: atomic, it marks the request answered before any
 * verification runs, so two answers racing each other cannot both be verified (the second is refused
 * even when the first then fails its checks: the desk makes a new request). The issuer service keeps
 * these in SQLite (its openid4vp repository); a page or test keeps them in memory.
 */
import type { ResponseVerdict } from "./verify-response.ts";
import { Openid4vpError } from "./errors.ts";

export interface StoredRequest {
  id: string;
  state: string;
  /** The signed request object, as served at request_uri. */
  requestObject: string;
  /** Unix seconds. */
  expiresAt: number;
  answeredAt: number | null;
  verdict: ResponseVerdict | null;
}

/** How a request is saved is the store's own (the service records its owner too); reading and answering are shared. */
export interface RequestStore {
  byId(id: string): StoredRequest | undefined | Promise<StoredRequest | undefined>;
  /**
   * Marks the request with this state answered at `now` and returns it; throws Openid4vpError
   * ERR_VP_UNKNOWN_STATE, ERR_VP_REQUEST_EXPIRED or ERR_VP_ALREADY_ANSWERED. Atomic.
   */
  claim(state: string, now: number): StoredRequest | Promise<StoredRequest>;
  recordVerdict(id: string, verdict: ResponseVerdict): void | Promise<void>;
}

/** Why a claim was refused, from what the store holds (shared by every store). */
export function claimRefusal(
  found: Pick<StoredRequest, "expiresAt" | "answeredAt"> | undefined,
  now: number,
): Openid4vpError | null {
  if (!found) return new Openid4vpError("ERR_VP_UNKNOWN_STATE", "no request with this state");
  if (found.answeredAt !== null)
    return new Openid4vpError("ERR_VP_ALREADY_ANSWERED", "this request was already answered");
  if (now >= found.expiresAt) return new Openid4vpError("ERR_VP_REQUEST_EXPIRED", "this request has expired");
  return null;
}

export class MemoryRequestStore implements RequestStore {
  readonly #byId = new Map<string, StoredRequest>();
  readonly #idByState = new Map<string, string>();

  save(request: StoredRequest): void {
    this.#byId.set(request.id, { ...request });
    this.#idByState.set(request.state, request.id);
  }

  byId(id: string): StoredRequest | undefined {
    const found = this.#byId.get(id);
    return found && { ...found };
  }

  claim(state: string, now: number): StoredRequest {
    const id = this.#idByState.get(state);
    const found = id === undefined ? undefined : this.#byId.get(id);
    const refusal = claimRefusal(found, now);
    if (refusal || !found) throw refusal;
    found.answeredAt = now;
    return { ...found };
  }

  recordVerdict(id: string, verdict: ResponseVerdict): void {
    const found = this.#byId.get(id);
    if (found) found.verdict = verdict;
  }
}
