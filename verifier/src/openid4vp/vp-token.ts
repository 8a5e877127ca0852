/**
 * Reading the 1.0 `vp_token` (OpenID4VP 1.0 §8.1): a JSON object whose keys are the ids of the DCQL
 * credential queries answered and whose values are non-empty arrays of presentations. With direct_post
 * it arrives form-encoded, so as JSON text. Draft shapes (a bare string, a single presentation instead
 * of an array, a presentation_submission) are refused: FairLedger asks in 1.0 and reads 1.0 only.
 */
import type { VpToken } from "@fairledger/common";
import type { DcqlQuery } from "dcql";
import { parseUntrustedJson } from "../util/parse-json.ts";
import { Openid4vpError } from "./errors.ts";

/** A presentation longer than this is not a FairLedger credential (the verifier's own input limit). */
const MAX_PRESENTATION_CHARS = 256 * 1024;

const malformed = (message: string) => new Openid4vpError("ERR_VP_RESPONSE_MALFORMED", message);

export function parseVpToken(value: unknown, query: DcqlQuery): VpToken {
  let token = value;
  if (typeof token === "string") {
    try {
      token = parseUntrustedJson(token, "the vp_token");
    } catch {
      throw malformed("the vp_token is not a JSON object (OpenID4VP 1.0 §8.1)");
    }
  }
  if (typeof token !== "object" || token === null || Array.isArray(token))
    throw malformed("the vp_token is not a JSON object keyed by credential query id");
  const asked = new Map(query.credentials.map((credential) => [credential.id, credential]));
  const parsed: VpToken = {};
  for (const [id, presentations] of Object.entries(token)) {
    const credentialQuery = asked.get(id);
    if (!credentialQuery) throw malformed(`the vp_token answers ${JSON.stringify(id)}, which the query did not ask`);
    if (!Array.isArray(presentations) || presentations.length === 0)
      throw malformed(`the vp_token entry ${id} is not a non-empty array of presentations`);
    if (presentations.length > 1 && !credentialQuery.multiple)
      throw malformed(`the query ${id} asked for one credential; the vp_token holds ${presentations.length}`);
    if (!presentations.every((entry) => typeof entry === "string" && entry.length > 0))
      throw malformed(`a presentation in ${id} is not a string`);
    if (presentations.some((entry: string) => entry.length > MAX_PRESENTATION_CHARS))
      throw malformed(`a presentation in ${id} is too large`);
    parsed[id] = presentations as string[];
  }
  if (Object.keys(parsed).length === 0) throw malformed("the vp_token holds no presentation");
  return parsed;
}
