/**
 * The OpenAPI 3.1 document served at /openapi.json, request bodies generated from the zod schemas. It
 * passes Redocly's `recommended` ruleset (test/openapi-lint.test.ts lints whatever the service serves):
 * every operation has an `operationId`; the API key is the document's default security, as in app.ts
 * (every route after `authenticate` needs one), and each public operation says `security: []`; the
 * edge's answers (400, 401, 413, 429) are added to every operation by openapi-edge.ts, and each
 * operation lists the other 4xx its route can answer.
 */
import { z } from "zod";
import { FAIRLEDGER_CONTEXT_PATH, JSON_LD_MEDIA_TYPE } from "@fairledger/common";
import * as bodies from "./bodies.ts";
import { principalPaths } from "./openapi-principals.ts";
import { authorityPaths } from "./openapi-authority.ts";
import { withEdgeResponses } from "./openapi-edge.ts";
import { verifyBodies } from "./routes-verify.ts";
import { statusAndTypeMetadataPaths } from "./openapi-status.ts";
import { auditPaths } from "./openapi-audits.ts";
import { auditLogPaths } from "./openapi-audit-log.ts";
import { agencyRegisterPaths } from "./openapi-agencies.ts";
import { openid4vpPaths } from "./openapi-openid4vp.ts";
import { trustSnapshotPaths } from "./openapi-trust-snapshot.ts";
import { oauthError } from "./openapi-oauth.ts";
import { complaintPaths } from "./openapi-complaints.ts";

/** The officials' paths: the authorities' API, the inspectors', the audit log, and complaints (filed by workers, handled by officials). */
const officialPaths = () => ({ ...authorityPaths(), ...auditPaths(), ...auditLogPaths(), ...complaintPaths() });

/** `security` of a public operation: no credential at all (overrides the document's API key). */
export const PUBLIC: [] = [];
/** An operation with its `operationId` (unique in the document; clients name their methods after it). */
export const named = <T extends object>(operationId: string, operation: T) => ({ operationId, ...operation });

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
export const json = (zodSchema: z.ZodType) => ({
  required: true,
  content: { "application/json": { schema: schema(zodSchema) } },
});
const idem = { $ref: "#/components/parameters/IdempotencyKey" };
const caseId = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const digest = { name: "digest", in: "path", required: true, schema: { type: "string", pattern: "^0x[0-9a-f]{64}$" } };
/**
 * An authenticated write (Idempotency-Key required): 403 (not this principal's to do), 404, 409 (the
 * state forbids it), 410 (the case's personal data was erased), 422 (Idempotency-Key reused with another
 * request, or the ledger refused the transaction), 428 (no Idempotency-Key), 503 (chain or storage
 * unavailable), 507 (storage full), besides the edge's (openapi-edge.ts).
 */
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
    "410": problem,
    "422": problem,
    "428": problem,
    "429": problem,
    "503": problem,
    "507": problem,
  },
});
/** An authenticated read of one resource: 403 (another principal's, or not for this kind), 404. */
const read = (summary: string, params: unknown[], answer: string, extra: Record<string, unknown> = {}) => ({
  summary,
  security: [{ apiKey: [] }],
  ...(params.length ? { parameters: params } : {}),
  responses: { "200": ok(answer), "401": problem, "403": problem, "404": problem, ...extra },
});

const API_KEY = [{ apiKey: [] }];

