/**
 * `sd-disclosures`: RFC 9901 §7.1 steps 3–5, applied to the issuer-signed payload:
 * _sd_alg is sha-256; every disclosure is well formed and referenced by exactly one digest; no digest
 * appears twice; a disclosed claim never overwrites a plainly signed one; `_sd`/`...` are never claim
 * names; object disclosures have 3 elements and array disclosures 2. Returns the processed payload.
 */
import { fail, pass, type CheckResult } from "../result.ts";
import { sdHash } from "../jose/sd-hash.ts";
import { MAX_JSON_DEPTH } from "@fairledger/common";
import { parseUntrustedJson } from "../util/parse-json.ts";
import { base64urlToUtf8 } from "../platform/bytes.ts";

interface Disclosure {
  encoded: string;
  salt: string;
  name?: string;
  value: unknown;
  used: boolean;
}

class DisclosureError extends Error {}

/** Own-property assignment that a claim named "__proto__" cannot turn into a prototype change. */
function setClaim(target: Record<string, unknown>, name: string, value: unknown): void {
  // "__proto__" is the one name whose plain assignment is not an own-property write.
  if (name === "__proto__")
    Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  else target[name] = value;
}

function parseDisclosure(encoded: string): Disclosure {
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) throw new DisclosureError("a disclosure is not base64url");
  let array: unknown;
  try {
    array = parseUntrustedJson(base64urlToUtf8(encoded), "a disclosure");
  } catch (error) {
    throw new DisclosureError((error as Error).message);
  }
  if (!Array.isArray(array) || (array.length !== 2 && array.length !== 3))
    throw new DisclosureError("a disclosure is not a 2- or 3-element array");
  const [salt] = array;
  if (typeof salt !== "string" || salt.length < 16)
    throw new DisclosureError("a disclosure's salt is missing or shorter than 128 bits");
  if (array.length === 3) {
    const name = array[1];
    if (typeof name !== "string") throw new DisclosureError("a disclosure's claim name is not a string");
    if (name === "_sd" || name === "..." || name === "_sd_alg")
      throw new DisclosureError(`a disclosure uses the reserved claim name ${name}`);
    return { encoded, salt, name, value: array[2], used: false };
  }
  return { encoded, salt, value: array[1], used: false };
}

export interface ProcessedSdJwt {
  claims: Record<string, unknown>;
  /** Paths of the claims that were selectively disclosed (e.g. "credentialSubject.employerName"). */
  disclosedPaths: string[];
}

export function processDisclosures(
  payload: Record<string, unknown>,
  encodedDisclosures: readonly string[],
): { result: CheckResult; processed: ProcessedSdJwt | null } {
  try {
    const alg = payload._sd_alg ?? "sha-256";
    if (alg !== "sha-256") throw new DisclosureError(`_sd_alg ${JSON.stringify(alg)} is not sha-256`);
    const byDigest = new Map<string, Disclosure>();
    for (const encoded of encodedDisclosures) {
      const disclosure = parseDisclosure(encoded);
      const digest = sdHash(encoded);
      if (byDigest.has(digest)) throw new DisclosureError("the same disclosure is given twice");
      byDigest.set(digest, disclosure);
    }
    const seenDigests = new Set<string>();
    const disclosedPaths: string[] = [];
    const claimDigest = (digest: unknown): Disclosure | undefined => {
      if (typeof digest !== "string") throw new DisclosureError("an _sd digest is not a string");
      if (seenDigests.has(digest)) throw new DisclosureError("a digest appears more than once");
      seenDigests.add(digest);
      return byDigest.get(digest);
    };
    // Each part is bounded in depth, but disclosures nest inside disclosures: bound the whole walk too.
    const walk = (node: unknown, path: string, depth = 0): unknown => {
      if (depth > MAX_JSON_DEPTH)
        throw new DisclosureError(`the credential nests deeper than ${MAX_JSON_DEPTH} levels`);
      if (Array.isArray(node)) {
        const out: unknown[] = [];
        for (const element of node) {
          if (typeof element === "object" && element !== null && !Array.isArray(element) && "..." in element) {
            if (Object.keys(element).length !== 1)
              throw new DisclosureError("an array digest object has other keys than ...");
            const disclosure = claimDigest((element as Record<string, unknown>)["..."]);
            if (!disclosure) continue; // undisclosed array element or decoy
            if (disclosure.name !== undefined)
              throw new DisclosureError("an object-property disclosure is referenced from an array");
            disclosure.used = true;
            disclosedPaths.push(`${path}[]`);
            out.push(walk(disclosure.value, `${path}[]`, depth + 1));
          } else {
            out.push(walk(element, `${path}[]`, depth + 1));
          }
        }
        return out;
      }
      if (typeof node !== "object" || node === null) return node;
      const record = node as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(record)) {
        if (key === "_sd" || key === "_sd_alg") continue;
        if (key === "...") throw new DisclosureError("... appears outside an array");
        setClaim(out, key, walk(value, path ? `${path}.${key}` : key, depth + 1));
      }
      if (record._sd !== undefined) {
        if (!Array.isArray(record._sd)) throw new DisclosureError("_sd is not an array");
        for (const digest of record._sd) {
          const disclosure = claimDigest(digest);
          if (!disclosure) continue;
          if (disclosure.name === undefined)
            throw new DisclosureError("an array-element disclosure is referenced from _sd");
          if (Object.prototype.hasOwnProperty.call(out, disclosure.name)) {
            throw new DisclosureError(`disclosed claim ${disclosure.name} would overwrite a claim already present`);
          }
          disclosure.used = true;
          const claimPath = path ? `${path}.${disclosure.name}` : disclosure.name;
          disclosedPaths.push(claimPath);
          setClaim(out, disclosure.name, walk(disclosure.value, claimPath, depth + 1));
        }
      }
      return out;
    };
    const claims = walk(payload, "") as Record<string, unknown>;
    const unused = [...byDigest.values()].filter((disclosure) => !disclosure.used);
    if (unused.length > 0)
      throw new DisclosureError(`${unused.length} disclosure(s) are not referenced by the signed credential`);
    return {
      result: pass("sd-disclosures", `${encodedDisclosures.length} disclosure(s), each bound to the signed credential`),
      processed: { claims, disclosedPaths },
    };
  } catch (error) {
    if (error instanceof DisclosureError) return { result: fail("sd-disclosures", error.message), processed: null };
    throw error;
  }
}
