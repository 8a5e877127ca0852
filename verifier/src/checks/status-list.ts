/**
 * The issuer's Token Status List (draft-ietf-oauth-status-list-12) beside the chain. FairLedger's
 * verifier keeps the chain as its authority for suspension and revocation (`not-revoked`); when the
 * caller gives it a way to fetch lists (off by default: a border post may be offline), it also reads the
 * credential's entry in the list its `status` claim names, checks the list token (typ, issuer, subject,
 * expiry, signature by a key of the issuer's DID at the token's iat), and says in a notice when the
 * two disagree or the list cannot be used — never changing the outcome: a stale or withheld list must
 * not make a revoked credential pass, nor a spoofed one fail a valid credential.
 */
import { StatusList, type BitsPerStatus } from "@sd-jwt/jwt-status-list";
import { STATUS_LIST_TYP, TOKEN_STATUS, type StatusReference, type TokenStatus } from "@fairledger/common";
import { decodeCompactJws, JwsDecodeError } from "../jose/compact-jws.ts";
import type { TrustSource } from "../trust/trust-source.ts";
import { checkIssuerKey } from "./issuer-key.ts";
import { checkSignature } from "./signature.ts";

/** Fetches a status list token (the body of GET `uri`, `application/statuslist+jwt`). */
export type StatusListFetch = (uri: string) => Promise<string>;

const STATUS_WORDS: Record<number, string> = {
  [TOKEN_STATUS.valid]: "valid",
  [TOKEN_STATUS.invalid]: "invalid (revoked)",
  [TOKEN_STATUS.suspended]: "suspended",
};
const words = (status: number) => STATUS_WORDS[status] ?? `status ${status}`;

class Unusable extends Error {}

/** The credential's status in the issuer's list, or why the list cannot be used. */
export async function statusInList(
  trust: TrustSource,
  reference: StatusReference,
  iss: string,
  now: number,
  fetchList: StatusListFetch,
): Promise<{ status: number } | { unusable: string }> {
  const { idx, uri } = reference.status_list;
  try {
    let token: string;
    try {
      token = (await fetchList(uri)).trim();
    } catch (error) {
      throw new Unusable(`could not be fetched from ${uri} (${(error as Error).message})`);
    }
    const jws = decodeCompactJws(token, "status list token");
    const { payload, header } = jws;
    if (header.typ !== STATUS_LIST_TYP)
      throw new Unusable(`is typ ${JSON.stringify(header.typ)}, not ${STATUS_LIST_TYP}`);
    if (payload.iss !== iss)
      throw new Unusable(`was issued by ${JSON.stringify(payload.iss)}, not the credential's issuer`);
    if (payload.sub !== uri) throw new Unusable(`is about ${JSON.stringify(payload.sub)}, not ${uri}`);
    if (typeof payload.iat !== "number") throw new Unusable("has no iat");
    if (typeof payload.exp === "number" && payload.exp <= now) throw new Unusable("has expired");
    const key = await checkIssuerKey(trust, iss, header.kid, payload.iat);
    if (!key.key) throw new Unusable(`is not signed by a key of the issuer (${key.result.reason})`);
    const signature = checkSignature(jws, key.key, "its");
    if (!signature.passed) throw new Unusable(`is not the issuer's: ${signature.reason}`);
    const list = payload.status_list as { bits?: unknown; lst?: unknown } | undefined;
    if (!list || ![1, 2, 4, 8].includes(list.bits as number) || typeof list.lst !== "string")
      throw new Unusable("has no status_list of the draft's shape");
    const decoded = StatusList.decompressStatusList(list.lst, list.bits as BitsPerStatus);
    if (idx >= decoded.statusList.length) throw new Unusable(`has no index ${idx}`);
    return { status: decoded.getStatus(idx) };
  } catch (error) {
    if (error instanceof Unusable || error instanceof JwsDecodeError)
      return { unusable: `the issuer's status list ${error.message}` };
    return { unusable: `the issuer's status list could not be read (${(error as Error).message})` };
  }
}

/** A notice when the list and the chain disagree (or the list is unusable); undefined when they agree. */
export function statusListNotice(
  chainStatus: TokenStatus,
  inList: { status: number } | { unusable: string },
): string | undefined {
  if ("unusable" in inList) return `${inList.unusable}; the chain decides`;
  if (inList.status === chainStatus) return undefined;
  return `the issuer's status list says ${words(inList.status)} but the chain says ${words(chainStatus)}; the chain decides`;
}
