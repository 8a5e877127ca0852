/** `fairledger request`: a FairLedgerPresentationRequest with a fresh nonce, as JSON and optionally a QR PNG. */
import { randomBytes } from "node:crypto";
import QRCode from "qrcode";
import { PURPOSE_CLAIMS, isCredentialType, CREDENTIAL_TYPES } from "@fairledger/common";
import { VerifierError } from "@fairledger/verifier";
import { EXIT } from "../exit-codes.ts";

export interface RequestCommandOptions {
  aud: string;
  type: string;
  claims?: string;
  qr?: string;
}

export function presentationRequest(aud: string, credentialType: string, claims?: readonly string[]) {
  if (!isCredentialType(credentialType)) throw new VerifierError("ERR_USAGE", `--type must be one of ${CREDENTIAL_TYPES.join(", ")}`);
  return {
    type: "FairLedgerPresentationRequest",
    aud,
    nonce: randomBytes(16).toString("base64url"),
    credentialType,
    claims: claims ?? [...PURPOSE_CLAIMS[credentialType]],
  };
}

export async function requestCommand(options: RequestCommandOptions): Promise<number> {
  const claims = options.claims ? options.claims.split(",").map((claim) => claim.trim()).filter(Boolean) : undefined;
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
