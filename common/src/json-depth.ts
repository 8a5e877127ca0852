/**
 * How deeply a JSON text nests, found by one linear scan of the raw text before anything parses it.
 *
 * Why on the raw text: `JSON.parse` itself copes with any depth, but everything that walks the parsed
 * value afterwards (zod, `JSON.stringify`, canonicalisation, recursive claim processing) recurses once
 * per level and dies with a stack overflow a few thousand levels down. A reviver is too late (it runs
 * after parsing, recursively). Counting brackets outside strings is O(n) with no recursion, so a hostile
 * body costs as much as its length and no more. Works on UTF-8 bytes as well as on strings: every
 * structural character is ASCII, and no byte of a multi-byte UTF-8 sequence is.
 */

/** The most levels any FairLedger document needs is about a dozen; 64 leaves room and stays far from any stack limit. */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/** Where a JSON text first nests deeper than allowed: the top-level member holding it, if any. */
export interface JsonTooDeep {
  /** The depth reached when the scan stopped (limit + 1). */
  depth: number;
  /** Name of the top-level object member that nests too deeply; undefined when the top level is not an object. */
  member?: string;
}

/**
 * Scans `text` and returns where it first nests deeper than `limit` (objects and arrays), or null when
 * it never does. Does not validate the JSON: malformed text is the parser's to refuse.
 */
export function findJsonTooDeep(text: string | Uint8Array, limit = MAX_JSON_DEPTH): JsonTooDeep | null {
  const at = typeof text === "string" ? (i: number): number | undefined => text.charCodeAt(i) : (i: number) => text[i];
  let depth = 0;
  let topIsObject = false;
  let inString = false;
  let stringStart = -1;
  let lastTopString: [number, number] | undefined;
  let member: [number, number] | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = at(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) {
        inString = false;
        if (depth === 1 && topIsObject) lastTopString = [stringStart, i + 1];
      }
      continue;
    }
    if (c === QUOTE) {
      inString = true;
      stringStart = i;
    } else if (c === COLON) {
      if (depth === 1) member = lastTopString;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (depth === 0) topIsObject = c === 0x7b;
      depth++;
      if (depth > limit) return { depth, member: topIsObject && member ? memberName(text, member) : undefined };
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return null;
}

function memberName(text: string | Uint8Array, [start, end]: [number, number]): string | undefined {
  const raw = typeof text === "string" ? text.slice(start, end) : new TextDecoder().decode(text.subarray(start, end));
  try {
    return JSON.parse(raw) as string;
  } catch {
    return undefined;
  }
}

/** A JSON pointer (URI fragment form, RFC 6901) naming where `text` nests too deeply: `#/member`, or `#` for the whole document. */
export function tooDeepPointer(found: JsonTooDeep): string {
  return found.member === undefined ? "#" : `#/${found.member.replace(/~/g, "~0").replace(/\//g, "~1")}`;
}
