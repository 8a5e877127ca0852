/** Everything a request handler may use, wired once at start. */
import type { CredentialType } from "@fairledger/common";
import type { IssuerConfig } from "./config.ts";
import type { Db } from "./store/database.ts";
import type { Repositories } from "./store/repositories.ts";
import type { IdempotencyAnswers } from "./store/idempotency-answers.ts";
import type { Ledger } from "./chain/ledger.ts";
import type { Identities } from "./keys/identities.ts";
import type { KeyServices } from "./keys/agent.ts";
import type { ApiKeys } from "./keys/api-keys.ts";
import type { Cases } from "./cases/cases.ts";
import type { CredentialIssuer } from "./credentials/issuer.ts";
import type { AnchoringOutbox } from "./anchoring/outbox.ts";
import type { Pickup } from "./pickup/pickup.ts";
import type { StatusLists } from "./status-list/status-lists.ts";
import type { DeploymentGuard } from "./chain/deployment-guard.ts";
import type { Logger } from "./logging.ts";

export interface ServiceContext {
  config: IssuerConfig;
  db: Db;
  /** The repositories on `db`, handed by routes to the use cases they call. */
  store: Repositories;
  /** Stored answers of authenticated writes (sealed; see store/idempotency-answers.ts). */
  answers: IdempotencyAnswers;
  ledger: Ledger;
  keys: KeyServices;
  identities: Identities;
  /** API keys of the principals (random, hashed, revocable). */
  apiKeys: ApiKeys;
  cases: Cases;
  issuer: CredentialIssuer;
  outbox: AnchoringOutbox;
  pickup: Pickup;
  /** The issuers' Token Status Lists (GET /status-lists/{id}). */
  statusLists: StatusLists;
  /** Whether the chain still holds the deployment (checked at start, periodically, by /health). */
  deployment: DeploymentGuard;
  /** Structured log: internal errors (once, with the request id) and chain events. */
  logger: Logger;
  /** The service's clock (ms); injected by tests. */
  now: () => number;
  /** Public base URL, known once the server listens. */
  baseUrl(): string;
  /** The SD-JWT VC `vct` of a credential type as this service issues it (`<vct base>/vct/<type>`). */
  vct(type: CredentialType): string;
  /** A plain informational line (also sent to the structured log). */
  log(line: string): void;
}
