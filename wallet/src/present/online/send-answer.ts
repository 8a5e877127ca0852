/**
 * Answering by direct_post (OpenID4VP 1.0 §8.2): the 1.0 vp_token `{ <query id>: [<presentation>] }`
 * and the request's state, form-encoded, to the response_uri. The verifier answers 200 once it has the
 * answer (its verdict is for the desk) or 400 with `{ error, error_description }`.
 */
import { WalletError } from "../../lib/errors.ts";
import type { OnlineRequest } from "./online-request.ts";

export function vpTokenOf(queryId: string, presentation: string): Record<string, string[]> {
  return { [queryId]: [presentation] };
}

export async function sendOnlineAnswer(
  fetchFn: typeof fetch,
  request: Pick<OnlineRequest, "responseUri" | "state">,
  vpToken: Record<string, string[]>,
): Promise<void> {
  let response: Response;
  try {
    response = await fetchFn(request.responseUri, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({ vp_token: JSON.stringify(vpToken), state: request.state }).toString(),
    });
  } catch (cause) {
    throw new WalletError("ERR_VERIFIER_UNREACHABLE", "the answer could not be sent", { cause });
  }
  if (response.ok) return;
  let description = `the verifier answered ${response.status}`;
  try {
    const body = (await response.json()) as { error?: unknown; error_description?: unknown };
    if (typeof body.error_description === "string") description = `${String(body.error)}: ${body.error_description}`;
  } catch {
    /* not JSON: the status says enough */
  }
  throw new WalletError("ERR_VERIFIER_REFUSED", description);
}
