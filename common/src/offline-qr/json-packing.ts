/**
 * Packing the JSON inside a token's base64url segments (JOSE headers and payloads, SD-JWT disclosures)
 * before deflate, losslessly: the signature covers these exact bytes, so unpacking must give them back
 * byte for byte — the encoder checks that it does and otherwise leaves the token as text.
 *
 * Why: deflate finds repeats within one presentation, but a presentation repeats little; most of its
 * JSON is said once (the @context, the type names, the claim names) and most of the rest is random
 * values written as text (hex commitments, base64url digests, salts and keys), which Huffman coding
 * cannot bring back to their byte size. So, in the packed form:
 *
 *   0x01 n <n bytes>   "0x" + the n bytes as lower-case hex      (a hex run of 8 to 255 bytes)
 *   0x02 n <n bytes>   the n bytes as canonical base64url          (a random-looking run, 12 to 255 bytes)
 *   0x03 k             WORDS[k], a string of the frozen table below
 *   0x04 <16 bytes>    a lower-case UUID, 8-4-4-4-12 hex digits   (credential ids are urn:uuid:)
 *   any other byte     itself
 *
 * JSON text never holds a raw byte 0x01–0x04 (control characters must be escaped), so a segment that
 * does is not packed. WORDS is part of layout 1: it may only ever be appended to under a new layout
 * version, never edited, or codes already shown would unpack to other bytes (and fail their signature).
 */
import { base64urlToBytes, bytesToBase64url } from "../base64url.ts";
import { FairLedgerError } from "../errors.ts";

const HEX_RUN = 0x01;
const BASE64URL_RUN = 0x02;
const WORD = 0x03;
const UUID = 0x04;
const LOWER_HEX = /^0x(?:[0-9a-f]{2})+$/;
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Strings FairLedger's SD-JWT VCs, key-binding JWTs and disclosures say once each (layout 1, frozen). */
export const WORDS: readonly string[] = Object.freeze([
  '{"@context":["https://www.w3.org/ns/credentials/v2","urn:fairledger:context:1"],"type":["VerifiableCredential","',
  "https://www.w3.org/ns/credentials/v2",
  "urn:fairledger:context:1",
  "VerifiableCredential",
  "EmploymentContractCredential",
  "RecruitmentFeeStatement",
  "AgencyLicenceCredential",
  '"],"id":"urn:uuid:',
  "urn:uuid:",
  '","issuer":"did:ethr:',
  '","iss":"did:ethr:',
  "did:ethr:",
  '","validFrom":"',
  '","validUntil":"',
  '.000Z","iat":',
  ',"exp":',
  ',"credentialSchema":{"id":"urn:fairledger:schema:',
  "employment-contract-credential:1",
  "recruitment-fee-statement",
  "agency-licence",
  '","type":"JsonSchema"},"credentialSubject":{"id":"',
  // did:jwk of a P-256 key: base64url of '{"crv":"P-256","kty":"EC","x":' (30 bytes, so the rest stays aligned).
  "did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6",
  "did:jwk:",
  '","caseCommitment":"',
  '","corridor":"',
  '","contractHash":"',
  '","_sd":["',
  '"]},"vct":"urn:fairledger:vct:',
  "employment-contract:1",
  '","cnf":{"jwk":{"kty":"EC","x":"',
  '","y":"',
  '","crv":"P-256"}},"_sd_alg":"sha-256"}',
  ',"status":{"status_list":{"idx":',
  ',"uri":"',
  '{"typ":"vc+sd-jwt","kid":"did:ethr:',
  '{"typ":"dc+sd-jwt","kid":"did:ethr:',
  "#delegate-",
  '","alg":"EdDSA"}',
  '{"typ":"kb+jwt","alg":"ES256"}',
  '{"alg":"ES256","typ":"kb+jwt"}',
  '{"aud":"',
  '","nonce":"',
  '","iat":',
  ',"sd_hash":"',
  '","employerName","',
  '","employerId","',
  '","jobTitle","',
  '","worksiteCountry","',
  '","contractStart","',
  '","contractMonths",',
  '","workerName","',
  '","passportNumber","',
  '","birthDate","',
  '","nationality","',
  '","monthlyWage",',
  '","contractSalt","',
]);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const WORD_INDEX = new Map(WORDS.map((word, index) => [word, index]));
// Longest words first, so a word never loses to a shorter one it starts with; then the runs.
const TOKENS = new RegExp(
  [
    ...[...WORDS].sort((a, b) => b.length - a.length).map(escape),
    "0x(?:[0-9a-f]{2}){8,255}",
    "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    "[A-Za-z0-9_-]{16,340}",
  ].join("|"),
  "g",
);

