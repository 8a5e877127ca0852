/**
 * `npm start`: the whole FairLedger stack on embedded defaults, for a newcomer.
 *
 * Starts a local Hardhat node on 127.0.0.1, deploys FairLedger and the DID registry, seeds a demo
 * corridor (PH→SA, both authorities approve a zero-fee policy; a licensed agency; an employer), builds the
 * wallet page, starts the issuer service on SQLite, opens a first recruitment case with a contract signed by
 * employer and agency, and prints the URLs, the demo API keys and a pickup code for the first credential.
 * Ctrl-C stops everything it started.
 *
 * The local chain lives in memory, so every start is a fresh demo: the data directory (marked as a demo
 * directory) is emptied first — never while the stack that owns it still runs (its pid is in stack.lock), and
 * only after both ports were found free, so a second start refuses without touching the first.
 * Options: --rpc-port, --api-port, --host, --data-dir, --log-level (or FAIRLEDGER_RPC_PORT, FAIRLEDGER_API_PORT,
 * FAIRLEDGER_HOST, FAIRLEDGER_DATA_DIR, FAIRLEDGER_LOG_LEVEL; default warn: internal errors and chain outages
 * are shown, routine lines are not).
 *
 * For a phone on the same network: `--host 0.0.0.0 --https` (FAIRLEDGER_HTTPS=1). The wallet needs WebCrypto,
 * which browsers give only to secure contexts, so over plain http on a LAN address it cannot make its key.
 * --https serves TLS with a certificate made on this machine (scripts/lib/dev-tls.mts) and kept in --tls-dir
 * (FAIRLEDGER_TLS_DIR, default .data/tls, outside the demo directory that is emptied at each start); --tls-name
 * (repeatable or comma-separated; FAIRLEDGER_TLS_NAMES) adds names to it, and the first one is the address the
 * wallet is opened by (otherwise the first LAN IPv4 address).
 */
import { parseArgs } from "node:util";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer, isIP } from "node:net";
import { randomBytes } from "node:crypto";
import { isAbsolute, join, relative, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { startDemoLedger, type DemoLedger } from "./lib/demo-ledger.mts";
import { startIssuerService, type IssuerService } from "@fairledger/issuer-service/service";
import { demoProvisioning } from "./lib/demo-provisioning.mts";
import { createLogger, LOG_LEVELS, type LogLevel } from "@fairledger/issuer-service/logging";
import { securePrivateDir, writePrivateFile } from "@fairledger/issuer-service/store/data-dir";
import { IssuerClient } from "./lib/issuer-client.mts";
import { ensureDevTls, lanAddresses, localTlsNames, type DevTls } from "./lib/dev-tls.mts";
import { fetchTrusting } from "./lib/pinned-fetch.mts";
import {
  createOffer,
  DEMO_TERMS,
  DEMO_WORKER,
  demoContractDocument,
  openCaseWithSignedContract,
} from "./lib/demo-story.mts";

const ROOT = resolve(import.meta.dirname, "..");
const DEMO_MARKER = ".fairledger-demo";
/** Holds the pid of the `npm start` that owns the data directory while it runs. */
const LOCK_FILE = "stack.lock";

class UsageError extends Error {}

function parsePort(value: string, name: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`${name} must be a port number 1–65535, got "${value}"`);
  return port;
}

