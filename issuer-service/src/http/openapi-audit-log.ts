/** OpenAPI path of the authority's audit log (routes-audit-log.ts). */
import type { z } from "zod";
import { auditLogQuery } from "./bodies-audit-log.ts";
import { named, problem, schema } from "./openapi.ts";

const AUTHORITY = "did:ethr:0x7a69:0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const AGENCY = "did:ethr:0x7a69:0x90f79bf6eb2c4f870365e785982e1f101e93b906";

const example = {
  items: [
    {
      id: 42,
      at: "2026-12-01T05:10:00.000Z",
      actor: AUTHORITY,
      action: "licence.suspended",
      subject: "0x90f79bf6eb2c4f870365e785982e1f101e93b906",
      detail: { reason: "fees-charged-to-workers", tx: `0x${"5e".repeat(32)}` },
    },
    {
      id: 40,
      at: "2026-12-01T05:00:00.000Z",
      actor: AUTHORITY,
      action: "principal.provisioned",
      subject: AGENCY,
      detail: { kind: "agency", jurisdiction: "PH", signingKid: `${AGENCY}#delegate-1` },
    },
  ],
  page: { limit: 2, nextCursor: "YjQw" },
};

const queryParameters = (query: z.ZodObject) =>
  Object.entries(query.shape).map(([name, field]) => ({
    name,
    in: "query",
    required: false,
    schema: schema(field as z.ZodType),
  }));

export function auditLogPaths(): Record<string, Record<string, unknown>> {
  return {
    "/audit-log": {
      get: named("listAuditLog", {
        summary:
          "Authority: its own actions through this service, newest first (licences, members, corridor policies, principals and keys), paginated",
        security: [{ apiKey: [] }],
        parameters: queryParameters(auditLogQuery),
        responses: {
          "200": {
            description: "one page of the caller's audit entries; page.nextCursor gives the older ones",
            content: { "application/json": { schema: { type: "object" }, example } },
          },
          "400": { ...problem, description: "a bad limit or a cursor this service did not give out" },
          "401": problem,
          "403": { ...problem, description: "the caller is not an authority" },
          "429": problem,
        },
      }),
    },
  };
}
