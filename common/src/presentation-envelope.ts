/**
 * What a wallet hands a verifier (as text, JSON or QR): the presentation itself plus the Merkle proof
 * that anchors the credential on chain. The proof holds only hashes, so it reveals nothing personal;
 * carrying it lets a verifier check the anchor against the chain alone, never asking the issuer.
 *
 * A bare SD-JWT (`...~kb-jwt`), VC-JWT or VP-JWT is accepted too; its anchor can then only be checked
 * when the credential was anchored on its own (not in a batch).
 */
import { z } from "zod";

const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/);

export const anchorProofSchema = z.object({
  chainId: z.number().int().positive(),
  ledger: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
  /** Batch root; equal to the credential digest when it was anchored individually. */
  root: bytes32,
  proof: z.array(bytes32).max(64),
  transactionHash: bytes32.optional(),
  blockNumber: z.number().int().nonnegative().optional(),
});
export type AnchorProof = z.infer<typeof anchorProofSchema>;

export const PRESENTATION_ENVELOPE_TYPE = "FairLedgerPresentation";

export const presentationEnvelopeSchema = z.object({
  type: z.literal(PRESENTATION_ENVELOPE_TYPE),
  version: z.literal(1),
  format: z.enum(["vc+sd-jwt", "vc-jwt", "vp-jwt"]),
  presentation: z.string().min(1).max(64_000),
  anchor: anchorProofSchema.optional(),
});
export type PresentationEnvelope = z.infer<typeof presentationEnvelopeSchema>;
