/**
 * Runs the issuer service from FAIRLEDGER_* environment variables: `tsx issuer-service/src/main.ts`.
 * A bad or missing setting stops it with a message naming the setting.
 */
import { configFromEnv } from "./config.ts";
import { startIssuerService } from "./service.ts";

// Every file this process writes (databases, key store, anything a library adds) is private to its user.
process.umask(0o077);
try {
  const service = await startIssuerService(configFromEnv(process.env), { log: (line) => console.log(line) });
  console.log(`FairLedger issuer service at ${service.url}`);
  const shutdown = () => void service.stop().then(() => process.exit(0));
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