/** A base64url run worth packing: canonical, and mixed like random bytes (not a long word). */
function randomLookingBytes(run: string): Uint8Array | undefined {
  if (!/[0-9]/.test(run) || !/[A-Z]/.test(run) || !/[a-z]/.test(run) || run.length % 4 === 1) return undefined;
  const bytes = base64urlToBytes(run);
  return bytes.length >= 12 && bytes.length <= 255 && bytesToBase64url(bytes) === run ? bytes : undefined;
}

const hexBytes = (run: string): Uint8Array => Uint8Array.from(run.slice(2).match(/../g) ?? [], (h) => parseInt(h, 16));

/** The packed form of a JSON segment, or undefined when it cannot be packed losslessly. */
export function packJson(segment: Uint8Array): Uint8Array | undefined {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(segment);
  } catch {
    return undefined;
  }
  if (segment.some((byte) => byte >= HEX_RUN && byte <= UUID)) return undefined;
  const encoder = new TextEncoder();
  const out: number[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKENS)) {
    const token = match[0];
    const word = WORD_INDEX.get(token);
    const uuid = word === undefined && UUID_TEXT.test(token) ? hexBytes(`0x${token.replace(/-/g, "")}`) : undefined;
    // A base64url-alphabet match may start with "0x" too (a checksummed address): only lower-case hex is hex.
    const hex = LOWER_HEX.test(token);
    const run = word !== undefined || uuid ? undefined : hex ? hexBytes(token) : randomLookingBytes(token);
    if (word === undefined && uuid === undefined && run === undefined) continue;
    out.push(...encoder.encode(text.slice(last, match.index)));
    if (word !== undefined) out.push(WORD, word);
    else if (uuid) out.push(UUID, ...uuid);
    else if (run) out.push(hex ? HEX_RUN : BASE64URL_RUN, run.length, ...run);
    last = match.index + token.length;
  }
  out.push(...encoder.encode(text.slice(last)));
  const packed = Uint8Array.from(out);
  const restored = unpackJson(packed);
  return restored.length === segment.length && restored.every((byte, i) => byte === segment[i]) ? packed : undefined;
}

function malformed(message: string): FairLedgerError {
  return new FairLedgerError("ERR_QR_PAYLOAD_INVALID", `the offline presentation is malformed: ${message}`);
}

/** Most bytes one segment may unpack to (a word of 2 bytes stands for up to 110: bounded like inflating). */
export const MAX_UNPACKED_BYTES = 64_000;

/** The JSON bytes a packed segment stands for; throws FairLedgerError ERR_QR_PAYLOAD_INVALID. */
export function unpackJson(packed: Uint8Array, maxBytes = MAX_UNPACKED_BYTES): Uint8Array {
  const encoder = new TextEncoder();
  const out: number[] = [];
  for (let i = 0; i < packed.length; i++) {
    if (out.length > maxBytes) throw malformed(`a segment unpacks past ${maxBytes} bytes`);
    const byte = packed[i];
    if (byte === WORD) {
      const word = WORDS[packed[++i] ?? WORDS.length];
      if (word === undefined) throw malformed("a packed word is not in the table");
      out.push(...encoder.encode(word));
    } else if (byte === UUID) {
      const run = packed.subarray(i + 1, i + 17);
      if (run.length !== 16) throw malformed("a packed UUID is cut short");
      const hex = Array.from(run, (b) => b.toString(16).padStart(2, "0")).join("");
      out.push(
        ...encoder.encode(
          `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
        ),
      );
      i += 16;
    } else if (byte === HEX_RUN || byte === BASE64URL_RUN) {
      const length = packed[++i];
      if (length === undefined || i + 1 + length > packed.length) throw malformed("a packed run is cut short");
      const run = packed.subarray(i + 1, i + 1 + length);
      i += length;
      const text =
        byte === HEX_RUN
          ? `0x${Array.from(run, (b) => b.toString(16).padStart(2, "0")).join("")}`
          : bytesToBase64url(run);
      out.push(...encoder.encode(text));
    } else out.push(byte);
  }
  return Uint8Array.from(out);
}
