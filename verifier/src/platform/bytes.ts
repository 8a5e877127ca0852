/**
 * The byte conversions the verifier's hot path makes (JWS parts, disclosures, key material), on Node's
 * Buffer. Its browser twin (bytes.browser.ts, chosen by this package's `browser` map when a page is
 * bundled) does the same with atob/TextDecoder; test/platform-twins.test.ts holds the two equal.
 */

/** base64url (callers have checked the alphabet) to text, malformed UTF-8 replaced as Buffer does. */
export const base64urlToUtf8 = (text: string): string => Buffer.from(text, "base64url").toString("utf8");

/** UTF-8 text as unpadded base64url. */
export const utf8ToBase64url = (text: string): string => Buffer.from(text, "utf8").toString("base64url");

/** Standard base64 (a DID document's publicKeyBase64) to bytes. */
export const base64ToBytes = (text: string): Uint8Array => Buffer.from(text, "base64");
