/** Request bodies of the principals and API-key routes (zod; the OpenAPI document is generated from them). */
import { z } from "zod";

const label = z.string().trim().min(1).max(100);
/** An absolute expiry (RFC 3339); absent: the key does not expire. */
const expiresAt = z.iso.datetime({ offset: true });

export const onboardPrincipalBody = z.strictObject({
  kind: z.enum(["agency", "inspector", "insurer"]),
  name: z.string().trim().min(1).max(200),
  /** Defaults to the onboarding authority's own; any other is refused (403). */
  jurisdiction: z
    .string()
    .regex(/^[A-Z]{2}$/, "ISO 3166-1 alpha-2 code")
    .optional(),
  /**
   * The principal's chain account (secp256k1, 0x hex), imported into the service's encrypted key store,
   * as at start-up provisioning. The account pays for publishing its DID signing key, so on a chain that
   * charges gas it must be funded.
   */
  privateKey: z.string().regex(/^(0x)?[0-9a-fA-F]{64}$/, "32-byte secp256k1 private key, hex"),
  keyLabel: label.default("first key"),
  keyExpiresAt: expiresAt.optional(),
});

export const createKeyBody = z.strictObject({
  label,
  expiresAt: expiresAt.optional(),
});

export const rotateKeyBody = z.strictObject({
  /** Until when the key being rotated stays valid (RFC 3339); absent: it stops now. */
  previousValidUntil: expiresAt.optional(),
});
