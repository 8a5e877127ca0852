/**
 * `fairledger`: verify FairLedger credentials and presentations, issue presentation requests, take trust
 * snapshots for offline border posts, and audit recruitment fees. Maps errors to exit codes; never prints
 * a stack trace for bad input (set FAIRLEDGER_DEBUG=1 to see one for an internal error).
 */
import { Command, CommanderError, Option } from "commander";
import { isVerifierError } from "@fairledger/verifier";
import { EXIT, EXIT_CODES_HELP } from "./exit-codes.ts";

// Commands are loaded when run: `--help` and `request` start without loading ethers and the resolvers.
const DEFAULT_RPC = "http://127.0.0.1:8545";
const DEFAULT_DEPLOYMENT = "deployments/localhost.json";

let exitCode: number = EXIT.valid;

function chainOptions(command: Command): Command {
  return command
    .option("--rpc <url>", `consortium JSON-RPC endpoint (env FAIRLEDGER_RPC; default ${DEFAULT_RPC})`)
    .option("--deployment <manifest>", "deployment manifest", DEFAULT_DEPLOYMENT);
}

const program = new Command()
  .name("fairledger")
  .description("Verify FairLedger recruitment credentials against the consortium ledger.")
  .addHelpText("after", EXIT_CODES_HELP)
  .exitOverride()
  .showHelpAfterError("(run fairledger --help for usage)");

chainOptions(
  program
    .command("verify")
    .description(
      "verify credentials or presentations: SD-JWT VC (+ key binding), VC-JWT, VP-JWT; text, JSON, envelope or QR PNG files",
    )
    .argument(
      "[inputs...]",
      'files to verify ("-" = stdin); an offline QR (FL1:) image or text; several QR images of one presentation\'s parts (FL1/i/n/hash, any order; or the older FLP1:i/n) are joined',
    )
    .option("--aud <id>", "your verifier id: a presentation must be addressed to it (required for presentations)")
    .option("--nonce <nonce>", "the nonce of your presentation request (required for presentations)")
    .option("--require <claims>", "comma-separated claims that must be disclosed")
    .option("--at <time>", "verify as at this time (ISO 8601 or unix seconds; default now)")
    .option("--contract <document>", "contract document you hold: checks it is the anchored, latest contract")
    .option("--offline", "verify against a trust snapshot instead of the chain")
    .option("--snapshot <file>", "trust snapshot file (with --offline)")
    .option("--max-snapshot-age <duration>", "refuse a snapshot older than this (e.g. 3600, 90m, 24h, 7d)", "24h")
    .option("--json", "print the result as JSON (with --batch: JSON Lines, one result per presentation)")
    .option(
      "--data-dir <dir>",
      "where this verifier remembers the nonces it accepted, so a presentation verifies once (env FAIRLEDGER_VERIFIER_DATA_DIR; default ~/.fairledger/verifier)",
    )
    .option(
      "--batch <file>",
      'verify a JSON Lines file ("-" = stdin), one presentation per line with the nonce of its request: {"id":…,"nonce":…,"presentation":…}',
    )
    .addHelpText("after", EXIT_CODES_HELP),
).action(async (inputs: string[], options) => {
  const { verifyCommand } = await import("./commands/verify-command.ts");
  exitCode = await verifyCommand(inputs, options);
});

program
  .command("request")
  .description("print a presentation request (FairLedgerPresentationRequest) with a fresh nonce")
  .requiredOption("--aud <id>", "your verifier id (the presentation will be addressed to it)")
  .addOption(new Option("--type <credentialType>", "credential type wanted").default("EmploymentContractCredential"))
  .option("--claims <claims>", "comma-separated claims wanted (default: the type's purpose claims)")
  .option("--qr <png>", "also write the request as a QR code PNG")
  .addHelpText("after", EXIT_CODES_HELP)
  .action(async (options) => {
    const { requestCommand } = await import("./commands/request-command.ts");
    exitCode = await requestCommand(options);
  });

chainOptions(
  program
    .command("snapshot")
    .description(
      "export a trust snapshot (licences with history, batch roots and statuses, revocations, DID keys) at a named block",
    )
    .requiredOption("--out <file>", "where to write the snapshot")
    .option("--block <number>", "block to take the snapshot at (default latest)")
    .addHelpText("after", EXIT_CODES_HELP),
).action(async (options) => {
  const { snapshotCommand } = await import("./commands/snapshot-command.ts");
  exitCode = await snapshotCommand(options);
});

chainOptions(
  program
    .command("audit-fees")
    .description(
      "audit an agency or corridor: each case open, overdue, closed clean, closed in breach or over cap; totals; receipts vs anchored roots",
    )
    .option("--agency <did|address>", "agency to audit")
    .option("--corridor <XX-YY>", "corridor to audit, e.g. PH-SA")
    .option("--from <time>", "cases opened at or after (ISO 8601 or unix seconds)")
    .option("--to <time>", "cases opened at or before")
    .option(
      "--receipts <dir>",
      "directory of receipt files, each <name> with its salt in <name>.salt, to check against the anchored receipt commitments",
    )
    .option(
      "--contract-starts <file>",
      "lines <caseCommitment>,<YYYY-MM-DD> (only the contract's hash is on chain): open cases past their start are overdue",
    )
    .option("--json", "print JSON")
    .option("--csv", "print CSV")
    .addHelpText("after", EXIT_CODES_HELP),
).action(async (options) => {
  const { auditCommand } = await import("./commands/audit-command.ts");
  exitCode = await auditCommand(options);
});

async function main(): Promise<number> {
  try {
    await program.parseAsync(process.argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.version" ||
        error.code === "commander.help"
      )
        return EXIT.valid;
      return EXIT.usage;
    }
    if (isVerifierError(error)) {
      process.stderr.write(`fairledger: ${error.message}\n`);
      if (error.code === "ERR_USAGE") return EXIT.usage;
      if (error.code === "ERR_AUDIT_SCOPE_UNKNOWN") return EXIT.unknownScope;
      if (error.code === "ERR_INPUT_UNREADABLE") return EXIT.invalid;
      return EXIT.cannotVerify;
    }
    process.stderr.write(`fairledger: cannot verify: ${(error as Error)?.message ?? String(error)}\n`);
    if (process.env.FAIRLEDGER_DEBUG) process.stderr.write(`${(error as Error)?.stack}\n`);
    return EXIT.cannotVerify;
  }
}

process.exitCode = await main();
