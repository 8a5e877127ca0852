/**
 * VC-API verification routes, answered by the verifier CLI's library against the chain (one
 * ChainTrustSource per service). Public, like any verifier: they reveal only what the caller sends. A
 * presentation's challenge is spent by its first successful verification (`not-replayed`).
 */
import { Router } from "express";
import { z } from "zod";
import { ChainTrustSource, SqliteUsedNonceStore, verifyPresentationText } from "@fairledger/verifier";
import type { ServiceContext } from "../context.ts";
import { parseBody } from "./validate.ts";

const credentialVerifyBody = z.object({
  verifiableCredential: z.string().min(1).max(64_000),
  options: z.object({ requiredClaims: z.array(z.string()).max(50).optional() }).prefault({}),
});

const presentationVerifyBody = z.object({
  verifiablePresentation: z.union([z.string().min(1).max(200_000), z.record(z.string(), z.unknown())]),
  options: z
    .object({
      domain: z.string().min(1).max(500).describe("the verifier id the presentation must be addressed to (aud)"),
      challenge: z.string().min(1).max(500).describe("the nonce of the presentation request"),
      requiredClaims: z.array(z.string()).max(50).optional(),
    })
    .strict(),
});

export function verifyRoutes(ctx: ServiceContext): Router {
  const router = Router();
  let trust: ChainTrustSource | undefined;
  // This service is one verifier: a challenge verifies once, also across restarts (a table in its database).
  const usedNonces = new SqliteUsedNonceStore(ctx.db);
  const trustSource = () =>
    (trust ??= new ChainTrustSource({
      rpcUrl: ctx.config.rpcUrl,
      manifest: ctx.ledger.manifest,
      cacheTtlMs: 5_000,
      timeoutMs: ctx.config.rpcTimeoutMs,
    }));

  router.post("/credentials/verify", async (req, res) => {
    const body = parseBody(credentialVerifyBody, req.body);
    const result = await verifyPresentationText(body.verifiableCredential, {
      trust: trustSource(),
      requirePresentation: false,
      requiredClaims: body.options.requiredClaims,
    });
    res.json(result);
  });

  router.post("/presentations/verify", async (req, res) => {
    const body = parseBody(presentationVerifyBody, req.body);
    // An envelope sent as JSON is verified as sent: re-serialised from the raw body, not from zod's copy
    // (which drops a member named "__proto__" instead of keeping it as the data it is).
    const text =
      typeof body.verifiablePresentation === "string"
        ? body.verifiablePresentation
        : JSON.stringify((req.body as { verifiablePresentation: unknown }).verifiablePresentation);
    const result = await verifyPresentationText(text, {
      trust: trustSource(),
      audience: body.options.domain,
      nonce: body.options.challenge,
      requiredClaims: body.options.requiredClaims,
      requirePresentation: true,
      usedNonces,
    });
    res.json(result);
  });

  return router;
}
