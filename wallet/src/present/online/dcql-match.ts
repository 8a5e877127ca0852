/**
 * Which of the worker's papers answer the verifier's DCQL query, found by the `dcql` library over the
 * wallet's credentials with every disclosure applied, and which claims it asks for. The wallet answers
 * one credential query (the border query has one); the worker still chooses what to show, starting from
 * what was asked minus anything personal (ILO C181 Art. 6).
 */
import { DcqlQuery } from "dcql";
import { credentialTypeOfVct, type CredentialType } from "@fairledger/common";
import type { CredentialView } from "../../credentials/describe.ts";
import { WalletError } from "../../lib/errors.ts";

type DcqlCredential = Parameters<typeof DcqlQuery.query>[1][number];

export interface OnlineMatch {
  /** The DCQL credential query answered (the vp_token's key). */
  queryId: string;
  credentialType?: CredentialType;
  /** credentialSubject claims the query asks for. */
  claims: string[];
  /** Digests of the worker's credentials that satisfy it, best first (the order the wallet holds them). */
  digests: string[];
}

export function matchOnlineRequest(
  query: DcqlQuery,
  candidates: readonly { digest: string; view: CredentialView; vct: string }[],
): OnlineMatch {
  const [credentialQuery, ...others] = query.credentials;
  if (!credentialQuery || others.length > 0)
    throw new WalletError("ERR_REQUEST_INVALID", "this wallet answers requests for one credential");
  const claims = (credentialQuery.claims ?? []).flatMap((claim) => {
    const path = (claim as { path?: unknown[] }).path;
    return path?.length === 2 && path[0] === "credentialSubject" && typeof path[1] === "string" ? [path[1]] : [];
  });
  const vct = (credentialQuery.meta as { vct_values?: string[] } | undefined)?.vct_values?.[0];
  const credentials: DcqlCredential[] = candidates.map(({ view, vct: credentialVct }) => ({
    credential_format: credentialQuery.format as "dc+sd-jwt",
    vct: credentialVct,
    claims: { credentialSubject: view.subject } as never,
    cryptographic_holder_binding: true,
  }));
  const result = DcqlQuery.query(query, credentials);
  const match = result.credential_matches[credentialQuery.id];
  const digests = match?.success
    ? match.valid_credentials.flatMap((valid) => {
        const candidate = candidates[valid.input_credential_index];
        return candidate ? [candidate.digest] : [];
      })
    : [];
  return { queryId: credentialQuery.id, credentialType: vct ? credentialTypeOfVct(vct) : undefined, claims, digests };
}