function parseLogLevel(value: string): LogLevel {
  if (!(LOG_LEVELS as readonly string[]).includes(value))
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(", ")}, got "${value}"`);
  return value as LogLevel;
}

function readOptions() {
  const { values } = parseArgs({
    options: {
      "rpc-port": { type: "string", default: process.env.FAIRLEDGER_RPC_PORT ?? "8545" },
      "api-port": { type: "string", default: process.env.FAIRLEDGER_API_PORT ?? "8080" },
      host: { type: "string", default: process.env.FAIRLEDGER_HOST ?? "127.0.0.1" },
      "data-dir": { type: "string", default: process.env.FAIRLEDGER_DATA_DIR ?? join(ROOT, ".data", "demo") },
      "log-level": { type: "string", default: process.env.FAIRLEDGER_LOG_LEVEL ?? "warn" },
      https: { type: "boolean", default: ["1", "true"].includes(process.env.FAIRLEDGER_HTTPS ?? "") },
      "tls-name": { type: "string", multiple: true, default: (process.env.FAIRLEDGER_TLS_NAMES ?? "").split(",") },
      "tls-dir": { type: "string", default: process.env.FAIRLEDGER_TLS_DIR ?? join(ROOT, ".data", "tls") },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  const tlsNames = values["tls-name"]
    .flatMap((list) => list.split(","))
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of tlsNames) {
    if (
      isIP(name) === 0 &&
      !/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(name)
    ) {
      throw new UsageError(`--tls-name must be a host name or an IP address, got "${name}"`);
    }
  }
  const dataDir = resolve(values["data-dir"]);
  const tlsDir = resolve(values["tls-dir"]);
  const tlsFromData = relative(dataDir, tlsDir);
  if (!tlsFromData.startsWith("..") && !isAbsolute(tlsFromData)) {
    throw new UsageError(
      `--tls-dir ${tlsDir} is inside --data-dir, which is emptied at every start: choose a folder outside it`,
    );
  }
  return {
    https: values.https,
    tlsNames,
    tlsDir,
    rpcPort: parsePort(values["rpc-port"], "--rpc-port"),
    apiPort: parsePort(values["api-port"], "--api-port"),
    host: values.host,
    dataDir: resolve(values["data-dir"]),
    logLevel: parseLogLevel(values["log-level"]),
    help: values.help,
  };
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user; it is alive all the same.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Refuses a data directory whose lock names a process that still runs: that stack's data must survive. */
function refuseDataDirOfRunningStack(dataDir: string): void {
  const lockPath = join(dataDir, LOCK_FILE);
  if (!existsSync(lockPath)) return;
  const pid = Number(readFileSync(lockPath, "utf8").trim());
  if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processIsAlive(pid)) {
    throw new UsageError(
      `${dataDir} belongs to a FairLedger stack that is still running (pid ${pid}, see ${lockPath}): ` +
        "stop it with Ctrl-C, or start another stack with --data-dir <another directory> and other ports",
    );
  }
}

/** Resolves when nothing listens on host:port; refuses, naming the port and the option that changes it. */
function assertPortFree(host: string, port: number, option: string): Promise<void> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === "EADDRINUSE" ? "is already in use" : `cannot be used (${error.code ?? error.message})`;
      reject(new UsageError(`port ${port} on ${host} ${reason}: choose another with ${option} <port>`));
    });
    probe.listen(port, host, () => probe.close(() => resolvePort()));
  });
}

/** Empties a previous demo's data directory; refuses to touch a directory that is not one. */
function prepareDataDir(dataDir: string): void {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    if (!existsSync(join(dataDir, DEMO_MARKER))) {
      throw new UsageError(`${dataDir} is not empty and is not a FairLedger demo directory: choose another --data-dir`);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
  // 0700, files 0600: it will hold the demo's API keys (stack.json) and the service's databases.
  securePrivateDir(dataDir);
  writePrivateFile(
    join(dataDir, DEMO_MARKER),
    "This directory holds a FairLedger `npm start` demo; it is emptied at every start.\n",
  );
  writePrivateFile(join(dataDir, LOCK_FILE), `${process.pid}\n`);
}

function releaseDataDir(dataDir: string): void {
  const lockPath = join(dataDir, LOCK_FILE);
  if (existsSync(lockPath) && readFileSync(lockPath, "utf8").trim() === String(process.pid))
    rmSync(lockPath, { force: true });
}

/** Listen addresses only this machine reaches. */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);
/** Listen addresses that name no host a client can open. */
const WILDCARD_HOSTS = new Set(["0.0.0.0", "::", "[::]"]);

/**
 * The host a phone opens the wallet by, when the stack listens on every interface: the first --tls-name,
 * else this machine's first LAN IPv4 address. It is also the issuer URL pickup proofs are addressed to, so a
 * pickup works from that one address (the certificate names the others; --tls-name <address> picks another).
 */
function publicHostFor(host: string, tlsNames: string[]): string | undefined {
  if (!WILDCARD_HOSTS.has(host)) return undefined;
  const lan = lanAddresses();
  return tlsNames[0] ?? lan.find((address) => isIP(address) === 4) ?? lan[0] ?? "127.0.0.1";
}

function tlsLines(
  tls: DevTls,
  tlsDir: string,
  walletUrl: string,
  otherUrls: string[],
  loopbackOnly: boolean,
): string[] {
  const made = {
    nothing: "kept from an earlier start",
    server: "server certificate made now",
    "ca-and-server": "made now",
  }[tls.made];
  return [
    `  HTTPS with a certificate made on this machine (${made}; ${tlsDir})`,
    `    open on the phone  ${walletUrl}`,
    ...(loopbackOnly
      ? [
          `    (this stack listens on ${new URL(walletUrl).hostname} only: for a phone, start with --host 0.0.0.0 --https)`,
        ]
      : []),
    ...otherUrls.map((url, index) => `    ${index === 0 ? "also named" : "          "}         ${url}`),
    `    CA certificate     ${tls.caCertFile}  (download: ${new URL("/tls/ca.crt", walletUrl).href})`,
    `    CA SHA-256         ${tls.caFingerprint256}`,
    `    server SHA-256     ${tls.fingerprint256}`,
    "    a phone trusts it once it installs the CA certificate and its SHA-256 matches the line above",
  ];
}

function buildWallet(): string {
  const result = spawnSync(process.execPath, [join(ROOT, "wallet", "build.mjs")], {
    cwd: join(ROOT, "wallet"),
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error("building the wallet page failed");
  return join(ROOT, "wallet", "dist");
}

/** One readable line: ethers errors carry the whole transaction in `message`, `shortMessage` is enough. */
function describeError(error: unknown): string {
  if (error && typeof error === "object" && "shortMessage" in error)
    return String((error as { shortMessage: unknown }).shortMessage);
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<void> {
  // Whatever this process writes (the service's files, stack.json, anything a library adds) is private.
  process.umask(0o077);
  const options = readOptions();
  if (options.help) {
    console.log(
      "usage: npm start -- [--rpc-port 8545] [--api-port 8080] [--host 127.0.0.1] [--data-dir .data/demo] [--log-level warn]\n" +
        "                    [--https] [--tls-name <host name or address>]... [--tls-dir .data/tls]",
    );
    return;
  }
  // Everything that can refuse runs before anything is touched: a second `npm start` leaves the first intact.
  refuseDataDirOfRunningStack(options.dataDir);
  await assertPortFree("127.0.0.1", options.rpcPort, "--rpc-port");
  await assertPortFree(options.host, options.apiPort, "--api-port");
  const publicHost = publicHostFor(options.host, options.tlsNames);
  const tls = options.https ? await ensureDevTls(options.tlsDir, localTlsNames(options.tlsNames)) : undefined;
  prepareDataDir(options.dataDir);
  let ledger: DemoLedger | undefined;
  let service: IssuerService | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("\nstopping FairLedger…");
    await service?.stop().catch((error: unknown) => console.error(`issuer service: ${(error as Error).message}`));
    await ledger?.stop().catch((error: unknown) => console.error(`chain: ${(error as Error).message}`));
    releaseDataDir(options.dataDir);
    console.log("stopped.");
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  try {
    // The chain is the stack's private back end: it listens on loopback whatever --host says.
    console.log(`starting a local chain on 127.0.0.1:${options.rpcPort} …`);
    ledger = await startDemoLedger({
      port: options.rpcPort,
      manifestPath: join(ROOT, "deployments", "localhost.json"),
    });
    console.log(`contracts deployed; demo consortium seeded (manifest ${ledger.manifestPath})`);
    const walletDir = buildWallet();
    service = await startIssuerService(
      {
        host: options.host,
        port: options.apiPort,
        dataDir: options.dataDir,
        rpcUrl: ledger.chain.rpcUrl,
        manifestPath: ledger.manifestPath,
        batch: { size: 32, intervalMs: 1_000 },
        secrets: { kmsSecretKey: randomBytes(32).toString("hex"), dataMasterKey: randomBytes(32).toString("hex") },
        walletDir,
        publicHost,
        tls: tls && { certFile: tls.certFile, keyFile: tls.keyFile, caFile: tls.caCertFile },
      },
      // Internal errors, and the chain going away or coming back, are shown (JSON lines, pino).
      { provision: demoProvisioning(ledger.demo.accounts), logger: createLogger({ level: options.logLevel }) },
    );
    // This script talks to its own service over loopback when it listens everywhere; the certificate names 127.0.0.1.
    const localUrl = publicHost ? `${tls ? "https" : "http"}://127.0.0.1:${new URL(service.url).port}` : service.url;
    const agency = new IssuerClient(
      localUrl,
      service.apiKeys.agency,
      tls ? fetchTrusting(readFileSync(tls.caCertFile, "utf8")) : fetch,
    );
    const firstCase = await openCaseWithSignedContract(agency, ledger.demo.accounts.employer.privateKey, {
      corridor: "PH-SA",
      worker: DEMO_WORKER,
      terms: DEMO_TERMS,
      document: demoContractDocument(DEMO_TERMS, DEMO_WORKER),
    });
    const offer = await createOffer(agency, firstCase.id, "EmploymentContractCredential");
    const stack = {
      rpcUrl: ledger.chain.rpcUrl,
      apiUrl: service.url,
      walletUrl: `${service.url}/wallet/`,
      manifestPath: ledger.manifestPath,
      dataDir: options.dataDir,
      ...(tls ? { tls: { caCertFile: tls.caCertFile, caFingerprint256: tls.caFingerprint256 } } : {}),
      apiKeys: service.apiKeys,
      firstCase: { id: firstCase.id, caseCommitment: firstCase.caseCommitment },
      pid: process.pid,
    };
    // Holds the API keys in clear (for `npm run demo`): readable by the user who started the stack only.
    writePrivateFile(join(options.dataDir, "stack.json"), JSON.stringify(stack, null, 2) + "\n");

    const keyLines = Object.entries(service.apiKeys).map(([name, key]) => `    ${name.padEnd(17)} ${key}`);
    const port = new URL(service.url).port;
    const urlOf = (address: string) =>
      `${tls ? "https" : "http"}://${isIP(address) === 6 ? `[${address}]` : address}:${port}/wallet/`;
    const otherUrls = publicHost
      ? [...new Set([...options.tlsNames, ...lanAddresses()])].filter((name) => name !== publicHost).map(urlOf)
      : [];
    const insecureLan =
      publicHost && !tls
        ? [
            "  plain HTTP on a LAN address: a phone's browser opens the wallet but cannot make its key (no secure context).",
            "  restart with --https to use it from a phone.",
          ]
        : [];
    const phoneLines = tls
      ? tlsLines(tls, options.tlsDir, `${service.url}/wallet/`, otherUrls, LOOPBACK_HOSTS.has(options.host))
      : insecureLan;
    console.log(
      [
        "",
        "FairLedger is running.",
        `  chain (JSON-RPC)   ${ledger.chain.rpcUrl}   chain id ${ledger.chain.chainId}`,
        `  issuer API         ${service.url}`,
        `  OpenAPI            ${service.url}/openapi.json`,
        `  worker wallet      ${service.url}/wallet/`,
        `  check an agency    ${service.url}/agencies/`,
        `  border desk        ${service.url}/verify/`,
        `  authority console  ${service.url}/console/`,
        `  inspector audits   ${service.url}/inspect/`,
        `  manifest           ${ledger.manifestPath}`,
        `  data directory     ${options.dataDir}`,
        "",
        "  demo API keys (send as header X-API-Key: <key>):",
        ...keyLines,
        "",
        `  first case ${firstCase.id}: contract signed by employer and agency, anchored on chain.`,
        `  pickup code for the worker's employment contract credential: ${offer.preAuthorizedCode}`,
        `  (expires ${offer.expiresAt}; open the wallet, choose "Pick up", enter the code)`,
        "",
        ...(phoneLines.length > 0 ? [...phoneLines, ""] : []),
        "  run the whole story in another terminal: npm run demo",
        "  press Ctrl-C to stop.",
      ].join("\n"),
    );
  } catch (error) {
    console.error(`npm start failed: ${describeError(error)}`);
    await stop(1);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `usage error: ${error.message}` : (error as Error).message);
  process.exit(error instanceof UsageError ? 64 : 1);
});
