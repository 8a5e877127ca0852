/** OpenAPI paths of the public SD-JWT VC Type Metadata and Token Status List routes (no authentication). */
import { CREDENTIAL_TYPES } from "@fairledger/common";

export function statusAndTypeMetadataPaths(problem: Record<string, unknown>): Record<string, Record<string, unknown>> {
  return {
    "/vct/{type}": {
      get: {
        operationId: "getTypeMetadata",
        summary:
          "SD-JWT VC Type Metadata (draft-ietf-oauth-sd-jwt-vc-13 §6) of a credential type, at its vct URL: display names and claim labels in en, tl, hi, ar",
        security: [],
        parameters: [
          { name: "type", in: "path", required: true, schema: { type: "string", enum: [...CREDENTIAL_TYPES] } },
        ],
        responses: {
          "200": {
            description: "Type Metadata; its SHA-256 is the credentials' vct#integrity",
            content: { "application/json": { schema: { type: "object" } } },
          },
          "404": problem,
          "429": problem,
        },
      },
    },
    "/status-lists/{id}": {
      get: {
        operationId: "getStatusList",
        summary:
          "An issuer's signed Token Status List (draft-ietf-oauth-status-list-12): 2 bits per credential, 0 valid, 1 invalid (revoked), 2 suspended, from the chain",
        security: [],
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" } },
        ],
        responses: {
          "200": {
            description: "Status list token (JWT, typ statuslist+jwt, signed by the issuer's current key)",
            content: { "application/statuslist+jwt": { schema: { type: "string" } } },
          },
          "404": problem,
          "429": problem,
          "503": problem,
        },
      },
    },
  };
}
