/**
 * Turns what a verifier was handed — raw text, JSON, a presentation envelope — into one token of a known
 * format plus the anchor proof that came with it, if any. (Reading QR images and joining FLP1 parts is
 * the command line's job: verifier-cli/src/commands/read-inputs.ts.)
 */
import {
  anchorProofSchema,
  isOfflineQr,
  isOfflineQrPart,
  presentationEnvelopeSchema,
  type AnchorProof,
} from "@fairledger/common";
import { VerifierError } from "../errors.ts";
import { decodeCompactJws } from "../jose/compact-jws.ts";
import { parseUntrustedJson } from "../util/parse-json.ts";

export type TokenFormat = "vc+sd-jwt" | "vc-jwt" | "vp-jwt";

export interface DecodedInput {
  format: TokenFormat;
  token: string;
  anchor?: AnchorProof;
  /** True when the token came wrapped in a FairLedgerPresentation envelope. */
  enveloped: boolean;
}

/** Largest input accepted, in bytes of text (a QR image may be up to eight times that). */
export const MAX_INPUT_BYTES = 256 * 1024;

export function decodeInputText(text: string): DecodedInput {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new VerifierError("ERR_INPUT_UNREADABLE", "the input is empty");
  if (trimmed.length > MAX_INPUT_BYTES) throw new VerifierError("ERR_INPUT_UNREADABLE", "the input is too large");
  if (isOfflineQr(trimmed) || isOfflineQrPart(trimmed))
    throw new VerifierError(
      "ERR_INPUT_UNREADABLE",
      "an offline QR (FL1:) is not read here: it is inflated asynchronously (decodeInput, or verify it on its own)",
    );
  if (trimmed.startsWith("{") || trimmed.startsWith('"')) return decodeJson(trimmed);
  return { ...classifyToken(trimmed), enveloped: false };
}

function decodeJson(text: string): DecodedInput {
  let json: unknown;
  try {
    json = parseUntrustedJson(text, "the input");
  } catch (error) {
    throw new VerifierError(
      "ERR_INPUT_UNREADABLE",
      (error as Error).message.replace(/is not JSON$/, "looks like JSON but does not parse"),
    );
  }
  if (typeof json === "string") return { ...classifyToken(json.trim()), enveloped: false };
  const envelope = presentationEnvelopeSchema.safeParse(json);
  if (envelope.success) {
    const token = classifyToken(envelope.data.presentation.trim());
    if (token.format !== envelope.data.format) {
      throw new VerifierError(
        "ERR_INPUT_UNREADABLE",
        `the envelope says ${envelope.data.format} but holds a ${token.format}`,
      );
    }
    return { ...token, anchor: envelope.data.anchor, enveloped: true };
  }
  if (typeof json === "object" && json !== null && (json as { type?: unknown }).type === "FairLedgerPresentation") {
    const problems = envelope.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new VerifierError("ERR_INPUT_UNREADABLE", `malformed presentation envelope: ${problems.join("; ")}`);
  }
  // A credential as the issuer service returns it: { credential, anchor? }.
  const record = json as Record<string, unknown>;
  const token =
    typeof record.credential === "string"
      ? record.credential
      : typeof record.presentation === "string"
        ? record.presentation
        : undefined;
  if (token === undefined)
    throw new VerifierError("ERR_INPUT_UNREADABLE", "JSON input is neither a presentation envelope nor { credential }");
  let anchor: AnchorProof | undefined;
  if (record.anchor !== undefined) {
    const parsed = anchorProofSchema.safeParse(record.anchor);
    if (!parsed.success) throw new VerifierError("ERR_INPUT_UNREADABLE", "the anchor proof is malformed");
    anchor = parsed.data;
  }
  return { ...classifyToken(token.trim()), anchor, enveloped: false };
}

function classifyToken(token: string): { format: TokenFormat; token: string } {
  if (token.includes("~")) return { format: "vc+sd-jwt", token };
  let payload: Record<string, unknown>;
  try {
    payload = decodeCompactJws(token).payload;
  } catch (error) {
    throw new VerifierError("ERR_INPUT_UNREADABLE", `not a credential or presentation: ${(error as Error).message}`);
  }
  if (payload.vp !== undefined) return { format: "vp-jwt", token };
  if (payload.vc !== undefined) return { format: "vc-jwt", token };
  // An SD-JWT VC without disclosures and without the trailing "~" is still an SD-JWT VC.
  if (payload.vct !== undefined) return { format: "vc+sd-jwt", token: `${token}~` };
  throw new VerifierError("ERR_INPUT_UNREADABLE", "a JWT that is neither an SD-JWT VC, a VC-JWT nor a VP-JWT");
}
