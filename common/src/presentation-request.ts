/**
 * The verifier's presentation request (README protocol step 5): which audience, which fresh nonce,
 * which credential type and claims. The verifier CLI writes it (`fairledger request`, as JSON and QR);
 * the wallet reads it, pasted, scanned, or typed as nonce and audience. Defined here only.
 *
 *   { "type": "FairLedgerPresentationRequest", "aud": "...", "nonce": "...",
 *     "credentialType"?: "<one of CREDENTIAL_TYPES>", "claims"?: ["claim", ...] }
 *
 * `aud` and `nonce` are 1–512 printable ASCII characters without spaces (they end up in a signed JWT
 * and on an officer's screen). Only the shape is checked: the wallet shows the worker what is asked
 * and the worker decides.
 */
// zod/mini: the same parser, tree-shakable, so the wallet's bundle carries a few kB of it, not all of zod.
import * as z from "zod/mini";
import { bytesToBase64url } from "./base64url.ts";
import { CREDENTIAL_TYPES, PURPOSE_CLAIMS, type CredentialType } from "./credential-types.ts";
import { FairLedgerError } from "./errors.ts";

export const PRESENTATION_REQUEST_TYPE = "FairLedgerPresentationRequest";

const printable = (what: string) =>
  z
    .string({ error: `the ${what} is missing or not printable` })
    .check(z.regex(/^[\x21-\x7e]{1,512}$/, `the ${what} is missing or not printable`));

export const presentationRequestSchema = z.object({
  type: z.literal(PRESENTATION_REQUEST_TYPE, { error: `the request's type is not ${PRESENTATION_REQUEST_TYPE}` }),
  aud: printable("audience"),
  nonce: printable("nonce"),
  credentialType: z.optional(z.enum(CREDENTIAL_TYPES)),
  claims: z._default(z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.maxLength(100)), []),
});

/** A request as the wallet holds it (the wire `type` tag dropped). */
export interface PresentationRequest {
  aud: string;
  nonce: string;
  credentialType?: CredentialType;
  claims: string[];
}

function invalid(message: string, cause?: unknown): FairLedgerError {
  return new FairLedgerError("ERR_REQUEST_INVALID", message, { cause });
}

function fromSchema(value: unknown): PresentationRequest {
  const result = presentationRequestSchema.safeParse(value);
  if (!result.success) {
    const [issue] = result.error.issues;
    // zod always names at least one issue on failure; the fallback keeps the error readable regardless.
    if (issue === undefined) throw invalid(result.error.message);
    throw invalid(
      issue.path.length > 0 && issue.code !== "invalid_format"
        ? `${issue.path.join(".")}: ${issue.message}`
        : issue.message,
    );
  }
  const { aud, nonce, credentialType, claims } = result.data;
  return credentialType === undefined ? { aud, nonce, claims } : { aud, nonce, credentialType, claims };
}

/** Reads a request's JSON text; throws FairLedgerError ERR_REQUEST_INVALID. */
export function parsePresentationRequest(text: string): PresentationRequest {
  let value: unknown;
  try {
    value = JSON.parse(text.trim());
  } catch (cause) {
    throw invalid("the request is not JSON", cause);
  }
  return fromSchema(value);
}

/** A request typed in by hand (nonce and audience read off a screen), checked by the same rules. */
export function manualPresentationRequest(
  nonce: string,
  aud: string,
  credentialType?: CredentialType,
  claims: string[] = [],
): PresentationRequest {
  return fromSchema({ type: PRESENTATION_REQUEST_TYPE, aud, nonce, credentialType, claims });
}

/** 128 random bits, base64url: a nonce no one can guess or has seen. */
export function newRequestNonce(): string {
  return bytesToBase64url(crypto.getRandomValues(new Uint8Array(16)));
}

/**
 * A new request for `credentialType` with a fresh nonce; `claims` default to the type's purpose claims
 * (what a border officer, employer or inspector needs).
 */
export function newPresentationRequest(
  aud: string,
  credentialType: CredentialType,
  claims?: readonly string[],
): PresentationRequest {
  return fromSchema({
    type: PRESENTATION_REQUEST_TYPE,
    aud,
    nonce: newRequestNonce(),
    credentialType,
    claims: claims ?? [...PURPOSE_CLAIMS[credentialType]],
  });
}

/** The wire form, its members in a fixed order. */
export function presentationRequestJson(request: PresentationRequest): z.input<typeof presentationRequestSchema> {
  return {
    type: PRESENTATION_REQUEST_TYPE,
    aud: request.aud,
    nonce: request.nonce,
    ...(request.credentialType === undefined ? {} : { credentialType: request.credentialType }),
    claims: [...request.claims],
  };
}
