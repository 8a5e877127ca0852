/** The OpenAPI 3.1 document served at /openapi.json, request bodies generated from the zod schemas. */
import { z } from "zod";
import * as bodies from "./bodies.ts";
import { principalPaths } from "./openapi-principals.ts";
import { authorityPaths } from "./openapi-authority.ts";
import { statusAndTypeMetadataPaths } from "./openapi-status.ts";
import { auditPaths } from "./openapi-audits.ts";
import { agencyRegisterPaths } from "./openapi-agencies.ts";
import { openid4vpPaths } from "./openapi-openid4vp.ts";

/** The officials' paths: the authorities' API and the inspectors'. */
const officialPaths = () => ({ ...authorityPaths(), ...auditPaths() });

export const schema = (zodSchema: z.ZodType) => {
  const json = z.toJSONSchema(zodSchema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  delete json.$schema;
  return json;
};

export const problem = {
  description: "RFC 9457 problem",
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
};
export const ok = (description: string) => ({
  description,
  content: { "application/json": { schema: { type: "object" } } },
});
/** OAuth 2.0 / OpenID4VCI error answer (RFC 6749 §5.2): not problem+json. */
const oauthError = (description: string) => ({
  description,
  content: {
    "application/json": {
      schema: {
        type: "object",
        required: ["error"],
        properties: { error: { type: "string" }, error_description: { type: "string" }, reason: { type: "string" } },
      },
    },
  },
});
export const json = (zodSchema: z.ZodType) => ({
  required: true,
  content: { "application/json": { schema: schema(zodSchema) } },
});
const idem = { $ref: "#/components/parameters/IdempotencyKey" };
const caseId = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const digest = { name: "digest", in: "path", required: true, schema: { type: "string", pattern: "^0x[0-9a-f]{64}$" } };
export const write = (summary: string, body: z.ZodType | undefined, params: unknown[] = [], status = "200") => ({
  summary,
  security: [{ apiKey: [] }],
  parameters: [idem, ...params],
  ...(body ? { requestBody: json(body) } : {}),
  responses: {
    [status]: ok(summary),
    "400": problem,
    "401": problem,
    "403": problem,
    "404": problem,
    "409": problem,
    "428": problem,
    "429": problem,
    "503": problem,
    "507": problem,
  },
});

export function openApiDocument(serverUrl: string): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: {
      title: "FairLedger issuer service",
      version: "0.1.0",
      description:
        "Agencies and licensing authorities issue verifiable credentials (SD-JWT VC by default, VC-JWT on request), anchored on the FairLedger consortium chain. Errors are RFC 9457 problem+json; every authenticated write needs an Idempotency-Key.",
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        apiKey: { type: "apiKey", in: "header", name: "X-API-Key" },
        accessToken: { type: "http", scheme: "bearer" },
      },
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: true,
          schema: { type: "string", pattern: "^[A-Za-z0-9._:-]{8,128}$" },
        },
      },
      schemas: {
        Problem: {
          type: "object",
          required: ["type", "title", "status"],
          properties: {
            type: { type: "string" },
            title: { type: "string" },
            status: { type: "integer" },
            detail: { type: "string" },
            code: { type: "string" },
            errors: {
              type: "array",
              items: { type: "object", properties: { pointer: { type: "string" }, detail: { type: "string" } } },
            },
          },
        },
      },
    },
    paths: withPaths(officialPaths(), {
      "/health": {
        get: {
          summary:
            "Liveness and chain state: chain is reachable, unreachable (writes answer 503 with Retry-After, anchoring queues) or deployment-lost",
          responses: {
            "200": ok("running; `chain` is reachable or unreachable"),
            "503": ok("the chain no longer holds the FairLedger deployment (chain reset?): an operator must act"),
          },
        },
      },
      "/identity": {
        get: {
          summary: "The calling principal (DID, signing kid)",
          security: [{ apiKey: [] }],
          responses: { "200": ok("principal"), "401": problem },
        },
      },
      "/identity/key-rotation": { post: write("Rotate the signing key through the DID registry", undefined) },
      ...principalPaths(write, problem),
      ...agencyRegisterPaths(),
      "/cases": { post: write("Open a recruitment case (commitment on chain)", bodies.openCaseBody, [], "201") },
      "/cases/{id}": {
        get: {
          summary: "A case of the calling agency",
          security: [{ apiKey: [] }],
          parameters: [caseId],
          responses: { "200": ok("case"), "404": problem },
        },
      },
      "/cases/{id}/contract": {
        put: write(
          "Upload the contract document and terms; returns the salted contract commitment (contractHash), its secret contractSalt and the EIP-712 request for the employer",
          bodies.uploadContractBody,
          [caseId],
        ),
      },
      "/cases/{id}/contract/signing-request": {
        get: {
          summary:
            "EIP-712 typed data the employer signs, with the contractSalt to check contractHash against the document",
          security: [{ apiKey: [] }],
          parameters: [caseId],
          responses: { "200": ok("typed data") },
        },
      },
      "/cases/{id}/contract/anchor": {
        post: write("Anchor the contract with the employer's signature (agency signs too)", bodies.anchorContractBody, [
          caseId,
        ]),
      },
      "/cases/{id}/receipts": {
        post: write(
          "Record a fee receipt; returns its salted commitment (receiptHash) and secret receiptSalt, for the inspector",
          bodies.receiptBody,
          [caseId],
          "201",
        ),
      },
      "/cases/{id}/close": { post: write("Close the case with the receipts' Merkle root", undefined, [caseId]) },
      "/cases/{id}/offers": {
        post: write("Create a one-time pickup offer (pre-authorized code, QR PNG)", bodies.offerBody, [caseId], "201"),
      },
      "/cases/{id}/offers/{offerId}/code": {
        post: {
          ...write(
            "A fresh pickup code (and PIN) for an unredeemed offer: expired, blocked after wrong attempts, or lost",
            bodies.renewOfferBody,
            [caseId, { name: "offerId", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
            "201",
          ),
          operationId: "renewOfferCode",
        },
      },
      "/cases/{id}/erasure": {
        post: write("Erase the case's personal data (crypto-shredding)", bodies.eraseBody, [caseId]),
      },
      "/credentials/issue": {
        post: write(
          "VC-API: issue a credential (case credential for agencies, licence for authorities)",
          bodies.vcApiIssueBody,
          [],
          "201",
        ),
      },
      "/licences": {
        post: write(
          "Authority: issue a licence credential and the on-chain licence in one step",
          bodies.licenceBody,
          [],
          "201",
        ),
      },
      "/licences/{agency}/status": {
        post: write("Authority: suspend, reinstate or revoke an agency's licence on chain", bodies.licenceStatusBody, [
          { name: "agency", in: "path", required: true, schema: { type: "string" } },
        ]),
      },
      "/credentials/{digest}/status": {
        get: {
          summary: "Public: status of a credential",
          parameters: [digest],
          responses: { "200": ok("{ status }"), "404": problem },
        },
        post: write("Issuer: suspend, reinstate or revoke a credential on chain", bodies.statusBody, [digest]),
      },
      "/credentials/{digest}/anchor": {
        get: {
          summary: "Public: anchor proof of a credential",
          parameters: [digest],
          responses: {
            "200": ok(
              "{ status: pending }, { status: anchored, anchor }, or { status: rejected, reason, rejectedAt } when the ledger refused its batch for good",
            ),
            "404": problem,
          },
        },
      },
      "/notices": {
        get: {
          summary:
            "Principal: notices about work the service did on your behalf, newest first — e.g. kind anchoring-rejected: a batch of your credentials the ledger refused to anchor for good (licence suspended between issuing and anchoring)",
          parameters: [
            {
              name: "after",
              in: "query",
              required: false,
              schema: { type: "integer", minimum: 0 },
              description: "only notices with a larger id",
            },
          ],
          responses: { "200": ok("{ notices: [{ id, at, kind, subject, message, detail }] }"), "401": problem },
        },
      },
      "/.well-known/openid-credential-issuer": {
        get: {
          operationId: "getCredentialIssuerMetadata",
          summary: "OpenID4VCI 1.0 credential issuer metadata",
          security: [],
          responses: { "200": ok("metadata"), "429": problem },
        },
      },
      "/.well-known/oauth-authorization-server": {
        get: {
          operationId: "getAuthorizationServerMetadata",
          summary: "RFC 8414 authorization server metadata (pre-authorized code grant only)",
          security: [],
          responses: { "200": ok("metadata"), "429": problem },
        },
      },
      "/token": {
        post: {
          operationId: "token",
          summary: "OpenID4VCI token endpoint (pre-authorized code grant, tx_code when the offer has one)",
          security: [],
          requestBody: {
            required: true,
            content: {
              "application/x-www-form-urlencoded": { schema: schema(bodies.tokenBody) },
              "application/json": { schema: schema(bodies.tokenBody) },
            },
          },
          responses: {
            "200": ok(
              "{ access_token, token_type, expires_in, c_nonce (for draft wallets), credential_configuration_ids }",
            ),
            "400": oauthError(
              "invalid_request (reason tx_code_required), invalid_grant (reason unknown | used | expired | blocked | tx_code_wrong), unsupported_grant_type",
            ),
            "429": problem,
          },
        },
      },
      "/nonce": {
        post: {
          operationId: "nonce",
          summary: "OpenID4VCI 1.0 nonce endpoint: a single-use c_nonce for key proofs",
          security: [],
          responses: { "200": ok("{ c_nonce, c_nonce_expires_in }"), "429": problem },
        },
      },
      "/credential": {
        post: {
          operationId: "credential",
          summary:
            "OpenID4VCI 1.0 credential endpoint: { credential_configuration_id, proofs: { jwt: [proof] } } → { credentials: [{ credential }] } (Draft 13/14 { format, proof } → { credential } until 2027-06-30)",
          security: [{ accessToken: [] }],
          requestBody: json(bodies.credentialRequestBody),
          responses: {
            "200": ok("{ credentials: [{ credential }], notification_id }"),
            "400": oauthError(
              "invalid_credential_request, unknown_credential_configuration, invalid_proof, invalid_nonce (with a fresh c_nonce)",
            ),
            "401": oauthError("invalid_token"),
            "429": problem,
            "503": problem,
          },
        },
      },
      "/notification": {
        post: {
          operationId: "notification",
          summary:
            "OpenID4VCI 1.0 notification endpoint: the wallet says it stored, could not store, or deleted the credential",
          security: [{ accessToken: [] }],
          requestBody: json(bodies.notificationBody),
          responses: {
            "204": { description: "noted (the event only; the wallet's description is not kept)" },
            "400": oauthError("invalid_notification_id, invalid_notification_request"),
            "401": oauthError("invalid_token"),
            "429": problem,
          },
        },
      },
      "/credentials/verify": {
        post: {
          summary: "VC-API: verify a credential",
          requestBody: { required: true, content: { "application/json": { schema: { type: "object" } } } },
          responses: { "200": ok("verification result"), "400": problem },
        },
      },
      "/presentations/verify": {
        post: {
          summary: "VC-API: verify a presentation or presentation envelope",
          requestBody: { required: true, content: { "application/json": { schema: { type: "object" } } } },
          responses: { "200": ok("verification result"), "400": problem },
        },
      },
      ...statusAndTypeMetadataPaths(problem),
      "/schemas/{file}": {
        get: {
          summary: "JSON Schemas of the credential types",
          parameters: [{ name: "file", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": ok("JSON Schema") },
        },
      },
    }),
  };
}

/** The paths of another module joined in: the same path's methods side by side (GET /licences beside POST). */
function withPaths(extra: Record<string, Record<string, unknown>>, paths: Record<string, Record<string, unknown>>) {
  const joined = { ...paths };
  // The OpenID4VP routes' paths (openapi-openid4vp.ts) join every document beside the authorities'.
  for (const [path, methods] of Object.entries({ ...extra, ...openid4vpPaths() }))
    joined[path] = { ...joined[path], ...methods };
  return joined;
}
