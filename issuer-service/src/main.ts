/**
 * Runs the issuer service from FAIRLEDGER_* environment variables: `tsx issuer-service/src/main.ts`.
 * A bad or missing setting stops it with a message naming the setting; a start-up failure (data
 * directory not writable or full, a chain that lost the deployment) with one naming cause and path.
 * The structured log (pino, JSON lines) goes to stdout at FAIRLEDGER_LOG_LEVEL (default info).
 */
import { configFromEnv, type IssuerConfig } from "./config.ts";
import { startIssuerService } from "./service.ts";
import { createLogger } from "./logging.ts";

let config: IssuerConfig;
try {
  config = configFromEnv(process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const logger = createLogger({ level: config.logLevel });
// A defect that escaped every handler: say what it was before the process ends.
process.on("uncaughtException", (error) => {
  logger.fatal({ err: error }, "uncaught exception: stopping");
  process.exit(70);
});
process.on("unhandledRejection", (error) => {
  logger.fatal({ err: error }, "unhandled rejection: stopping");
  process.exit(70);
});

// Every file this process writes (databases, key store, anything a library adds) is private to its user.
process.umask(0o077);
try {
  const service = await startIssuerService(config, { logger });
  console.log(`FairLedger issuer service at ${service.url}`);
  const shutdown = () => void service.stop().then(() => process.exit(0));
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
} catch (error) {
  logger.fatal({ err: error }, "start-up failed");
  console.error((error as Error).message);
  process.exit(1);
}
