/**
 * The chain as the verifier library sees it, for the routes that verify or audit against it (VC-API verify,
 * OpenID4VP answers, fee audits): one ChainTrustSource per service, made on first use, so its short cache of
 * licences, DID histories and anchors is shared by all of them.
 */
import { ChainTrustSource } from "@fairledger/verifier";
import type { ServiceContext } from "../context.ts";

/** How long a chain answer is reused by the service's verifications. */
const TRUST_CACHE_MS = 5_000;

const sources = new WeakMap<ServiceContext, ChainTrustSource>();

export function verifierTrust(ctx: ServiceContext): ChainTrustSource {
  let source = sources.get(ctx);
  if (!source) {
    source = new ChainTrustSource({
      rpcUrl: ctx.config.rpcUrl,
      manifest: ctx.ledger.manifest,
      cacheTtlMs: TRUST_CACHE_MS,
      timeoutMs: ctx.config.rpcTimeoutMs,
    });
    sources.set(ctx, source);
  }
  return source;
}
