/**
 * OpenAPI paths of the OpenID4VP routes (routes-openid4vp.ts), merged into openapi.ts. The request object
 * and the response endpoint are OpenID endpoints: public (`security: []`), answering `{ error,
 * error_description }` instead of problem+json.
 */
import { createPresentationRequestBody } from "./routes-openid4vp.ts";
import { problem, schema } from "./openapi.ts";
import { oauthError } from "./openapi-oauth.ts";

const requestId = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const idem = { $ref: "#/components/parameters/IdempotencyKey" };

const verdictExample = {
  outcome: "valid",
  presentations: [
    {
      queryId: "employment_contract",
      result: {
        verified: true,
        outcome: "valid",
        checks: [{ id: "key-binding", passed: true, reason: "held by the holder, for this verifier" }],
        disclosed: { employerName: "Riyadh Care Hospital", jobTitle: "Registered Nurse", workerName: "Maria Santos" },
        lookAlikes: [{ name: "employerN\u0430me", looksLike: "employerName", value: "Fake Hospital" }],
        caseFlags: [
          {
            inspector: "0x976ea74026e726554db657fa54763abd0c3a0aa9",
            findingHash: `0x${"f1".repeat(32)}`,
            blockNumber: 1240,
            flaggedAt: 1795990000,
          },
        ],
      },
    },
  ],
  verifiedAt: 1796000000,
};

export function openid4vpPaths(): Record<string, Record<string, unknown>> {
  return {
    "/openid4vp/requests": {
      post: {
        operationId: "createPresentationRequest",
        summary:
          "Authority: a new OpenID4VP 1.0 request (signed request object, client id decentralized_identifier:<your did:ethr>, DCQL query for the type's purpose claims). Answers the openid4vp:// link (same device) and that link as a QR PNG (cross-device); answerable once, for 5 minutes",
        security: [{ apiKey: [] }],
        parameters: [idem],
        requestBody: {
          required: false,
          content: { "application/json": { schema: schema(createPresentationRequestBody) } },
        },
        responses: {
          "201": {
            description: "the request",
            content: {
              "application/json": {
                schema: { type: "object" },
                example: {
                  id: "3e0d0c8e-0a43-4f7b-9a1e-5a4b8c7d6e5f",
                  status: "pending",
                  clientId: "decentralized_identifier:did:ethr:0x7a69:0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc",
                  link: "openid4vp://?client_id=…&request_uri=…",
                  requestUri: "https://issuer.example/openid4vp/requests/3e0d…/request-object",
                  qrPng: "data:image/png;base64,…",
                  expiresAt: "2026-12-01T03:05:00.000Z",
                },
              },
            },
          },
          "400": problem,
          "401": problem,
          "403": problem,
          "409": problem,
          "422": problem,
          "428": problem,
          "429": problem,
        },
      },
    },
    "/openid4vp/requests/{id}": {
      get: {
        operationId: "getPresentationRequest",
        summary:
          "Authority: poll a request of yours — pending, expired, or answered with the verdict (each presentation's ordered checks and disclosed claims, claim names that only look like real ones set apart in lookAlikes, the inspectors' flags on the case in caseFlags, or why the answer was refused); `asked` lists the claims each credential query asked for",
        security: [{ apiKey: [] }],
        parameters: [requestId],
        responses: {
          "200": {
            description: "the request and its verdict",
            content: {
              "application/json": {
                schema: { type: "object" },
                example: {
                  id: "3e0d…",
                  status: "answered",
                  expiresAt: "…",
                  answeredAt: "…",
                  asked: { employment_contract: ["employerName", "jobTitle", "workerName"] },
                  verdict: verdictExample,
                },
              },
            },
          },
          "401": problem,
          "403": problem,
          "404": problem,
          "429": problem,
        },
      },
    },
    "/openid4vp/requests/{id}/request-object": {
      get: {
        operationId: "getPresentationRequestObject",
        summary: "Wallet: the signed request object (JAR, typ oauth-authz-req+jwt) while the request is open",
        security: [],
        parameters: [requestId],
        responses: {
          "200": {
            description: "the request object",
            content: { "application/oauth-authz-req+jwt": { schema: { type: "string" } } },
          },
          "404": oauthError("invalid_request_uri: unknown, answered or expired"),
          "429": problem,
        },
      },
    },
    "/openid4vp/responses": {
      post: {
        operationId: "postPresentationResponse",
        summary:
          "Wallet: the authorization response by direct_post — vp_token (the 1.0 object, JSON) and state; verified once, the verdict kept for the desk",
        security: [],
        requestBody: {
          required: true,
          content: {
            "application/x-www-form-urlencoded": {
              schema: {
                type: "object",
                required: ["vp_token", "state"],
                properties: { vp_token: { type: "string" }, state: { type: "string" } },
              },
            },
          },
        },
        responses: {
          "200": {
            description: "processed; the verdict is the desk's",
            content: { "application/json": { schema: { type: "object" } } },
          },
          "400": oauthError(
            "invalid_request (unknown state, already answered, expired, malformed vp_token) or access_denied (the DCQL query is not answered)",
          ),
          "413": problem,
          "429": problem,
        },
      },
    },
    "/dids/{did}": {
      get: {
        operationId: "resolveDid",
        summary:
          "A did:ethr of this chain resolved from the chain, and the jurisdiction it is a licensing authority of (null if none): how a wallet without chain access checks who asks",
        security: [],
        parameters: [{ name: "did", in: "path", required: true, schema: { type: "string", pattern: "^did:ethr:" } }],
        responses: {
          "200": {
            description: "the DID document and authority registration",
            content: { "application/json": { schema: { type: "object" } } },
          },
          "404": problem,
          "429": problem,
          "503": problem,
        },
      },
    },
  };
}
