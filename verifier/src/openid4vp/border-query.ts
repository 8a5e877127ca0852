/**
 * The DCQL query a border post sends by default (OpenID4VP 1.0 §6): one SD-JWT VC of the requested
 * FairLedger type, with holder binding, asking for the type's purpose claims (common's PURPOSE_CLAIMS,
 * what an officer needs; nothing personal). Claim paths point into `credentialSubject`, where FairLedger
 * SD-JWT VCs keep their claims.
 */
import { LEGACY_VCT, PURPOSE_CLAIMS, type CredentialType } from "@fairledger/common";
import { DcqlQuery } from "dcql";

/** The DCQL `format` of an SD-JWT VC (the shared wire identifier; `vc+sd-jwt` credentials answer it too). */
export const DCQL_SD_JWT_FORMAT = "dc+sd-jwt";
/** Where the subject's claims sit in a FairLedger SD-JWT VC. */
export const SUBJECT_CLAIMS_PATH = "credentialSubject";

/** A credential query id names the type, so the desk sees which paper answered (`employment_contract`). */
export function credentialQueryId(type: CredentialType): string {
  return type
    .replace(/Credential$/, "")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

/**
 * `vctValues`: the `vct` values the post accepts for the type — the consortium's type URL(s) (an issuer
 * service's `<vct base>/vct/<Type>`) and, for credentials issued before type URLs, the legacy URN.
 */
export function borderDcqlQuery(
  type: CredentialType,
  claims: readonly string[] = PURPOSE_CLAIMS[type],
  vctValues: readonly string[] = [LEGACY_VCT[type]],
): DcqlQuery {
  const query: DcqlQuery.Input = {
    credentials: [
      {
        id: credentialQueryId(type),
        format: DCQL_SD_JWT_FORMAT,
        meta: { vct_values: [...vctValues] },
        require_cryptographic_holder_binding: true,
        claims: claims.map((claim) => ({ path: [SUBJECT_CLAIMS_PATH, claim] })),
      },
    ],
  };
  const parsed = DcqlQuery.parse(query);
  DcqlQuery.validate(parsed);
  return parsed;
}

/** The claim names a credential query asks for under `credentialSubject` (what `required-claims` checks). */
export function subjectClaimsAsked(query: DcqlQuery, queryId: string): string[] {
  const credentialQuery = query.credentials.find((credential) => credential.id === queryId);
  return (credentialQuery?.claims ?? []).flatMap((claim) => {
    const path = (claim as { path?: unknown[] }).path;
    return path?.length === 2 && path[0] === SUBJECT_CLAIMS_PATH && typeof path[1] === "string" ? [path[1]] : [];
  });
}
