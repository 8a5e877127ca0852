/**
 * `fairledger request`: a FairLedgerPresentationRequest with a fresh nonce, as JSON and optionally a QR
 * PNG. The format is @fairledger/common's (presentation-request.ts), the one the wallet reads.
 */
import QRCode from "qrcode";
import {
  CREDENTIAL_TYPES,
  isCredentialType,
  newPresentationRequest,
  presentationRequestJson,
} from "@fairledger/common";
import { VerifierError } from "@fairledger/verifier";
import { EXIT } from "../exit-codes.ts";

export interface RequestCommandOptions {
  aud: string;
  type: string;
  claims?: string;
  qr?: string;
}

export function presentationRequest(aud: string, credentialType: string, claims?: readonly string[]) {
  if (!isCredentialType(credentialType))
    throw new VerifierError("ERR_USAGE", `--type must be one of ${CREDENTIAL_TYPES.join(", ")}`);
  try {
    return presentationRequestJson(newPresentationRequest(aud, credentialType, claims));
  } catch (error) {
    throw new VerifierError("ERR_USAGE", (error as Error).message, { cause: error });
  }
}

export async function requestCommand(options: RequestCommandOptions): Promise<number> {
  const claims = options.claims
    ? options.claims
        .split(",")
        .map((claim) => claim.trim())
        .filter(Boolean)
    : undefined;
  const request = presentationRequest(options.aud, options.type, claims);
  const json = JSON.stringify(request);
  if (options.qr) {
    try {
      await QRCode.toFile(options.qr, json, { type: "png", errorCorrectionLevel: "M", margin: 2 });
    } catch {
      throw new VerifierError("ERR_USAGE", `cannot write the QR image to ${options.qr}`);
    }
    process.stderr.write(`QR code written to ${options.qr}\n`);
  }
  process.stdout.write(`${JSON.stringify(request, null, 2)}\n`);
  return EXIT.valid;
}
