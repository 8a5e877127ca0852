/**
 * Programmatic start and stop of the issuer service (tests listen on port 0) and provisioning of the
 * agency/authority identities it acts for. `npm start` (scripts/start.ts) and `main.ts` use this.
 */
import { createServer, type Server } from "node:http";
import { createServer as createTlsServer } from "node:https";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { applyPollingInterval, DEFAULT_POLL_MS, loadManifest, vctUrl } from "@fairledger/common/node";
import { createServiceProvider } from "./chain/provider.ts";
import { parseConfig, type IssuerConfigInput } from "./config.ts";
import type { ServiceContext } from "./context.ts";
import { openDatabase } from "./store/database.ts";
import { GroupCommit } from "./store/group-commit.ts";
import { CaseVault } from "./store/case-vault.ts";
import { IdempotencyAnswers } from "./store/idempotency-answers.ts";
import { securePrivateDir } from "./store/data-dir.ts";
import { Ledger } from "./chain/ledger.ts";
import { expectPresent } from "./errors.ts";
import { createKeyServices } from "./keys/agent.ts";
import { Identities, type Principal, type PrincipalKind } from "./keys/identities.ts";
import { ApiKeys } from "./keys/api-keys.ts";
import { Cases } from "./cases/cases.ts";
import { repositoriesOf } from "./store/repositories.ts";
import { CredentialIssuer } from "./credentials/issuer.ts";
import { AnchoringOutbox } from "./anchoring/outbox.ts";
import { Pickup } from "./pickup/pickup.ts";
import { createApp } from "./http/app.ts";
import { InFlightRequests } from "./http/in-flight.ts";
import { LicenceStatusCache } from "./chain/licence-cache.ts";
import { recoverIdempotencyKeys } from "./http/idempotency.ts";
import { DeploymentGuard } from "./chain/deployment-guard.ts";
import { silentLogger, type Logger } from "./logging.ts";
import { openDataFile } from "./startup-failure.ts";
import { readTlsFiles, withCertificateDownload } from "./http/tls.ts";
import { StatusLists } from "./status-list/status-lists.ts";
import { ledgerLicenceReads } from "./status-list/chain-reads.ts";

export interface ProvisionRequest {
  /** Name the API key is returned under (e.g. the seed role "agency"). */
  name: string;
  kind: PrincipalKind;
  /** The account's secp256k1 private key; imported into Veramo's encrypted KMS. */
  privateKey: string;
  jurisdiction?: string;
  displayName?: string;
}

export interface IssuerService {
  url: string;
  apiKeys: Record<string, string>;
  principals: Record<string, Principal>;
  context: ServiceContext;
  /** Requests received and not yet answered and closed (diagnostics, tests). */
  inFlightRequests(): number;
  /**
   * Graceful stop: no new connections; in-flight requests get `shutdownGraceMs` to answer (then their
   * connections are destroyed and their handlers awaited, bounded again); the anchoring worker finishes
   * the step it is in; only then are the key store, database and RPC provider closed.
   */
  stop(): Promise<void>;
}

export interface StartOptions {
  provision?: ProvisionRequest[];
  /** Plain informational lines (start, stop, anchoring); see also `logger`. */
  log?: (line: string) => void;
  /** Structured log (pino): internal errors once each with their request id, chain events. Default: silent. */
  logger?: Logger;
  /** Injected clock (ms) for expiry tests. */
  now?: () => number;
  /** Do not start the anchoring worker (tests drive it by hand). */
  manualAnchoring?: boolean;
}

