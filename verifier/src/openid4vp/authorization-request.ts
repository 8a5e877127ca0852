/**
 * A border post's OpenID4VP 1.0 authorization request as a signed request object (JAR, RFC 9101):
 * `typ: oauth-authz-req+jwt`, `vp_token` by `direct_post` to `response_uri`, a fresh `nonce` (the KB-JWT
 * must carry it) and `state` (the desk's handle on the answer), a DCQL query, and the client's
 * `decentralized_identifier:` id. The wallet gets it by reference: the link holds only client_id and
 * request_uri, so the QR stays small whatever the query says.
 */
import {
  DID_CLIENT_ID_PREFIX,
  REQUEST_OBJECT_TYP,
  base64urlToText,
  newRequestNonce,
  openid4vpLink,
  type JwsAlgorithm,
} from "@fairledger/common";
import type { DcqlQuery } from "dcql";
import { Openid4vpError } from "./errors.ts";
import { DCQL_SD_JWT_FORMAT } from "./border-query.ts";

/** The static audience of a request object for a wallet without published metadata (OpenID4VP 1.0 §5.8). */
export const SELF_ISSUED_AUDIENCE = "https://self-issued.me/v2";
/** How long a request stays answerable by default: a traveller at a desk, not a day. */
export const DEFAULT_REQUEST_LIFETIME_SECONDS = 300;

/** Signs with the client's key; `kid` is a DID URL of the client's DID (`did:ethr:…#delegate-1`). */
export interface RequestObjectSigner {
  readonly alg: JwsAlgorithm;
  readonly kid: string;
  sign(signingInput: string): string | Promise<string>;
}

export interface AuthorizationRequestOptions {
  /** The verifier's DID (did:ethr of the destination authority); the client id is its prefixed form. */
  clientDid: string;
  signer: RequestObjectSigner;
  /** Where the wallet POSTs the answer (direct_post). */
  responseUri: string;
  /** Where the wallet GETs this request object (goes into the link). */
  requestUri: string;
  dcqlQuery: DcqlQuery;
  /** Unix seconds (default: now). */
  now?: number;
  lifetimeSeconds?: number;
  /** Default: 128 random bits each. */
  nonce?: string;
  state?: string;
  /** Shown by wallets that display who asks (`client_metadata.client_name`). */
  clientName?: string;
}

/** The request's parameters as signed (OpenID4VP 1.0 §5.1). */
export interface AuthorizationRequestPayload {
  aud: string;
  client_id: string;
  response_type: "vp_token";
  response_mode: "direct_post";
  response_uri: string;
  nonce: string;
  state: string;
  dcql_query: DcqlQuery;
  client_metadata: Record<string, unknown>;
  iat: number;
  exp: number;
}

export interface AuthorizationRequest {
  /** The signed request object, served at request_uri as application/oauth-authz-req+jwt. */
  requestObject: string;
  payload: AuthorizationRequestPayload;
  /** `openid4vp://?client_id=…&request_uri=…`: the QR (cross-device) and the link (same device). */
  link: string;
  /** Unix seconds. */
  expiresAt: number;
}

export function didClientId(did: string): string {
  return `${DID_CLIENT_ID_PREFIX}${did}`;
}

const json64 = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");

export async function createAuthorizationRequest(options: AuthorizationRequestOptions): Promise<AuthorizationRequest> {
  const [kidDid] = options.signer.kid.split("#");
  // The wallet's library compares the kid's DID with the client id literally: a versionId query would fail it.
  if (kidDid !== options.clientDid)
    throw new Openid4vpError("ERR_VP_REQUEST_INVALID", "the signing key's kid is not a DID URL of the client's DID");
  for (const uri of [options.responseUri, options.requestUri]) {
    if (!URL.canParse(uri)) throw new Openid4vpError("ERR_VP_REQUEST_INVALID", `${uri} is not a URL`);
  }
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const exp = now + (options.lifetimeSeconds ?? DEFAULT_REQUEST_LIFETIME_SECONDS);
  const clientId = didClientId(options.clientDid);
  // No `iss`: OpenID4VP 1.0 identifies the verifier by client_id alone, and a prefixed client id there
  // would contradict the DID that wallets compare `iss` with.
  const payload: AuthorizationRequestPayload = {
    aud: SELF_ISSUED_AUDIENCE,
    client_id: clientId,
    response_type: "vp_token",
    response_mode: "direct_post",
    response_uri: options.responseUri,
    nonce: options.nonce ?? newRequestNonce(),
    state: options.state ?? newRequestNonce(),
    dcql_query: options.dcqlQuery,
    client_metadata: {
      ...(options.clientName ? { client_name: options.clientName } : {}),
      vp_formats_supported: {
        [DCQL_SD_JWT_FORMAT]: { "sd-jwt_alg_values": ["EdDSA", "ES256"], "kb-jwt_alg_values": ["ES256", "EdDSA"] },
      },
    },
    iat: now,
    exp,
  };
  const header = { alg: options.signer.alg, typ: REQUEST_OBJECT_TYP, kid: options.signer.kid };
  const signingInput = `${json64(header)}.${json64(payload)}`;
  const requestObject = `${signingInput}.${await options.signer.sign(signingInput)}`;
  return {
    requestObject,
    payload,
    link: openid4vpLink({ clientId, requestUri: options.requestUri }),
    expiresAt: exp,
  };
}

/** The payload of a request object this verifier made (read back from its own store; not verified here). */
export function requestPayloadOf(requestObject: string): AuthorizationRequestPayload {
  const [, payload = ""] = requestObject.split(".");
  return JSON.parse(base64urlToText(payload)) as AuthorizationRequestPayload;
}
