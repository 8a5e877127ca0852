/**
 * A principal reads its own notices (store/notices.ts), newest first, after the last one it has seen:
 * what the service did on its behalf that no request of its own answered.
 */
import type { Db } from "../store/database.ts";
import { noticesOf, type Notice } from "../store/notices.ts";
import type { Principal } from "../store/principals-repository.ts";

export function principalNotices(services: { db: Db }, principal: Principal, afterId: number): Notice[] {
  return noticesOf(services.db, principal.id, { afterId });
}
