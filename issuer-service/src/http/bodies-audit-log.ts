/** Query of the authority's audit log route (zod; the OpenAPI document is generated from it). */
import { z } from "zod";

export const auditLogQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** `page.nextCursor` of the previous answer: the entries older than that page. */
  cursor: z.string().max(64).optional(),
});
