/**
 * The employment contract document that comes with the credential at pickup, as an additional parameter
 * of the credential response (common/src/contract-document.ts). It is kept as sent; whether it is the
 * anchored contract is checked against the credential's own commitment (credentials/contract-check.ts)
 * every time the card is drawn, never assumed from where it came.
 */
import {
  CONTRACT_DOCUMENT_PARAMETER,
  MAX_CONTRACT_DOCUMENT_BYTES,
  type ContractDocumentParameter,
} from "@fairledger/common";

export interface ReceivedContractDocument {
  mediaType: string;
  /** The document's bytes, base64url. */
  document: string;
}

/** The document in a credential response, or undefined when there is none or it is malformed or too big. */
export function contractDocumentOf(body: Record<string, unknown>): ReceivedContractDocument | undefined {
  const parameter = body[CONTRACT_DOCUMENT_PARAMETER] as Partial<ContractDocumentParameter> | undefined;
  if (!parameter || typeof parameter !== "object") return undefined;
  const { document, media_type: mediaType } = parameter;
  if (typeof document !== "string" || !/^[A-Za-z0-9_-]*$/.test(document)) return undefined;
  // base64url: 4 characters per 3 bytes.
  if (document.length > Math.ceil((MAX_CONTRACT_DOCUMENT_BYTES * 4) / 3)) return undefined;
  return { mediaType: typeof mediaType === "string" ? mediaType.slice(0, 100) : "application/octet-stream", document };
}
