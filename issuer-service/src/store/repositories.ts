/**
 * The repositories of one database, made once per connection: each keeps its own compiled statements,
 * so every module asking for the same connection's repositories shares them (the service has one
 * connection; the admin command opens its own).
 */
import type { Db } from "./database.ts";
import { AuditLog } from "./audit-log.ts";
import { CasesRepository } from "./cases-repository.ts";
import { CredentialsRepository } from "./credentials-repository.ts";
import { PrincipalsRepository } from "./principals-repository.ts";
import { ApiKeysRepository } from "./api-keys-repository.ts";
import { OffersRepository } from "./offers-repository.ts";
import { ChainIdentityRepository } from "./chain-identity-repository.ts";

export interface Repositories {
  audit: AuditLog;
  cases: CasesRepository;
  credentials: CredentialsRepository;
  principals: PrincipalsRepository;
  apiKeys: ApiKeysRepository;
  offers: OffersRepository;
  chainIdentity: () => ChainIdentityRepository;
}

const byConnection = new WeakMap<Db, Repositories>();

export function repositoriesOf(db: Db): Repositories {
  let repositories = byConnection.get(db);
  if (!repositories) {
    let chainIdentity: ChainIdentityRepository | undefined;
    repositories = {
      audit: new AuditLog(db),
      cases: new CasesRepository(db),
      credentials: new CredentialsRepository(db),
      principals: new PrincipalsRepository(db),
      apiKeys: new ApiKeysRepository(db),
      offers: new OffersRepository(db),
      // Made on first use: it creates its table, which only the deployment guard needs.
      chainIdentity: () => (chainIdentity ??= new ChainIdentityRepository(db)),
    };
    byConnection.set(db, repositories);
  }
  return repositories;
}
