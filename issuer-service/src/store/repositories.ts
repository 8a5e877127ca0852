/**
 * The repositories of one database, made once per connection: each keeps its own compiled statements,
 * so every module asking for the same connection's repositories shares them (the service has one
 * connection; the admin command opens its own). The clock (audit times) is fixed by the first call
 * that gives one — the service's start, before anything else asks.
 */
import type { Db } from "./database.ts";
import { AuditLog } from "./audit-log.ts";
import { CasesRepository } from "./cases-repository.ts";
import { CredentialsRepository } from "./credentials-repository.ts";
import { PrincipalsRepository } from "./principals-repository.ts";
import { ApiKeysRepository } from "./api-keys-repository.ts";
import { OffersRepository } from "./offers-repository.ts";
import { NoncesRepository } from "./nonces-repository.ts";
import { ChainIdentityRepository } from "./chain-identity-repository.ts";
import { StatusListsRepository } from "./status-lists-repository.ts";
import { LicenceRegisterRepository } from "./licence-register-repository.ts";
import { Openid4vpRequestsRepository } from "./openid4vp-requests-repository.ts";
import { ComplaintsRepository } from "./complaints-repository.ts";

export interface Repositories {
  audit: AuditLog;
  cases: CasesRepository;
  credentials: CredentialsRepository;
  principals: PrincipalsRepository;
  apiKeys: ApiKeysRepository;
  offers: OffersRepository;
  statusLists: StatusListsRepository;
  nonces: NoncesRepository;
  openid4vpRequests: Openid4vpRequestsRepository;
  complaints: ComplaintsRepository;
  chainIdentity: () => ChainIdentityRepository;
  /** Public facts (agency name, licence number) of the licence credentials this service signed. */
  licenceRegister: LicenceRegisterRepository;
}

const byConnection = new WeakMap<Db, Repositories & { now: () => number }>();

export function repositoriesOf(db: Db, now?: () => number): Repositories {
  let repositories = byConnection.get(db);
  if (repositories && now && repositories.now !== now)
    throw new Error("this database's repositories already run on another clock");
  if (!repositories) {
    let chainIdentity: ChainIdentityRepository | undefined;
    repositories = {
      now: now ?? Date.now,
      audit: new AuditLog(db, now),
      cases: new CasesRepository(db),
      credentials: new CredentialsRepository(db),
      principals: new PrincipalsRepository(db),
      apiKeys: new ApiKeysRepository(db),
      offers: new OffersRepository(db),
      statusLists: new StatusListsRepository(db),
      nonces: new NoncesRepository(db),
      licenceRegister: new LicenceRegisterRepository(db),
      openid4vpRequests: new Openid4vpRequestsRepository(db),
      complaints: new ComplaintsRepository(db),
      // Made on first use: it creates its table, which only the deployment guard needs.
      chainIdentity: () => (chainIdentity ??= new ChainIdentityRepository(db)),
    };
    byConnection.set(db, repositories);
  }
  return repositories;
}
