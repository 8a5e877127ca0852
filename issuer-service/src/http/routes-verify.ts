/**
 * VC-API verification routes, answered by the verifier library against the chain (one ChainTrustSource
 * per service). Public, like any verifier: they reveal only what the caller sends. A presentation's
 * challenge is spent by its first successful verification (`not-replayed`).
 *
 * A credential is accepted as the VC-API sends it — the compact token, or a VCDM 2.0
 * EnvelopedVerifiableCredential whose `id` is a `data:` URL holding it — with no FairLedger envelope
 * around it: the anchor proof is this service's to know (its own store, as GET
 * /credentials/{digest}/anchor serves it), so the route looks it up by digest itself. The proof is not
 * trusted for being ours: the `anchored` check verifies it against the chain like any other.
 */
import { Router } from "express";
import { z } from "zod";
import {
  SqliteUsedNonceStore,
  decodeInputText,
  verifyDecoded,
  verifyPresentationText,
  type DecodedInput,
  type VerificationResult,
  type VerifyOptions,
} from "@fairledger/verifier";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { parseBody } from "./validate.ts";
import { withStoredAnchor } from "../credentials/stored-anchor.ts";
import { verifierTrust } from "./verifier-trust.ts";

/** VCDM 2.0 §4.13 enveloped credential; the media types of VC-JOSE-COSE and SD-JWT VC. */
const envelopedCredential = z.object({
  "@context": z.union([z.string(), z.array(z.unknown())]).optional(),
  type: z.union([
    z.literal("EnvelopedVerifiableCredential"),
    z.array(z.string()).refine((t) => t.includes("EnvelopedVerifiableCredential")),
  ]),
  id: z
    .string()
    .max(64_000)
    .regex(
      /^data:application\/(vc\+sd-jwt|dc\+sd-jwt|vc\+jwt|jwt|vc-ld\+jwt),/,
      "a data: URL of a JOSE-secured credential",
    ),
});

const credentialVerifyBody = z.object({
  verifiableCredential: z
    .union([z.string().min(1).max(64_000), envelopedCredential])
    .describe(
      "the compact credential (SD-JWT VC or VC-JWT), a VCDM 2.0 EnvelopedVerifiableCredential holding it, or a FairLedger envelope as JSON text",
    ),
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

/** The request bodies, for the OpenAPI document. */
export const verifyBodies = { credentialVerifyBody, presentationVerifyBody };

/** The token inside an enveloped credential's `data:` URL (percent-encoded or not; never base64 for JOSE). */
function tokenOfDataUrl(dataUrl: string): string {
  const comma = dataUrl.indexOf(",");
  const header = dataUrl.slice(0, comma);
  if (header.endsWith(";base64"))
    throw new ServiceError("ERR_INPUT_INVALID", "a JOSE-secured credential's data: URL is not base64-encoded", {
      errors: [{ pointer: "#/verifiableCredential/id", detail: "base64 data: URL" }],
    });
  try {
    return decodeURIComponent(dataUrl.slice(comma + 1));
  } catch {
    throw new ServiceError("ERR_INPUT_INVALID", "the data: URL is not percent-encoded text", {
      errors: [{ pointer: "#/verifiableCredential/id", detail: "not percent-encoded" }],
    });
  }
}

export function verifyRoutes(ctx: ServiceContext): Router {
  const router = Router();
  // This service is one verifier: a challenge verifies once, also across restarts (a table in its database).
  const usedNonces = new SqliteUsedNonceStore(ctx.db);
  const trustSource = () => verifierTrust(ctx);

  /** Verifies `text`, with the anchor proof from this service's store when the input brought none. */
  async function verifyWithOwnAnchor(text: string, options: Omit<VerifyOptions, "trust">): Promise<VerificationResult> {
    let input: DecodedInput;
    try {
      input = decodeInputText(text);
    } catch {
      // The library words an unreadable input as its `input-format` check: let it answer.
      return verifyPresentationText(text, { ...options, trust: trustSource() });
    }
    return verifyDecoded(
      withStoredAnchor(input, (digest) => ctx.outbox.proofOf(digest)),
      {
        ...options,
        trust: trustSource(),
      },
    );
  }

  router.post("/credentials/verify", async (req, res) => {
    const body = parseBody(credentialVerifyBody, req.body);
    const given = body.verifiableCredential;
    const text = typeof given === "string" ? given : tokenOfDataUrl(given.id);
    res.json(
      await verifyWithOwnAnchor(text, { requirePresentation: false, requiredClaims: body.options.requiredClaims }),
    );
  });

  router.post("/presentations/verify", async (req, res) => {
    const body = parseBody(presentationVerifyBody, req.body);
    // An envelope sent as JSON is verified as sent: re-serialised from the raw body, not from zod's copy
    // (which drops a member named "__proto__" instead of keeping it as the data it is).
    const text =
      typeof body.verifiablePresentation === "string"
        ? body.verifiablePresentation
        : JSON.stringify((req.body as { verifiablePresentation: unknown }).verifiablePresentation);
    res.json(
      await verifyWithOwnAnchor(text, {
        audience: body.options.domain,
        nonce: body.options.challenge,
        requiredClaims: body.options.requiredClaims,
        requirePresentation: true,
        usedNonces,
      }),
    );
  });

  return router;
}
