/** OpenAPI paths of workers' complaints (routes-complaints.ts), merged into openapi.ts with the officials' paths. */
import { fileComplaintBody, handleComplaintBody } from "./bodies-complaints.ts";
import { PUBLIC, json, named, problem, schema, write } from "./openapi.ts";
import { complaintListQuery } from "./bodies-complaints.ts";

const reference = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const answer = (description: string, example: unknown) => ({
  description,
  content: { "application/json": { schema: { type: "object" }, example } },
});
const REFERENCE = "5b0f6c1e-2d7a-4c35-9a51-0f4b8e2f7d10";
const COMMITMENT = `0x${"c0".repeat(32)}`;

export function complaintPaths(): Record<string, Record<string, unknown>> {
  return {
    "/complaints/nonce": {
      post: named("newComplaintNonce", {
        security: PUBLIC,
        summary:
          "Public: a single-use nonce (5 minutes) and the audience the wallet's key-binding JWT must carry to file a complaint",
        responses: {
          "201": answer("the nonce", {
            nonce: "q1…",
            audience: "https://issuer.example",
            expiresAt: "2026-12-01T05:05:00.000Z",
          }),
        },
      }),
    },
    "/complaints": {
      post: named("fileComplaint", {
        security: PUBLIC,
        summary:
          "Public: a worker files a complaint about their agency, proving a valid credential of the case (SD-JWT presentation with key binding over the nonce). The case is the credential's; the text and photo are sealed under the case's key; a commitment is anchored. The access token reads the status (GET /complaints/{id}).",
        requestBody: json(fileComplaintBody),
        responses: {
          "201": answer("filed", {
            reference: REFERENCE,
            accessToken: "t0…",
            status: "filed",
            category: "fee-charged",
            filedAt: "2026-12-01T05:00:00.000Z",
            commitment: COMMITMENT,
            agency: { did: "did:ethr:0x7a69:0x90f79bf6eb2c4f870365e785982e1f101e93b906", name: "Bayanihan Manpower" },
          }),
          "403": {
            ...problem,
            description:
              "no valid proof: unknown, used or expired nonce, wrong audience, a credential that fails a check (revoked, not anchored, not bound to the key), or not a case credential of this service",
          },
          "409": { ...problem, description: "the case already has an open complaint of this category" },
          "410": { ...problem, description: "the case's personal data was erased" },
          "503": problem,
        },
      }),
      get: named("listComplaints", {
        summary:
          "Authority or inspector of the agency's country: the agency's complaints, newest first — category, dates, status, text, whether a photo came, the outcome; who filed only when the worker allowed it",
        security: [{ apiKey: [] }],
        parameters: [{ name: "agency", in: "query", required: true, schema: schema(complaintListQuery.shape.agency) }],
        responses: {
          "200": answer("the agency's complaints", {
            agency: { did: "did:ethr:0x7a69:0x90f7…", name: "Bayanihan Manpower" },
            counts: { filed: 1, open: 1 },
            complaints: [
              {
                reference: REFERENCE,
                category: "fee-charged",
                status: "anchored",
                filedAt: "2026-12-01T05:00:00.000Z",
                handledAt: null,
                handledBy: null,
                erased: false,
                text: "They asked me for 30,000 PHP before my flight.",
                photo: { mediaType: "image/jpeg", bytes: 48213 },
                outcome: null,
                identityShared: false,
                filer: null,
              },
            ],
          }),
          "403": { ...problem, description: "not an authority or inspector, or the agency is another country's" },
          "404": { ...problem, description: "no agency of that DID at this service" },
        },
      }),
    },
    "/complaints/{id}": {
      get: named("getComplaintStatus", {
        security: PUBLIC,
        summary:
          "Public, with the complaint's access token as `Authorization: Bearer`: the worker's view — filed, anchored or handled, and the outcome an official wrote",
        parameters: [reference],
        responses: {
          "200": answer("the complaint's status", {
            reference: REFERENCE,
            category: "fee-charged",
            status: "handled",
            filedAt: "2026-12-01T05:00:00.000Z",
            handledAt: "2026-12-02T09:00:00.000Z",
            outcome: "The agency refunded the fee on 2 December.",
            commitment: COMMITMENT,
          }),
          "404": { ...problem, description: "unknown reference, or a missing or wrong access token" },
          "410": { ...problem, description: "the case's personal data was erased" },
        },
      }),
    },
    "/complaints/{id}/photo": {
      get: named("getComplaintPhoto", {
        summary: "Authority or inspector of the agency's country: the receipt photo of a complaint",
        security: [{ apiKey: [] }],
        parameters: [reference],
        responses: {
          "200": {
            description: "the photo",
            content: {
              "image/jpeg": { schema: { type: "string", format: "binary" } },
              "image/png": { schema: { type: "string", format: "binary" } },
              "image/webp": { schema: { type: "string", format: "binary" } },
            },
          },
          "403": { ...problem, description: "not an authority or inspector, or the agency is another country's" },
          "404": { ...problem, description: "no such complaint, no photo, or its case was erased" },
        },
      }),
    },
    "/complaints/{id}/handling": {
      post: {
        ...write(
          "Authority or inspector of the agency's country: mark a complaint handled with an outcome the worker sees (once)",
          handleComplaintBody,
          [reference],
        ),
        operationId: "handleComplaint",
      },
    },
  };
}
