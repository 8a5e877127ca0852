/**
 * Where an online verifier gets a credential's Merkle anchor proof: it is not part of the vp_token
 * (OpenID4VP carries presentations only), so the verifier asks by digest — the issuer service's store
 * in-process, or `GET /credentials/{digest}/anchor` of the issuing service over HTTP. The proof is
 * checked against the chain like any other (`anchored`): a lookup that lies can only make it fail.
 */
import { anchorProofSchema, type AnchorProof } from "@fairledger/common";

/** The anchor proof of the credential with this digest (0x + 64 hex), or undefined when none is known. */
export type AnchorLookup = (digest: string) => Promise<AnchorProof | undefined>;

/** No lookup: a credential anchored on its own still verifies; one in a batch fails `anchored`. */
export const noAnchorLookup: AnchorLookup = async () => undefined;

/**
 * Asks an issuer service over HTTP. Failures (down, 404, pending) answer undefined: `anchored` then
 * reports that the proof is missing, which is the truth the officer needs.
 */
export function httpAnchorLookup(baseUrl: string, fetchFn: typeof fetch = fetch): AnchorLookup {
  const base = baseUrl.replace(/\/+$/, "");
  return async (digest) => {
    try {
      const response = await fetchFn(`${base}/credentials/${digest}/anchor`, {
        headers: { accept: "application/json" },
      });
      if (!response.ok) return undefined;
      const body = (await response.json()) as { status?: unknown; anchor?: unknown };
      if (body.status !== "anchored") return undefined;
      const parsed = anchorProofSchema.safeParse(body.anchor);
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  };
}
