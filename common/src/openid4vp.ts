/**
 * OpenID4VP 1.0 as FairLedger speaks it, defined once for the verifier that writes a request and the
 * wallet that reads it: the `openid4vp://` link (what the QR at the desk holds), the client identifier
 * prefix of border posts, the request object's `typ`, and the shape of the 1.0 `vp_token`.
 *
 * A border post is identified as `decentralized_identifier:<authority's did:ethr>`: the request object
 * is signed with the authority's signing key published in that DID's document on the consortium chain,
 * so anyone who can resolve did:ethr on that chain checks who asks, without a certificate authority
 * (border posts of two countries have no common X.509 PKI; they do share the chain).
 */
import { FairLedgerError } from "./errors.ts";

/** The scheme of a cross-device or same-device request link (OpenID4VP 1.0 §13.1 default). */
export const OPENID4VP_SCHEME = "openid4vp:";
/** The client identifier prefix FairLedger verifiers use (OpenID4VP 1.0 §5.9.3). */
export const DID_CLIENT_ID_PREFIX = "decentralized_identifier:";
/** JOSE `typ` of a signed request object (RFC 9101 §10.8, required by OpenID4VP 1.0 §5). */
export const REQUEST_OBJECT_TYP = "oauth-authz-req+jwt";
/** Media type of the request object served at `request_uri`. */
export const REQUEST_OBJECT_MEDIA_TYPE = "application/oauth-authz-req+jwt";

/** What an `openid4vp://` link carries: who asks, and where the signed request is fetched from. */
export interface Openid4vpLink {
  clientId: string;
  requestUri: string;
}

/** The link, its parameters in a fixed order (RFC 9101 §5.2: client_id and request_uri). */
export function openid4vpLink(link: Openid4vpLink): string {
  const query = new URLSearchParams({ client_id: link.clientId, request_uri: link.requestUri });
  return `${OPENID4VP_SCHEME}//?${query.toString()}`;
}

/** True when `text` looks like an OpenID4VP link (the wallet then takes the online path). */
export function isOpenid4vpLink(text: string): boolean {
  return text.trim().toLowerCase().startsWith(OPENID4VP_SCHEME);
}

/** Reads an `openid4vp://` link; throws FairLedgerError ERR_REQUEST_INVALID. */
export function parseOpenid4vpLink(text: string): Openid4vpLink {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch (cause) {
    throw new FairLedgerError("ERR_REQUEST_INVALID", "the OpenID4VP link is not a URL", { cause });
  }
  if (url.protocol !== OPENID4VP_SCHEME)
    throw new FairLedgerError("ERR_REQUEST_INVALID", "the link is not an openid4vp:// link");
  const clientId = url.searchParams.get("client_id");
  const requestUri = url.searchParams.get("request_uri");
  if (!clientId || !requestUri)
    throw new FairLedgerError("ERR_REQUEST_INVALID", "the OpenID4VP link has no client_id or no request_uri");
  let target: URL;
  try {
    target = new URL(requestUri);
  } catch (cause) {
    throw new FairLedgerError("ERR_REQUEST_INVALID", "the request_uri is not a URL", { cause });
  }
  if (target.protocol !== "https:" && !isLoopback(target))
    throw new FairLedgerError("ERR_REQUEST_INVALID", "the request_uri must be https (or loopback http)");
  return { clientId, requestUri };
}

/** Plain http is accepted only on this machine (development and tests). */
export function isLoopback(url: URL): boolean {
  return (
    url.protocol === "http:" &&
    (url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]")
  );
}

/** The DID of a `decentralized_identifier:` client id, or undefined for any other prefix. */
export function didOfClientId(clientId: string): string | undefined {
  if (!clientId.startsWith(DID_CLIENT_ID_PREFIX)) return undefined;
  const did = clientId.slice(DID_CLIENT_ID_PREFIX.length);
  return did.startsWith("did:") ? did : undefined;
}

/**
 * The 1.0 `vp_token` (§8.1): one entry per DCQL credential query id, each a non-empty array of
 * presentations (an SD-JWT VC presentation `<jwt>~<disclosures>~<kb-jwt>`, or a VP-JWT string).
 */
export type VpToken = Record<string, string[]>;
