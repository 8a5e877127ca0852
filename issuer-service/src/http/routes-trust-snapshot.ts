/**
 * GET /trust-snapshot: the ledger's state as a trust snapshot (verifier/src/trust/snapshot-format.ts), for
 * the border desk's offline mode (/verify/ keeps it and verifies offline QR codes against it with no
 * network). Public like the agency register — everything in it is on the chain for any member to read —
 * and in the `public` rate-limit bucket; built at most once a minute (use-cases/trust-snapshot.ts).
 */
import { Router } from "express";
import type { ServiceContext } from "../context.ts";
import { TrustSnapshotCache } from "../use-cases/trust-snapshot.ts";
import { verifierTrust } from "./verifier-trust.ts";

export const TRUST_SNAPSHOT_PATH = "/trust-snapshot";

export function trustSnapshotRoutes(ctx: ServiceContext): Router {
  // Made on the first request, as the service's verifier trust source itself is (verifier-trust.ts).
  let cache: TrustSnapshotCache | undefined;
  const router = Router();
  router.get(TRUST_SNAPSHOT_PATH, async (_req, res) => {
    cache ??= new TrustSnapshotCache({ trust: verifierTrust(ctx), manifest: ctx.ledger.manifest, now: ctx.now });
    const snapshot = await cache.snapshot();
    // A desk stores what it fetched; a shared cache in between must not hand out an older one.
    res.set("cache-control", "no-store").json(snapshot);
  });
  return router;
}
