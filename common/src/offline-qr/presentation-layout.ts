/**
 * What an offline QR carries, as bytes before compression: an OpenID4VP-style `vp_token` (each
 * presentation under its DCQL credential query id) and, beside each presentation, the Merkle anchor
 * proof of its credential (the shared decision: the proof is not part of the vp_token).
 *
 * Layout 1 (ByteWriter shapes: u8, uint = LEB128, bytes = uint length + bytes, fixed(n)):
 *
 *   u8 layout = 1
 *   uint count (1..16)                           presentations, in vp_token order
 *   count × {
 *     bytes queryId                              UTF-8
 *     u8 kind                                    1 SD-JWT VC, 2 VC-JWT, 3 VP-JWT; +0x80 = token kept as text
 *     token:  text kind   → bytes token (UTF-8)
 *             VC-/VP-JWT  → jws
 *             SD-JWT      → jws issuer, uint n, n × bytes json (a disclosure), u8 hasKb, [jws kb]
 *       where jws = bytes json (header), bytes json (payload), bytes signature (decoded base64url)
 *       and json  = the segment's JSON, decoded from base64url and packed (json-packing.ts)
 *     u8 hasAnchor, [anchor]
 *       anchor = uint chainId, fixed(20) ledger, fixed(32) root, uint m (≤ 64), m × fixed(32) proof,
 *                u8 flags (1 transactionHash, 2 blockNumber), [fixed(32) transactionHash], [uint blockNumber]
 *   }
 *
 * Why decode base64url: deflate finds repeats but cannot undo base64's 4/3 expansion (nor see the JSON
 * inside it); the signatures, digests and salts are random and only shrink by being bytes again. Measured
 * on the default border presentation (bench --only qr-size): deflate of the JSON envelope text gives
 * 4,175 Base45 characters; this layout, 2,350. Decoding is lossless only when the segment was canonical
 * base64url (re-encoding gives the same text, as every JOSE library writes it) and its JSON packs
 * losslessly; a token with any other segment is kept as text (kind + 0x80), so the signed text is always
 * restored.
 */
import type { AnchorProof, PresentationEnvelope } from "../presentation-envelope.ts";
import { base64urlToBytes, bytesToBase64url } from "../base64url.ts";
import { ByteReader, ByteWriter } from "./byte-layout.ts";
import { packJson, unpackJson } from "./json-packing.ts";

export const OFFLINE_LAYOUT_VERSION = 1;
export const MAX_OFFLINE_PRESENTATIONS = 16;
const MAX_DISCLOSURES = 512;
const MAX_PROOF_LENGTH = 64;
/** Same bound as a presentation envelope's token. */
const MAX_TOKEN_BYTES = 64_000;

export type OfflineTokenFormat = PresentationEnvelope["format"];

export interface OfflinePresentationItem {
  /** The DCQL credential query this presentation answers (the vp_token key). */
  queryId: string;
  format: OfflineTokenFormat;
  /** `<sd-jwt>~<disclosures>~<kb-jwt>`, a VC-JWT or a VP-JWT: the vp_token value. */
  token: string;
  anchor?: AnchorProof;
}

export interface OfflinePresentation {
  presentations: OfflinePresentationItem[];
}

/** The OpenID4VP 1.0 `vp_token` of an offline presentation: `{ "<query id>": ["<presentation>", …] }`. */
export function vpTokenOf(offline: OfflinePresentation): Record<string, string[]> {
  const vpToken: Record<string, string[]> = {};
  for (const item of offline.presentations) (vpToken[item.queryId] ??= []).push(item.token);
  return vpToken;
}

const KIND: Record<OfflineTokenFormat, number> = { "vc+sd-jwt": 1, "vc-jwt": 2, "vp-jwt": 3 };
const FORMAT_OF_KIND = new Map(Object.entries(KIND).map(([format, kind]) => [kind, format as OfflineTokenFormat]));
const AS_TEXT = 0x80;

