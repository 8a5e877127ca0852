/**
 * The JSON-LD contexts a FairLedger credential names, and the one rule that says which are acceptable.
 *
 * FairLedger's terms are defined once, in common/contexts/fairledger-v1.jsonld; the issuer service serves
 * that file at `<its public URL>/contexts/fairledger/v1` (application/ld+json) and names that URL in every
 * credential, so any JSON-LD processor can load it. The URL's host is the issuing deployment's, so a
 * verifier recognises the context by its path and reads it as its own bundled copy: nothing here, and
 * nothing in FairLedger's verifier, ever fetches a context named by a token.
 *
 * Credentials issued before the context was served name `urn:fairledger:context:1`, which no processor
 * can load; verifiers accept it until LEGACY_CONTEXT_ACCEPTED_UNTIL (those credentials stay valid for
 * three years from issue, but holders can pick up a re-issued copy well before then).
 */

/** VCDM 2.0 (SD-JWT VC payloads). */
export const VCDM2_CONTEXT = "https://www.w3.org/ns/credentials/v2";
/** VCDM 1.1 (VC-JWT `vc` claims: did-jwt-vc requires it first). */
export const VCDM1_CONTEXT = "https://www.w3.org/2018/credentials/v1";

/** Where the issuer service serves the FairLedger context, below its public URL. */
export const FAIRLEDGER_CONTEXT_PATH = "/contexts/fairledger/v1";
/** Media type of the served context (JSON-LD 1.1 §9). */
export const JSON_LD_MEDIA_TYPE = "application/ld+json";

/** The unloadable context URN of credentials issued before the served context. */
export const LEGACY_FAIRLEDGER_CONTEXT = "urn:fairledger:context:1";
/**
 * @deprecated Names the legacy URN; new credentials name `fairLedgerContextUrl(publicUrl)`. Kept for
 * fixtures that build credentials as issued before.
 */
export const FAIRLEDGER_CONTEXT = LEGACY_FAIRLEDGER_CONTEXT;
/** Last moment (ISO 8601, UTC) a verifier accepts the legacy URN. */
export const LEGACY_CONTEXT_ACCEPTED_UNTIL = "2027-06-30T23:59:59Z";

/** The FairLedger context URL of a deployment whose public URL is `baseUrl`. */
export function fairLedgerContextUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "")}${FAIRLEDGER_CONTEXT_PATH}`;
}

/** True for `http(s)://<host>[:port][/prefix]/contexts/fairledger/v1` with no query or fragment. */
export function isFairLedgerContextUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    (url.protocol === "https:" || url.protocol === "http:") &&
    url.pathname.endsWith(FAIRLEDGER_CONTEXT_PATH) &&
    url.search === "" &&
    url.hash === "" &&
    url.username === "" &&
    url.password === ""
  );
}

/**
 * Why `context` is not one FairLedger can honour for a credential of VCDM `version`, or null: the VCDM
 * context first, then FairLedger's (served URL, or the legacy URN while `now` — unix seconds — is before
 * its sunset), nothing else. An extra context could redefine the terms a verifier reads.
 */
export function credentialContextProblem(context: unknown, version: 1 | 2, now: number): string | null {
  const vcdm = version === 2 ? VCDM2_CONTEXT : VCDM1_CONTEXT;
  if (!Array.isArray(context) || context[0] !== vcdm) return `@context must be an array whose first entry is ${vcdm}`;
  if (context.length !== 2) return `@context must name ${vcdm} and the FairLedger context, and nothing else`;
  const own = context[1] as unknown;
  if (isFairLedgerContextUrl(own)) return null;
  if (own === LEGACY_FAIRLEDGER_CONTEXT) {
    return now <= Date.parse(LEGACY_CONTEXT_ACCEPTED_UNTIL) / 1000
      ? null
      : `@context ${LEGACY_FAIRLEDGER_CONTEXT} was accepted until ${LEGACY_CONTEXT_ACCEPTED_UNTIL}`;
  }
  return `@context ${JSON.stringify(own)} is not the FairLedger context (…${FAIRLEDGER_CONTEXT_PATH})`;
}
