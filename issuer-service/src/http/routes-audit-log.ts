/**
 * The authority's own audit log (GET /audit-log): what this authority did through this service — licences
 * issued, suspended, reinstated and revoked, members registered, corridor policies proposed and approved,
 * principals onboarded and their keys — newest first, paginated, from the rows the use cases already
 * record in the commit of each change (store/audit-log.ts). Authorities only, and each sees only the
 * entries it is the actor of: another country's authority, an agency or an inspector gets 403.
 */
import { Router } from "express";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import type { AuditEntry } from "../store/audit-log.ts";
import { principalOf } from "./auth.ts";
import { parseBody } from "./validate.ts";
import { auditLogQuery } from "./bodies-audit-log.ts";

const cursorOf = (id: number) => Buffer.from(`b${id}`).toString("base64url");

function beforeIdOf(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const decoded = /^b([0-9]{1,15})$/.exec(Buffer.from(cursor, "base64url").toString("latin1"));
  if (!decoded)
    throw new ServiceError("ERR_INPUT_INVALID", "cursor is not one this service gave out", {
      errors: [{ pointer: "query:cursor", detail: "unknown cursor" }],
    });
  return Number(decoded[1]);
}

const entryView = (entry: AuditEntry) => ({
  id: entry.id,
  at: new Date(entry.at).toISOString(),
  actor: entry.actor,
  action: entry.action,
  subject: entry.subject,
  detail: entry.detail,
});

export function auditLogRoutes(ctx: ServiceContext): Router {
  const router = Router();

  router.get("/audit-log", (req, res) => {
    const authority = principalOf(res, "authority");
    const query = parseBody(auditLogQuery, req.query);
    // One more than asked: whether another page exists, without counting the whole log.
    const rows = ctx.store.audit.byActor(authority.did, query.limit + 1, beforeIdOf(query.cursor));
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    res.json({
      items: items.map(entryView),
      page: { limit: query.limit, nextCursor: rows.length > query.limit && last ? cursorOf(last.id) : null },
    });
  });

  return router;
}
