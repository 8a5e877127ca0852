/**
 * A principal sets its public contact: what a worker whose paper it suspended or revoked reads as whom to
 * ask (status-contacts.ts). The change and its audit entry commit together.
 */
import type { Db } from "../store/database.ts";
import { atomically } from "../store/repository.ts";
import type { Repositories } from "../store/repositories.ts";
import type { Principal } from "../store/principals-repository.ts";

export function setContact(services: { db: Db; store: Repositories }, principal: Principal, contact: string) {
  atomically(services.db, () => {
    services.store.principals.setContact(principal.id, contact);
    services.store.audit.record(principal.did, "principal.contact-changed", principal.id, {});
  });
  return { did: principal.did, contact };
}
