/**
 * Starts the issuer service once in a child process (config JSON in FAIRLEDGER_TEST_CONFIG) and prints
 * one JSON line: { started: true } (then stops it) or { error, code, path } — for start-up failure
 * tests that must run without root's privileges (the test spawns it as `nobody` when it runs as root).
 */
import { startIssuerService } from "../../src/service.ts";

const config = JSON.parse(process.env.FAIRLEDGER_TEST_CONFIG!) as Record<string, unknown>;
try {
  const service = await startIssuerService(config);
  await service.stop();
  process.stdout.write(`${JSON.stringify({ started: true })}\n`);
} catch (error) {
  const { message, code, path } = error as { message: string; code?: string; path?: string };
  process.stdout.write(`${JSON.stringify({ error: message, code, path })}\n`);
}