const hexToBytes = (hex: string): Uint8Array =>
  Uint8Array.from(hex.slice(2).match(/../g) ?? [], (h) => parseInt(h, 16));
const bytesToHex = (bytes: Uint8Array): `0x${string}` =>
  `0x${Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;

/** The bytes of a base64url segment, or undefined when decoding and re-encoding would not give it back. */
function canonicalSegment(segment: string): Uint8Array | undefined {
  try {
    const bytes = base64urlToBytes(segment);
    return bytesToBase64url(bytes) === segment ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/** A JSON segment (JOSE header or payload, disclosure) decoded and packed, or undefined. */
function jsonSegment(segment: string): Uint8Array | undefined {
  const bytes = canonicalSegment(segment);
  return bytes && bytes.length > 0 ? packJson(bytes) : undefined;
}

/** A compact JWS as packed header, packed payload and signature bytes, or undefined when it cannot be. */
function jwsSegments(jws: string): Uint8Array[] | undefined {
  const [header, payload, signature, ...more] = jws.split(".");
  if (header === undefined || payload === undefined || signature === undefined || more.length > 0) return undefined;
  const segments = [jsonSegment(header), jsonSegment(payload), canonicalSegment(signature)];
  return segments.every((segment) => segment !== undefined && segment.length > 0)
    ? (segments as Uint8Array[])
    : undefined;
}

/** The token as decoded pieces for `format`, or undefined when it must travel as text. */
function tokenPieces(format: OfflineTokenFormat, token: string): ((writer: ByteWriter) => void) | undefined {
  const writeJws = (writer: ByteWriter, segments: Uint8Array[]) => segments.forEach((s) => writer.bytes(s));
  if (format !== "vc+sd-jwt") {
    const jws = jwsSegments(token);
    return jws && ((writer) => writeJws(writer, jws));
  }
  const [issuerJws = "", ...rest] = token.split("~");
  const kbJwt = rest.pop();
  if (kbJwt === undefined) return undefined;
  const issuer = jwsSegments(issuerJws);
  const disclosures = rest.flatMap((segment) => jsonSegment(segment) ?? []);
  const kb = kbJwt === "" ? [] : jwsSegments(kbJwt);
  if (!issuer || !kb || disclosures.length !== rest.length) return undefined;
  return (writer) => {
    writeJws(writer, issuer);
    writer.uint(disclosures.length);
    for (const disclosure of disclosures) writer.bytes(disclosure);
    writer.byte(kb.length > 0 ? 1 : 0);
    writeJws(writer, kb);
  };
}

function writeAnchor(writer: ByteWriter, anchor: AnchorProof): void {
  writer.uint(anchor.chainId).fixed(hexToBytes(anchor.ledger), 20).fixed(hexToBytes(anchor.root), 32);
  writer.uint(anchor.proof.length);
  for (const node of anchor.proof) writer.fixed(hexToBytes(node), 32);
  const flags = (anchor.transactionHash ? 1 : 0) | (anchor.blockNumber !== undefined ? 2 : 0);
  writer.byte(flags);
  if (anchor.transactionHash) writer.fixed(hexToBytes(anchor.transactionHash), 32);
  if (anchor.blockNumber !== undefined) writer.uint(anchor.blockNumber);
}

/** Layout 1 bytes of an offline presentation (uncompressed). */
export function writeOfflineLayout(offline: OfflinePresentation): Uint8Array {
  const count = offline.presentations.length;
  if (count < 1 || count > MAX_OFFLINE_PRESENTATIONS)
    throw new RangeError(`an offline QR carries 1 to ${MAX_OFFLINE_PRESENTATIONS} presentations, not ${count}`);
  const writer = new ByteWriter().byte(OFFLINE_LAYOUT_VERSION).uint(count);
  for (const item of offline.presentations) {
    writer.text(item.queryId);
    const pieces = tokenPieces(item.format, item.token);
    if (pieces) {
      writer.byte(KIND[item.format]);
      pieces(writer);
    } else {
      writer.byte(KIND[item.format] | AS_TEXT).text(item.token);
    }
    writer.byte(item.anchor ? 1 : 0);
    if (item.anchor) writeAnchor(writer, item.anchor);
  }
  return writer.finish();
}

function readJsonSegment(reader: ByteReader, what: string): string {
  return bytesToBase64url(unpackJson(reader.bytes(what, MAX_TOKEN_BYTES)));
}

function readJws(reader: ByteReader, what: string): string {
  const header = readJsonSegment(reader, `the ${what}'s header`);
  const payload = readJsonSegment(reader, `the ${what}'s payload`);
  return `${header}.${payload}.${bytesToBase64url(reader.bytes(`the ${what}'s signature`, MAX_TOKEN_BYTES))}`;
}

