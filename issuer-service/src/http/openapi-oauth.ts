/**
 * The OpenAPI shape of an OAuth 2.0 error answer (RFC 6749 §5.2), which the OpenID4VCI and OpenID4VP
 * endpoints give instead of problem+json: `{ error, error_description }`, plus the pickup's `reason`.
 */
export const oauthError = (description: string) => ({
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
