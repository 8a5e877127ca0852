/**
 * base64url (RFC 4648 §5, no padding) and hex for bytes and UTF-8 text, with what browsers and Node
 * both have (btoa/atob, TextEncoder): the browser entry of this package must not lean on Node's Buffer.
 */
import { FairLedgerError } from "./errors.ts";

export function bytesToBase64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function base64urlToBytes(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new FairLedgerError("ERR_INPUT_INVALID", "not base64url (RFC 4648 §5, unpadded)");
  }
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

export function textToBase64url(text: string): string {
  return bytesToBase64url(new TextEncoder().encode(text));
}

/** Strict UTF-8: a malformed sequence is an error, not U+FFFD. */
export function base64urlToText(text: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(base64urlToBytes(text));
  } catch (cause) {
    if (cause instanceof FairLedgerError) throw cause;
    throw new FairLedgerError("ERR_INPUT_INVALID", "base64url text is not UTF-8", { cause });
  }
}

/** ASCII text as 0x-prefixed lowercase hex (the bytesN codes the contracts keep). */
export function asciiToHex(text: string): `0x${string}` {
  let hex = "0x";
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(2, "0");
  return hex as `0x${string}`;
}

/** 0x-hex bytes as Latin-1 characters, one per byte. */
export function hexToLatin1(hex: string): string {
  const digits = hex.replace(/^0x/, "");
  let text = "";
  for (let i = 0; i + 1 < digits.length; i += 2) text += String.fromCharCode(parseInt(digits.slice(i, i + 2), 16));
  return text;
}
