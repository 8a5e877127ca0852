/**
 * Reading an OpenID4VP 1.0 request (a scanned or pasted `openid4vp://` link): fetch the request object
 * from its request_uri, and check it before showing the worker anything.
 *
 * What the wallet checks: the object is a JWS of `typ: oauth-authz-req+jwt`, EdDSA or ES256; its client_id
 * is the link's, with the `decentralized_identifier:` prefix; the signing key is a key of that DID, as the
 * chain says (through the wallet's own service, client-key.ts), and the signature verifies; it asks for a
 * vp_token by direct_post to an https (or loopback) response_uri, has a nonce and a state, has not
 * expired, and carries a DCQL query the `dcql` library accepts.
 * The wallet's service also says whether the chain registers the DID as a licensing authority (shown to
 * the worker; a request from any other DID is still readable, flagged as "not a registered authority").
 * What it cannot check in a browser: the chain itself (it trusts its own service's reading of it), that
 * the authority's desk is the one in front of the worker (a relayed QR is answered to the real desk: the
 * KB-JWT binds the answer to that desk's client_id and nonce, so the relay learns the disclosed claims
 * only if it also runs the response_uri, which the signed request fixes), and clocks beyond `exp`.
 */
import { DcqlQuery } from "dcql";
import {
  REQUEST_OBJECT_MEDIA_TYPE,
  REQUEST_OBJECT_TYP,
  base64urlToText,
  didOfClientId,
  isLoopback,
  isFairLedgerError,
  parseOpenid4vpLink,
} from "@fairledger/common";
import { WalletError } from "../../lib/errors.ts";
import { verifyJwsSignature } from "../../lib/jws-verify.ts";
import type { ClientKeyResolver } from "./client-key.ts";

export interface OnlineRequest {
  /** `decentralized_identifier:did:ethr:…`: the KB-JWT's `aud`. */
  clientId: string;
  clientDid: string;
  /** The jurisdiction whose authority the chain says the client is; null: not an authority; undefined: not known. */
  clientAuthority?: string | null;
  /** As the verifier names itself (client_metadata.client_name): shown, never trusted. */
  clientName?: string;
  responseUri: string;
  nonce: string;
  state: string;
  expiresAt: Date;
  dcqlQuery: DcqlQuery;
}

export interface OnlineRequestDeps {
  fetch: typeof fetch;
  resolveClientKey: ClientKeyResolver;
  now: Date;
}

const invalid = (message: string, cause?: unknown) => new WalletError("ERR_REQUEST_INVALID", message, { cause });
const untrusted = (message: string) => new WalletError("ERR_REQUEST_UNTRUSTED", message);

function decodePart(part: string | undefined, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(base64urlToText(part ?? "")) as unknown;
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch (cause) {
    throw invalid(`the request object's ${what} is not JSON`, cause);
  }
  throw invalid(`the request object's ${what} is not a JSON object`);
}

function httpsOrLoopback(uri: unknown): uri is string {
  if (typeof uri !== "string" || !URL.canParse(uri)) return false;
  const url = new URL(uri);
  return url.protocol === "https:" || isLoopback(url);
}

export async function readOnlineRequest(linkText: string, deps: OnlineRequestDeps): Promise<OnlineRequest> {
  let link;
  try {
    link = parseOpenid4vpLink(linkText);
  } catch (error) {
    if (isFairLedgerError(error)) throw invalid(error.message, error);
    throw error;
  }
  const clientDid = didOfClientId(link.clientId);
  if (!clientDid) throw untrusted("the verifier is not identified by a DID (decentralized_identifier:)");

  let requestObject: string;
  try {
    const response = await deps.fetch(link.requestUri, { headers: { accept: REQUEST_OBJECT_MEDIA_TYPE } });
    if (!response.ok) throw invalid(`the request_uri answered ${response.status}`);
    requestObject = (await response.text()).trim();
  } catch (error) {
    if (error instanceof WalletError) throw error;
    throw new WalletError("ERR_VERIFIER_UNREACHABLE", "the request could not be fetched", { cause: error });
  }
  const [headerPart, payloadPart] = requestObject.split(".");
  const header = decodePart(headerPart, "header");
  const payload = decodePart(payloadPart, "payload");

  if (header.typ !== REQUEST_OBJECT_TYP) throw invalid(`the request object's typ is not ${REQUEST_OBJECT_TYP}`);
  if (payload.client_id !== link.clientId) throw untrusted("the request object names another client than the link");
  const kid = header.kid;
  if (typeof kid !== "string" || kid.split("#")[0] !== clientDid)
    throw untrusted("the request object is not signed with a key of the verifier's DID");
  const key = await deps.resolveClientKey(kid);
  if (!key) throw untrusted("the verifier's DID does not publish the key the request names");
  if (!(await verifyJwsSignature(requestObject, header.alg, key.jwk)))
    throw untrusted("the request object's signature does not verify");

  if (payload.response_type !== "vp_token" || payload.response_mode !== "direct_post")
    throw invalid("only vp_token by direct_post is supported");
  if (!httpsOrLoopback(payload.response_uri)) throw invalid("the response_uri must be https");
  if (typeof payload.nonce !== "string" || payload.nonce.length === 0) throw invalid("the request has no nonce");
  if (typeof payload.state !== "string" || payload.state.length === 0) throw invalid("the request has no state");
  if (typeof payload.exp !== "number" || payload.exp * 1000 <= deps.now.getTime())
    throw new WalletError("ERR_REQUEST_EXPIRED", "the request has expired");
  let dcqlQuery: DcqlQuery;
  try {
    dcqlQuery = DcqlQuery.parse(payload.dcql_query as DcqlQuery.Input);
    DcqlQuery.validate(dcqlQuery);
  } catch (cause) {
    throw invalid("the request's DCQL query is not valid", cause);
  }
  const clientName = (payload.client_metadata as { client_name?: unknown } | undefined)?.client_name;
  return {
    clientId: link.clientId,
    clientDid,
    clientAuthority: key.authorityJurisdiction,
    clientName: typeof clientName === "string" ? clientName.slice(0, 200) : undefined,
    responseUri: payload.response_uri,
    nonce: payload.nonce,
    state: payload.state,
    expiresAt: new Date(payload.exp * 1000),
    dcqlQuery,
  };
}
