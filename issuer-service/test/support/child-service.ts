/**
 * The issuer service in a child process, for kill -9 tests: config JSON in FAIRLEDGER_TEST_CONFIG, demo
 * accounts in FAIRLEDGER_TEST_ACCOUNTS; prints one JSON line { url, apiKeys } when ready.
 */
import { startIssuerService } from "../../src/service.ts";
import { demoProvisioning } from "../../../scripts/lib/demo-provisioning.mts";

const config = JSON.parse(process.env.FAIRLEDGER_TEST_CONFIG!) as Record<string, unknown>;
const accounts = JSON.parse(process.env.FAIRLEDGER_TEST_ACCOUNTS!) as Record<string, { privateKey: string }>;
const service = await startIssuerService(config, { provision: demoProvisioning(accounts) });
process.stdout.write(`${JSON.stringify({ url: service.url, apiKeys: service.apiKeys })}\n`);
process.on("SIGTERM", () => void service.stop().then(() => process.exit(0)));
