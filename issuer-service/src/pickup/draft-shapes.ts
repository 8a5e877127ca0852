/**
 * The credential request shapes of OpenID4VCI Draft 13/14 that FairLedger's own wallets sent before 1.0:
 * `{ format, proof: { proof_type: "jwt", jwt } }` (sometimes with a `credential_configuration_id`), answered
 * `{ credential, format }`, with the c_nonce taken from the token response. They are accepted until
 * DRAFT_SHAPES_ACCEPTED_UNTIL, the end of the `vc+sd-jwt` transition the verifiers also honour, and every
 * use is logged so an operator sees which wallets still need the update before then.
 */
import type { CredentialFormat } from "../credentials/issuer.ts";

/** Last day a draft-shaped credential request is answered; from the day after, it is refused. */
export const DRAFT_SHAPES_ACCEPTED_UNTIL = "2027-06-30";

export const draftShapesAccepted = (now: number) => now < Date.parse(`${DRAFT_SHAPES_ACCEPTED_UNTIL}T23:59:59.999Z`);

/** The log line (and its fields) of a draft-shaped request: no code, token or key, only what was sent. */
export const DRAFT_SHAPE_LOG = "openid4vci draft-shaped credential request (Draft 13/14 wallet); accepted until";

/** The internal format a draft request's `format` names; `vc+sd-jwt` was the SD-JWT VC identifier then. */
export function draftFormat(format: string): CredentialFormat | undefined {
  if (format === "vc+sd-jwt" || format === "dc+sd-jwt") return "vc+sd-jwt";
  if (format === "jwt_vc_json") return "vc-jwt";
  return undefined;
}
