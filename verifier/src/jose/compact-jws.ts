/**
 * Decoding a compact JWS without trusting it: three base64url parts, a JSON object header and payload.
 * Nothing here verifies anything; a decode failure is an input-format failure.
 */
import { parseUntrustedJson } from "../util/parse-json.ts";
import { base64urlToUtf8 } from "../platform/bytes.ts";

export interface DecodedJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: string;
  compact: string;
}

export class JwsDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JwsDecodeError";
  }
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function decodeBase64urlJson(part: string, what: string): Record<string, unknown> {
  if (!BASE64URL.test(part) || part.length === 0) throw new JwsDecodeError(`${what} is not base64url`);
  let value: unknown;
  try {
    value = parseUntrustedJson(base64urlToUtf8(part), what);
  } catch (error) {
    throw new JwsDecodeError((error as Error).message);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new JwsDecodeError(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

export function decodeCompactJws(compact: string, what = "JWT"): DecodedJws {
  const parts = compact.split(".");
  if (parts.length !== 3) throw new JwsDecodeError(`${what} is not a compact JWS (three dot-separated parts)`);
  const [headerPart, payloadPart, signature] = parts as [string, string, string];
  if (!BASE64URL.test(signature)) throw new JwsDecodeError(`${what} signature is not base64url`);
  return {
    header: decodeBase64urlJson(headerPart, `${what} header`),
    payload: decodeBase64urlJson(payloadPart, `${what} payload`),
    signingInput: `${headerPart}.${payloadPart}`,
    signature,
    compact,
  };
}
