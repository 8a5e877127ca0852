/**
 * Finishing passes over the OpenAPI paths. The answers the service's edge gives on every route, added to every operation of the OpenAPI
 * document so no route has to repeat them (app.ts: the middleware before any route runs):
 * - 400: the path is not valid percent-encoding (input-guards.ts), or a parameter is malformed;
 * - 429: a rate limit (rate-limits.ts; every caller is limited, public routes by address);
 * - 400 and 413 on operations with a body: malformed or too deeply nested JSON, or over the body limit;
 * - 401 on operations that need a credential (an API key, or the pickup access token).
 * Route-specific answers (403, 404, 409, 410, 422, 428, 503…) stay with each operation.
 */
type Operation = { security?: unknown[]; requestBody?: unknown; responses?: Record<string, unknown> };

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;

export function withEdgeResponses(
  paths: Record<string, Record<string, unknown>>,
  defaultSecurity: unknown[],
  problem: unknown,
): Record<string, Record<string, unknown>> {
  const result: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries(paths)) {
    const methods: Record<string, unknown> = { ...item };
    for (const method of METHODS) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      const edge: Record<string, unknown> = { "400": problem, "429": problem };
      if (operation.requestBody) edge["413"] = problem;
      if ((operation.security ?? defaultSecurity).some((requirement) => Object.keys(requirement as object).length > 0))
        edge["401"] = problem;
      methods[method] = { ...operation, responses: { ...edge, ...operation.responses } };
    }
    result[path] = methods;
  }
  return result;
}

/** `paths` with `ids["<path> <method>"]` as the operationId of each operation (throws on a missing one). */
export function withOperationIds(
  ids: Record<string, string>,
  paths: Record<string, Record<string, unknown>>,
): Record<string, Record<string, unknown>> {
  const result: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries(paths)) {
    result[path] = { ...item };
    for (const method of METHODS) {
      if (!item[method]) continue;
      const operationId = ids[`${path} ${method}`];
      if (!operationId) throw new Error(`no operationId for ${method.toUpperCase()} ${path}`);
      result[path][method] = { operationId, ...(item[method] as object) };
    }
  }
  return result;
}
