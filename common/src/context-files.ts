/**
 * The JSON-LD context documents FairLedger ships (common/contexts/), read from disk: FairLedger's own,
 * which the issuer service serves, and offline copies of the W3C VCDM contexts for JSON-LD tooling and
 * tests (common/contexts/w3c/SOURCE.md says where they come from). Node only.
 */
import { readFileSync } from "node:fs";
import { VCDM1_CONTEXT, VCDM2_CONTEXT } from "./json-ld-contexts.ts";

// Same relative path from src/ and from dist/: both sit directly under common/.
const CONTEXTS_DIR = new URL("../contexts/", import.meta.url);

/** The FairLedger context document's text, exactly as served. */
export function fairLedgerContextText(): string {
  return readFileSync(new URL("fairledger-v1.jsonld", CONTEXTS_DIR), "utf8");
}

/** Local copies of the W3C contexts, by their URL. */
export function w3cContextDocuments(): ReadonlyMap<string, unknown> {
  const read = (file: string) => JSON.parse(readFileSync(new URL(`w3c/${file}`, CONTEXTS_DIR), "utf8")) as unknown;
  return new Map([
    [VCDM1_CONTEXT, read("credentials-v1.jsonld")],
    [VCDM2_CONTEXT, read("credentials-v2.jsonld")],
  ]);
}
