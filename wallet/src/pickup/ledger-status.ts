/**
 * Public look-ups by digest (README protocol step 4): the anchor proof the verifier needs, and whether
 * the issuer has revoked or suspended the credential. Both are best effort: offline, the wallet keeps
 * what it last learned.
 */
import type { AnchorProof } from "@fairledger/common";
import type { Fetch } from "./pickup.ts";

export type IssuerStatus = "active" | "suspended" | "revoked";

async function getJson(fetchFn: Fetch, url: string): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await fetchFn(url, { headers: { accept: "application/json" } });
    return response.ok ? ((await response.json()) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export async function fetchAnchor(fetchFn: Fetch, issuer: string, digest: string): Promise<AnchorProof | undefined> {
  const body = await getJson(fetchFn, `${issuer}/credentials/${digest}/anchor`);
  if (body?.status !== "anchored" || typeof body.anchor !== "object" || body.anchor === null) return undefined;
  return body.anchor as AnchorProof;
}

export async function fetchIssuerStatus(
  fetchFn: Fetch,
  issuer: string,
  digest: string,
): Promise<IssuerStatus | undefined> {
  const status = (await getJson(fetchFn, `${issuer}/credentials/${digest}/status`))?.status;
  return status === "active" || status === "suspended" || status === "revoked" ? status : undefined;
}
