/**
 * Signs a Token Status List token (draft-ietf-oauth-status-list-12 §5.1): JOSE `typ: statuslist+jwt`,
 * `iss` the issuer's DID, `kid` its current signing key, `sub` the list's URI, `iat`, `exp`, `ttl`, and
 * `status_list: { bits: 2, lst }` encoded (zlib, base64url) by @sd-jwt/jwt-status-list.
 */
import { StatusList, createHeaderAndPayload } from "@sd-jwt/jwt-status-list";
import {
  STATUS_LIST_BITS,
  STATUS_LIST_TYP,
  textToBase64url,
  type JwsSigner,
  type TokenStatus,
} from "@fairledger/common/node";

export interface StatusListTokenInput {
  uri: string;
  size: number;
  statuses: ReadonlyMap<number, TokenStatus>;
  issuerDid: string;
  kid: string;
  signer: JwsSigner;
  /** Unix seconds. */
  issuedAt: number;
  validitySeconds: number;
  ttlSeconds: number;
}

export function signStatusListToken(input: StatusListTokenInput): string {
  const values = new Array<number>(input.size).fill(0);
  for (const [idx, status] of input.statuses) values[idx] = status;
  const list = new StatusList(values, STATUS_LIST_BITS);
  const { header, payload } = createHeaderAndPayload(
    list,
    {
      iss: input.issuerDid,
      sub: input.uri,
      iat: input.issuedAt,
      exp: input.issuedAt + input.validitySeconds,
      ttl: input.ttlSeconds,
    },
    { alg: input.signer.alg, typ: STATUS_LIST_TYP, kid: input.kid },
  );
  const signingInput = `${textToBase64url(JSON.stringify(header))}.${textToBase64url(JSON.stringify(payload))}`;
  return `${signingInput}.${input.signer.sign(signingInput)}`;
}