function readToken(reader: ByteReader, format: OfflineTokenFormat): string {
  if (format !== "vc+sd-jwt") return readJws(reader, "token");
  const issuer = readJws(reader, "issuer-signed JWT");
  const count = reader.uint("the number of disclosures", MAX_DISCLOSURES);
  const disclosures = Array.from({ length: count }, (_, i) => readJsonSegment(reader, `disclosure ${i + 1}`));
  const kb = reader.byte("the key-binding flag") === 1 ? readJws(reader, "key-binding JWT") : "";
  return [issuer, ...disclosures, kb].join("~");
}

function readAnchor(reader: ByteReader): AnchorProof {
  const chainId = reader.uint("the anchor's chain id");
  if (chainId < 1) throw reader.invalid("the anchor's chain id is 0");
  const ledger = bytesToHex(reader.fixed(20, "the anchor's ledger address"));
  const root = bytesToHex(reader.fixed(32, "the anchor's root"));
  const length = reader.uint("the anchor's proof length", MAX_PROOF_LENGTH);
  const proof = Array.from({ length }, (_, i) => bytesToHex(reader.fixed(32, `proof node ${i + 1}`)));
  const flags = reader.byte("the anchor's flags");
  if (flags > 3) throw reader.invalid(`unknown anchor flags ${flags}`);
  const transactionHash = flags & 1 ? bytesToHex(reader.fixed(32, "the anchor's transaction hash")) : undefined;
  const blockNumber = flags & 2 ? reader.uint("the anchor's block number") : undefined;
  return {
    chainId,
    ledger,
    root,
    proof,
    ...(transactionHash ? { transactionHash } : {}),
    ...(blockNumber !== undefined ? { blockNumber } : {}),
  };
}

/** Reads layout bytes; throws FairLedgerError ERR_QR_PAYLOAD_INVALID when they are not layout 1 exactly. */
export function readOfflineLayout(bytes: Uint8Array): OfflinePresentation {
  const reader = new ByteReader(bytes);
  const version = reader.byte("the layout version");
  if (version !== OFFLINE_LAYOUT_VERSION) throw reader.invalid(`layout ${version} is not known to this reader`);
  const count = reader.uint("the number of presentations", MAX_OFFLINE_PRESENTATIONS);
  if (count < 1) throw reader.invalid("it holds no presentation");
  const presentations = Array.from({ length: count }, (): OfflinePresentationItem => {
    const queryId = reader.text("a query id", 256);
    const kind = reader.byte("a token kind");
    const format = FORMAT_OF_KIND.get(kind & ~AS_TEXT);
    if (!format) throw reader.invalid(`unknown token kind ${kind}`);
    const token = kind & AS_TEXT ? reader.text("a token", MAX_TOKEN_BYTES) : readToken(reader, format);
    const hasAnchor = reader.byte("the anchor flag");
    if (hasAnchor > 1) throw reader.invalid(`anchor flag ${hasAnchor}`);
    return { queryId, format, token, ...(hasAnchor ? { anchor: readAnchor(reader) } : {}) };
  });
  reader.end();
  return { presentations };
}