export function openApiDocument(serverUrl: string): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: {
      title: "FairLedger issuer service",
      version: "0.1.0",
      description:
        "Agencies and licensing authorities issue verifiable credentials (SD-JWT VC by default, VC-JWT on request), anchored on the FairLedger consortium chain. Errors are RFC 9457 problem+json; every authenticated write needs an Idempotency-Key. Every operation needs an API key unless it says `security: []`.",
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    servers: [{ url: serverUrl }],
    security: API_KEY,
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
    paths: withEdgeResponses(
      withPaths(officialPaths(), {
        "/health": {
          get: named("getHealth", {
            security: PUBLIC,
            summary:
              "Liveness and chain state: chain is reachable, unreachable (writes answer 503 with Retry-After, anchoring queues) or deployment-lost",
            responses: {
              "200": ok("running; `chain` is reachable or unreachable"),
              "503": ok("the chain no longer holds the FairLedger deployment (chain reset?): an operator must act"),
            },
          }),
        },
        "/openapi.json": {
          get: named("getOpenApiDocument", {
            security: PUBLIC,
            summary: "This document",
            responses: { "200": ok("OpenAPI 3.1 document") },
          }),
        },
        [FAIRLEDGER_CONTEXT_PATH]: {
          get: named("getFairLedgerContext", {
            security: PUBLIC,
            summary:
              "The JSON-LD context of FairLedger's terms (credential types, claims, SD-JWT VC and anchoring terms) that every credential names; versioned, cacheable",
            responses: {
              "200": {
                description: "JSON-LD 1.1 context document",
                content: {
                  [JSON_LD_MEDIA_TYPE]: {
                    schema: { type: "object", required: ["@context"], properties: { "@context": { type: "object" } } },
                  },
                },
              },
            },
          }),
        },
        "/identity": {
          get: named("getIdentity", {
            summary: "The calling principal (DID, signing kid)",
            security: API_KEY,
            responses: { "200": ok("principal"), "401": problem },
          }),
        },
        "/identity/contact": {
          put: named(
            "setContact",
            write("Set the public contact shown to workers whose papers are suspended or revoked", bodies.contactBody),
          ),
        },
        "/identity/key-rotation": {
          post: named("rotateSigningKey", write("Rotate the signing key through the DID registry", undefined)),
        },
        ...principalPaths(write, problem),
        ...agencyRegisterPaths(),
        "/cases": {
          post: named(
            "openCase",
            write("Open a recruitment case (commitment on chain)", bodies.openCaseBody, [], "201"),
          ),
        },
        "/cases/{id}": {
          get: named("getCase", read("A case of the calling agency", [caseId], "case", { "410": problem })),
        },
        "/cases/{id}/contract": {
          put: named(
            "uploadContract",
            write(
              "Upload the contract document and terms; returns the salted contract commitment (contractHash), its secret contractSalt and the EIP-712 request for the employer",
              bodies.uploadContractBody,
              [caseId],
            ),
          ),
        },
        "/cases/{id}/contract/signing-request": {
          get: named(
            "getContractSigningRequest",
            read(
              "EIP-712 typed data the employer signs, with the contractSalt to check contractHash against the document",
              [caseId],
              "typed data",
              { "409": problem, "410": problem },
            ),
          ),
        },
        "/cases/{id}/contract/anchor": {
          post: named(
            "anchorContract",
            write("Anchor the contract with the employer's signature (agency signs too)", bodies.anchorContractBody, [
              caseId,
            ]),
          ),
        },
        "/cases/{id}/receipts": {
          post: named(
            "recordFeeReceipt",
            write(
              "Record a fee receipt; returns its salted commitment (receiptHash) and secret receiptSalt, for the inspector",
              bodies.receiptBody,
              [caseId],
              "201",
            ),
          ),
        },
        "/cases/{id}/close": {
          post: named("closeCase", write("Close the case with the receipts' Merkle root", undefined, [caseId])),
        },
        "/cases/{id}/offers": {
          post: named(
            "createPickupOffer",
            write("Create a one-time pickup offer (pre-authorized code, QR PNG)", bodies.offerBody, [caseId], "201"),
          ),
        },
        "/cases/{id}/offers/{offerId}/code": {
          post: named(
            "renewOfferCode",
            write(
              "A fresh pickup code (and PIN) for an unredeemed offer: expired, blocked after wrong attempts, or lost",
              bodies.renewOfferBody,
              [caseId, { name: "offerId", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
              "201",
            ),
          ),
        },
        "/cases/{id}/erasure": {
          post: named(
            "eraseCase",
            write("Erase the case's personal data (crypto-shredding)", bodies.eraseBody, [caseId]),
          ),
        },
        "/credentials/issue": {
          post: named(
            "issueCredential",
            write(
              "VC-API: issue a credential (case credential for agencies, licence for authorities). `credential.issuer`, if given, must be the caller's DID, and `credential.@context` the VCDM context of the format (2.0 for vc+sd-jwt, 1.1 for vc-jwt) then at most this service's FairLedger context: anything else is a 400 naming it",
              bodies.vcApiIssueBody,
              [],
              "201",
            ),
          ),
        },
        "/licences": {
          post: named(
            "issueLicence",
            write(
              "Authority: issue a licence credential and the on-chain licence in one step",
              bodies.licenceBody,
              [],
              "201",
            ),
          ),
        },
        "/licences/{agency}/status": {
          post: named(
            "setLicenceStatus",
            write("Authority: suspend, reinstate or revoke an agency's licence on chain", bodies.licenceStatusBody, [
              { name: "agency", in: "path", required: true, schema: { type: "string" } },
            ]),
          ),
        },
        "/credentials/{digest}/status": {
          get: named("getCredentialStatus", {
            security: PUBLIC,
            summary: "Public: status of a credential",
            parameters: [digest],
            responses: {
              "200": ok(
                "{ status, source }; when suspended or revoked also reason { code, name, words } and contacts [{ role, name, contact }]",
              ),
              "404": problem,
              "503": problem,
            },
          }),
          post: named(
            "setCredentialStatus",
            write("Issuer: suspend, reinstate or revoke a credential on chain", bodies.statusBody, [digest]),
          ),
        },
        "/credentials/{digest}/anchor": {
          get: named("getAnchorProof", {
            security: PUBLIC,
            summary: "Public: anchor proof of a credential",
            parameters: [digest],
            responses: {
              "200": ok(
                "{ status: pending }, { status: anchored, anchor }, or { status: rejected, reason, rejectedAt } when the ledger refused its batch for good",
              ),
              "404": problem,
              "503": problem,
            },
          }),
        },
        "/notices": {
          get: named("listNotices", {
            security: API_KEY,
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
          }),
        },
        "/.well-known/openid-credential-issuer": {
          get: named("getCredentialIssuerMetadata", {
            security: PUBLIC,
            summary: "OpenID4VCI 1.0 credential issuer metadata",
            responses: { "200": ok("metadata") },
          }),
        },
        "/.well-known/oauth-authorization-server": {
          get: named("getAuthorizationServerMetadata", {
            security: PUBLIC,
            summary: "RFC 8414 authorization server metadata (pre-authorized code grant only)",
            responses: { "200": ok("metadata") },
          }),
        },
        "/token": {
          post: named("exchangePreAuthorizedCode", {
            security: PUBLIC,
            summary: "OpenID4VCI token endpoint (pre-authorized code grant, tx_code when the offer has one)",
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
            },
          }),
        },
        "/nonce": {
          post: named("getNonce", {
            security: PUBLIC,
            summary: "OpenID4VCI 1.0 nonce endpoint: a single-use c_nonce for key proofs",
            responses: { "200": ok("{ c_nonce, c_nonce_expires_in }") },
          }),
        },
        "/credential": {
          post: named("pickUpCredential", {
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
              "403": problem,
              "409": problem,
              "410": problem,
              "503": problem,
            },
          }),
        },
        "/notification": {
          post: named("notifyCredentialEvent", {
            summary:
              "OpenID4VCI 1.0 notification endpoint: the wallet says it stored, could not store, or deleted the credential",
            security: [{ accessToken: [] }],
            requestBody: json(bodies.notificationBody),
            responses: {
              "204": { description: "noted (the event only; the wallet's description is not kept)" },
              "400": oauthError("invalid_notification_id, invalid_notification_request"),
              "401": oauthError("invalid_token"),
            },
          }),
        },
        "/credentials/verify": {
          post: named("verifyCredential", {
            security: PUBLIC,
            summary:
              "VC-API: verify a credential — the compact SD-JWT VC or VC-JWT, a VCDM 2.0 EnvelopedVerifiableCredential holding it (data: URL), or a FairLedger envelope as JSON text. Without an anchor proof, the service takes it from its own store (as GET /credentials/{digest}/anchor serves it)",
            requestBody: json(verifyBodies.credentialVerifyBody),
            responses: { "200": ok("verification result: verified, outcome, the named checks"), "400": problem },
          }),
        },
        "/presentations/verify": {
          post: named("verifyPresentation", {
            security: PUBLIC,
            summary:
              "VC-API: verify a presentation (SD-JWT VC with key binding, or VP-JWT) or a FairLedger presentation envelope; the anchor proof is taken from the service's store when none is sent",
            requestBody: json(verifyBodies.presentationVerifyBody),
            responses: { "200": ok("verification result: verified, outcome, the named checks"), "400": problem },
          }),
        },
        ...statusAndTypeMetadataPaths(problem),
        ...trustSnapshotPaths(problem),
        "/schemas/{file}": {
          get: named("getCredentialSchema", {
            security: PUBLIC,
            summary: "JSON Schemas of the credential types",
            parameters: [{ name: "file", in: "path", required: true, schema: { type: "string" } }],
            responses: { "200": ok("JSON Schema"), "404": problem },
          }),
        },
      }),
      API_KEY,
      problem,
    ),
  };
}

/** The paths of another module joined in: the same path's methods side by side (GET /licences beside POST). */
function withPaths(extra: Record<string, Record<string, unknown>>, paths: Record<string, Record<string, unknown>>) {
  const joined = { ...paths };
  for (const [path, methods] of Object.entries({ ...extra, ...openid4vpPaths() }))
    joined[path] = { ...joined[path], ...methods };
  return joined;
}