export async function startIssuerService(
  configInput: IssuerConfigInput | unknown,
  options: StartOptions = {},
): Promise<IssuerService> {
  const config = parseConfig(configInput);
  const tls = config.tls && readTlsFiles(config.tls);
  const logger = options.logger ?? silentLogger();
  const log = (line: string) => {
    logger.info(line);
    options.log?.(line);
  };
  const now = options.now ?? Date.now;
  const tightened = securePrivateDir(config.dataDir);
  if (tightened.length > 0) log(`data directory made private (0700, files 0600): ${tightened.join(", ")}`);
  const manifest = loadManifest(config.manifestPath);
  const databasePath = join(config.dataDir, "issuer.sqlite");
  const db = await openDataFile(databasePath, () => {
    const opened = openDatabase(databasePath);
    try {
      const openedVault = new CaseVault(opened, config.secrets.dataMasterKey);
      // Case keys of a data directory from before #12 move under their own wrapping key (one key per job).
      const rewrapped = openedVault.rewrapLegacyCaseKeys();
      if (rewrapped > 0) log(`case keys re-wrapped under the key-wrapping key: ${rewrapped}`);
      recoverIdempotencyKeys(new IdempotencyAnswers(opened, openedVault), now());
    } catch (error) {
      opened.close();
      throw error;
    }
    return opened;
  });
  // The clock of every repository of this connection (audit times): the service's.
  repositoriesOf(db, now);
  const vault = new CaseVault(db, config.secrets.dataMasterKey);
  const answers = new IdempotencyAnswers(db, vault, now);
  const provider = createServiceProvider(config.rpcUrl, manifest.chainId, config.rpcTimeoutMs);
  const cleanup: (() => Promise<void> | void)[] = [() => provider.destroy(), () => db.close()];
  try {
    const deployment = new DeploymentGuard({ provider, manifest, db, rpcUrl: config.rpcUrl, logger, now });
    // Before anything reads the chain: a chain that lost the deployment stops the start with a message
    // naming URL and address (it used to fail later with a decode error of empty return data).
    const atStart = await deployment.verifyAtStart();
    if (atStart.chain === "unreachable")
      logger.warn({ rpcUrl: config.rpcUrl, detail: atStart.detail }, "the chain is unreachable at start");
    // Receipts are polled at the chain's pace (common/src/polling.ts); an unreachable chain cannot be measured.
    const pollMs = await applyPollingInterval(
      provider,
      atStart.chain === "unreachable" ? (config.pollMs ?? DEFAULT_POLL_MS) : config.pollMs,
    );
    log(`waiting for receipts: polling every ${pollMs} ms, ${config.confirmations} confirmation(s)`);
    deployment.start(config.deploymentCheckMs);
    cleanup.unshift(() => deployment.stop());
    const keys = await openDataFile(join(config.dataDir, "veramo.sqlite"), () =>
      createKeyServices({
        dataDir: config.dataDir,
        kmsSecretKey: config.secrets.kmsSecretKey,
        manifest,
        rpcUrl: config.rpcUrl,
        provider,
      }),
    );
    cleanup.unshift(() => keys.close());
    const ledger = new Ledger(provider, manifest, {
      blockTimeReuseMs: config.blockTimeReuseMs,
      receiptTimeoutMs: config.receiptTimeoutMs,
      confirmations: config.confirmations,
      now,
      deployment,
    });
    const apiKeys = new ApiKeys(db, now);
    const identities = new Identities(db, keys, ledger, apiKeys, now);
    await identities.attachAccounts();
    const cases = new Cases(db, vault, ledger, new LicenceStatusCache(config.licenceCacheMs, now), answers, now);
    await cases.reconcileOpening().then(
      (settled) =>
        settled.opened + settled.discarded > 0 &&
        log(`cases left opening: ${settled.opened} opened, ${settled.discarded} discarded`),
      (error: Error) => log(`cases left opening stay so until the chain answers: ${error.message}`),
    );
    let baseUrl = config.publicUrl?.replace(/\/$/, "") ?? "";
    const commits = new GroupCommit(db);
    const statusLists = new StatusLists({
      store: repositoriesOf(db),
      chain: ledgerLicenceReads(ledger),
      kms: keys.kms,
      principal: (id) => identities.byId(id),
      baseUrl: () => baseUrl,
      now,
    });
    const vctBaseUrl = config.vctBaseUrl?.replace(/\/$/, "");
    const issuer = new CredentialIssuer({
      db,
      vault,
      ledger,
      kms: keys.kms,
      cases,
      identities,
      schemaBaseUrl: () => baseUrl,
      vctBaseUrl: () => vctBaseUrl ?? baseUrl,
      statusLists,
      now,
      commits,
    });
    const outbox = new AnchoringOutbox(db, ledger, {
      batchSize: config.batch.size,
      intervalMs: config.batch.intervalMs,
      maxBackoffMs: config.batch.maxBackoffMs,
      logger,
      deployment,
      now,
    });
    const pickup = new Pickup({
      db,
      cases,
      issuer,
      identities,
      issuerUrl: () => baseUrl,
      codeTtlSeconds: config.pickup.codeTtlSeconds,
      tokenTtlSeconds: config.pickup.tokenTtlSeconds,
      maxFailedAttempts: config.pickup.maxFailedAttempts,
      codeHash: (code) => vault.keyedHash("pickup-code", code),
      now,
    });
    const context: ServiceContext = {
      config,
      db,
      store: repositoriesOf(db),
      answers,
      ledger,
      keys,
      identities,
      apiKeys,
      cases,
      issuer,
      outbox,
      pickup,
      statusLists,
      deployment,
      logger,
      now,
      baseUrl: () => baseUrl,
      vct: (type) => vctUrl(vctBaseUrl ?? baseUrl, type),
      log,
    };

    const apiKeyByRole: Record<string, string> = {};
    const principals: Record<string, Principal> = {};
    const provisioned = await Promise.all(
      (options.provision ?? []).map((request) =>
        identities.provision({
          kind: request.kind,
          name: request.displayName ?? request.name,
          privateKeyHex: request.privateKey,
          jurisdiction: request.jurisdiction,
        }),
      ),
    );
    // Each start makes fresh keys for the principals it provisions (keys are stored hashed, so the last
    // start's cannot be shown again) and revokes the previous start's: keys do not pile up run after run.
    (options.provision ?? []).forEach((request, index) => {
      const { principal } = expectPresent(provisioned[index], `provisioned principal ${request.name}`);
      apiKeyByRole[request.name] = provisionedKey(apiKeys, principal);
      principals[request.name] = principal;
    });

    // Before the first request: issuance then names each key's DID document version even if the chain drops.
    await issuer.learnKidVersions();

    const inFlight = new InFlightRequests();
    const handler = inFlight.track(withCertificateDownload(createApp(context), tls?.caPem));
    const server: Server = tls ? createTlsServer({ cert: tls.cert, key: tls.key }, handler) : createServer(handler);
    server.requestTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    const host = config.publicHost ?? address.address;
    const url = `${tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
    if (!baseUrl) baseUrl = url;
    if (!options.manualAnchoring) outbox.start();
    // Runs first on stop: drain HTTP, then let the outbox finish its step; keys, provider, db close after.
    cleanup.unshift(async () => {
      const destroyed = await inFlight.drain(server, config.shutdownGraceMs);
      if (destroyed > 0)
        log(`stop: ${destroyed} request(s) still running after ${config.shutdownGraceMs} ms, connections closed`);
      await outbox.stop();
    });
    log(`issuer service listening on ${url}`);

    let stopping: Promise<void> | undefined;
    return {
      url,
      apiKeys: apiKeyByRole,
      principals,
      context,
      inFlightRequests: () => inFlight.size,
      stop() {
        stopping ??= (async () => {
          for (const step of cleanup) await step();
        })();
        return stopping;
      },
    };
  } catch (error) {
    for (const step of cleanup) await Promise.resolve(step()).catch(() => undefined);
    throw error;
  }
}

/** Label of the keys made at each start for the principals in `StartOptions.provision`. */
export const START_UP_KEY_LABEL = "start-up provisioning";

function provisionedKey(apiKeys: ApiKeys, principal: Principal): string {
  apiKeys.revokeLabelled(principal.id, START_UP_KEY_LABEL, "system", principal.did);
  return apiKeys.create({
    principalId: principal.id,
    label: START_UP_KEY_LABEL,
    actor: "system",
    subject: principal.did,
  }).apiKey;
}
