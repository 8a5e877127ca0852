/**
 * Token Status List (draft-ietf-oauth-status-list-12) as FairLedger uses it: the status values, the
 * `status` claim a credential carries and the JOSE `typ` / media type of a status list token. Defined
 * once here so the issuer that publishes lists and the verifier that compares them with the chain agree.
 */

/** Status values (draft §7.1), two bits per credential. */
export const TOKEN_STATUS = { valid: 0, invalid: 1, suspended: 2 } as const;
export type TokenStatus = (typeof TOKEN_STATUS)[keyof typeof TOKEN_STATUS];
export const STATUS_LIST_BITS = 2;

export const STATUS_LIST_TYP = "statuslist+jwt";
export const STATUS_LIST_MEDIA_TYPE = "application/statuslist+jwt";
/** Where a deployment publishes its lists: `${base}${STATUS_LIST_PATH}<list id>`. */
export const STATUS_LIST_PATH = "/status-lists/";

/** The `status` claim of a credential (draft §6.1): its index in the list at `uri`. */
export interface StatusReference {
  status_list: { idx: number; uri: string };
}

/** The `status` claim of `payload` when it has the draft's shape, or undefined. */
export function statusReferenceOf(payload: Record<string, unknown>): StatusReference | undefined {
  const status = payload.status as { status_list?: { idx?: unknown; uri?: unknown } } | undefined;
  const list = status?.status_list;
  if (!list || typeof list.uri !== "string" || !Number.isSafeInteger(list.idx) || (list.idx as number) < 0)
    return undefined;
  return { status_list: { idx: list.idx as number, uri: list.uri } };
}
