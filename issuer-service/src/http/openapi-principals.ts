/** OpenAPI paths of the principal and API-key routes (routes-principals.ts), merged into openapi.ts. */
import type { z } from "zod";
import { createKeyBody, onboardPrincipalBody, rotateKeyBody } from "./bodies-principals.ts";
import { named } from "./openapi.ts";

type Write = (
  summary: string,
  body: z.ZodType | undefined,
  params?: unknown[],
  status?: string,
) => Record<string, unknown>;

const principalId = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const keyId = { name: "keyId", in: "path", required: true, schema: { type: "string", format: "uuid" } };

const keyExample = {
  id: "0b8f0e9e-3f43-4a53-9d0e-1f7c2b6f7a10",
  principalId: "5f0c6f3e-9d8e-4a3a-8a55-0d7e2c1b9a22",
  label: "first key",
  createdAt: "2026-11-30T21:00:00.000Z",
  expiresAt: null,
  lastUsedAt: null,
  revokedAt: null,
  status: "active",
};
const principalExample = {
  id: "5f0c6f3e-9d8e-4a3a-8a55-0d7e2c1b9a22",
  kind: "agency",
  name: "Bayanihan Manpower Services",
  jurisdiction: "PH",
  did: "did:ethr:0x7a69:0x90f79bf6eb2c4f870365e785982e1f101e93b906",
  address: "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
  onboardedBy: "9a1d2c3b-4e5f-4a6b-8c7d-0e1f2a3b4c5d",
  createdAt: "2026-11-30T21:00:00.000Z",
};
const issuedExample = {
  principal: principalExample,
  key: { ...keyExample, apiKey: "fl_<43 random base64url characters, shown once>" },
};
const answer = (description: string, example: unknown) => ({
  description,
  content: { "application/json": { schema: { type: "object" }, example } },
});
const withAnswer = (operation: Record<string, unknown>, status: string, description: string, example: unknown) => ({
  ...operation,
  responses: { ...(operation.responses as Record<string, unknown>), [status]: answer(description, example) },
});

export function principalPaths(write: Write, problem: unknown): Record<string, unknown> {
  const read = (summary: string, params: unknown[], example: unknown) => ({
    summary,
    security: [{ apiKey: [] }],
    parameters: params,
    responses: { "200": answer(summary, example), "401": problem, "403": problem, "404": problem },
  });
  return {
    "/principals": {
      post: named(
        "onboardPrincipal",
        withAnswer(
          write(
            "Authority: onboard an agency, inspector or insurer of its own jurisdiction; answers its first API key, shown once",
            onboardPrincipalBody,
            [],
            "201",
          ),
          "201",
          "the principal and its first key (the only time the key is shown)",
          issuedExample,
        ),
      ),
      get: named(
        "listOnboardedPrincipals",
        read("Authority: the principals it onboarded", [], { items: [principalExample] }),
      ),
    },
    "/principals/{id}/keys": {
      post: named(
        "createApiKey",
        withAnswer(
          write(
            "A new API key for the principal (itself, or onboarded in the authority's jurisdiction); shown once",
            createKeyBody,
            [principalId],
            "201",
          ),
          "201",
          "the new key, shown once",
          issuedExample,
        ),
      ),
      get: named(
        "listApiKeys",
        read("The principal's API keys: metadata only, never a key", [principalId], { items: [keyExample] }),
      ),
    },
    "/principals/{id}/keys/{keyId}": {
      delete: named(
        "revokeApiKey",
        withAnswer(
          write("Revoke an API key now", undefined, [principalId, keyId]),
          "200",
          "the revoked key's metadata",
          {
            ...keyExample,
            revokedAt: "2026-11-30T22:00:00.000Z",
            status: "revoked",
          },
        ),
      ),
    },
    "/keys/rotate": {
      post: named(
        "rotateApiKey",
        withAnswer(
          write(
            "Rotate the calling API key: a new key; the old one stays valid until previousValidUntil (default: now)",
            rotateKeyBody,
            [],
            "201",
          ),
          "201",
          "the new key, shown once",
          issuedExample,
        ),
      ),
    },
  };
}
