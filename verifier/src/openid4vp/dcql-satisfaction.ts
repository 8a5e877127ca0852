/**
 * Does the response answer the DCQL query? Each presentation is decoded (issuer JWT payload plus the
 * disclosures it carries; nothing verified yet: `verify` does that next) and handed to the `dcql`
 * library, which matches format, `vct`, holder binding and every claim path the query requires.
 * A refusal names the query and what was missing, in the library's words.
 */
import { DcqlPresentationResult, type DcqlQuery } from "dcql";
import type { VpToken } from "@fairledger/common";
import { decodeCompactJws } from "../jose/compact-jws.ts";
import { processDisclosures } from "../checks/sd-disclosures.ts";
import { Openid4vpError } from "./errors.ts";

/** Both SD-JWT VC `typ` values name one wire format during the transition (common's shared decision). */
const SD_JWT_VC_TYPS = new Set(["dc+sd-jwt", "vc+sd-jwt"]);

type DcqlInput = Parameters<typeof DcqlPresentationResult.fromDcqlPresentation>[0];
type DcqlCredentialPresentation = Extract<DcqlInput[string], readonly unknown[]>[number];

const malformed = (message: string) => new Openid4vpError("ERR_VP_RESPONSE_MALFORMED", message);

/** The DCQL view of one SD-JWT VC presentation, in the format the credential query asked. */
function dcqlPresentationOf(presentation: string, queryFormat: string): DcqlCredentialPresentation {
  const parts = presentation.split("~");
  const kbJwt = parts.pop() ?? "";
  const [issuerJwt = "", ...disclosures] = parts;
  let decoded;
  try {
    decoded = decodeCompactJws(issuerJwt, "credential");
  } catch (error) {
    throw malformed(`a presentation is not an SD-JWT VC: ${(error as Error).message}`);
  }
  const typ = decoded.header.typ;
  if (typeof typ !== "string" || !SD_JWT_VC_TYPS.has(typ))
    throw malformed(`a presentation has typ ${JSON.stringify(typ)}; expected dc+sd-jwt or vc+sd-jwt`);
  const { result, processed } = processDisclosures(decoded.payload, disclosures);
  if (!processed) throw malformed(`a presentation's disclosures do not decode: ${result.reason}`);
  // dcql compares credential_format with the query's format literally; a vc+sd-jwt credential is the same format.
  const format = SD_JWT_VC_TYPS.has(queryFormat) ? queryFormat : typ;
  return {
    credential_format: format as "dc+sd-jwt",
    vct: typeof processed.claims.vct === "string" ? processed.claims.vct : "",
    claims: processed.claims as Record<string, never>,
    cryptographic_holder_binding: kbJwt.length > 0,
  };
}

export function checkDcqlSatisfied(vpToken: VpToken, query: DcqlQuery): void {
  const input: DcqlInput = {};
  for (const [id, presentations] of Object.entries(vpToken)) {
    const credentialQuery = query.credentials.find((credential) => credential.id === id);
    if (!credentialQuery) throw malformed(`the vp_token answers ${id}, which the query did not ask`);
    input[id] = presentations.map((presentation) => dcqlPresentationOf(presentation, credentialQuery.format));
  }
  let outcome;
  try {
    outcome = DcqlPresentationResult.fromDcqlPresentation(input, { dcqlQuery: query });
  } catch (error) {
    throw malformed(`the vp_token does not fit the query: ${(error as Error).message}`);
  }
  if (outcome.can_be_satisfied) return;
  const missing = query.credentials
    .filter((credential) => !outcome.credential_matches[credential.id]?.success)
    .map((credential) => {
      const match = outcome.credential_matches[credential.id];
      return match ? `${credential.id}: ${describeFailure(match)}` : `${credential.id}: no presentation`;
    });
  throw new Openid4vpError(
    "ERR_VP_DCQL_UNSATISFIED",
    `the presentations do not answer the query (${missing.join("; ") || "a credential set is not met"})`,
  );
}

/** The first claim or meta issue dcql reports, in its words. */
function describeFailure(match: unknown): string {
  const failed = (match as { failed_credentials?: { claims?: unknown; meta?: unknown }[] }).failed_credentials?.[0];
  if (!failed) return "does not match";
  const issues = JSON.stringify(
    failed.meta && !(failed.meta as { success?: boolean }).success ? failed.meta : failed.claims,
  );
  const found = /"(Expected [^"]+)"/.exec(issues ?? "");
  return found?.[1] ?? "a required claim or the credential type is missing";
}
