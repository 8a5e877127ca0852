/**
 * JSON.parse for untrusted input, bounded in depth before parsing (a linear scan of the raw text), so
 * that nothing that later walks the value — zod, the disclosure walk, JSON.stringify of the result —
 * can be driven into a stack overflow by a presentation, a disclosure or a batch line.
 */
import { MAX_JSON_DEPTH, findJsonTooDeep } from "@fairledger/common";

export class JsonInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JsonInputError";
  }
}

/** Parses `text`; throws JsonInputError("... is not JSON" / "... nests deeper than N levels"). */
export function parseUntrustedJson(text: string, what: string): unknown {
  if (findJsonTooDeep(text, MAX_JSON_DEPTH))
    throw new JsonInputError(`${what} nests deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new JsonInputError(`${what} is not JSON`);
  }
}
