/**
 * `fairledger-admin`: what the API cannot do before a first key exists, and for operators who prefer a
 * terminal. A thin shell over the admin modules; a refusal prints one line and exits 1.
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { FairLedgerError } from "@fairledger/common";
import { adminConfig, AdminError } from "./settings.ts";
import { initDeployment } from "./init.ts";
import { bootstrapAuthority } from "./bootstrap-authority.ts";
import { doctor } from "./doctor.ts";
import { openWorkspace } from "./workspace.ts";
import { effectiveConfig } from "./show-config.ts";
import { registerAuthorityOnChain, setInspectorOnChain } from "./register-authority.ts";
import { storedPrincipals } from "../keys/identities.ts";

const out = (line: string) => process.stdout.write(`${line}\n`);

export function adminProgram(): Command {
  const program = new Command("fairledger-admin")
    .description("FairLedger issuer service administration")
    .showHelpAfterError();
  const dataDirOption = ["--data-dir <dir>", "the service's data directory (default: FAIRLEDGER_DATA_DIR)"] as const;

  program
    .command("init")
    .description("create a data directory with fresh secrets and settings (service.env) for a deployment manifest")
    .requiredOption(...dataDirOption)
    .requiredOption("--manifest <file>", "deployment manifest (deployments/<network>.json)")
    .requiredOption("--rpc-url <url>", "the chain's JSON-RPC URL")
    .option("--port <port>", "the API port", (value) => Number(value))
    .action((options: { dataDir: string; manifest: string; rpcUrl: string; port?: number }) => {
      const file = initDeployment(options);
      out(`initialised ${options.dataDir}: settings and secrets in ${file} (mode 0600; back it up, keep it private)`);
    });

  program
    .command("register-authority")
    .description("as the consortium admin, register an authority account for its jurisdiction on chain")
    .option(...dataDirOption)
    .requiredOption("--jurisdiction <code>", "ISO 3166-1 alpha-2 code, e.g. PH")
    .requiredOption("--account <address>", "the authority's chain account")
    .requiredOption(
      "--admin-key-file <file>",
      "file holding the consortium admin's private key (used once, not stored)",
    )
    .action(async (options: { dataDir?: string; jurisdiction: string; account: string; adminKeyFile: string }) => {
      const result = await registerAuthorityOnChain(adminConfig(options.dataDir), {
        ...options,
        adminPrivateKey: readFileSync(options.adminKeyFile, "utf8"),
      });
      out(
        result.already
          ? `${options.account} is already the authority of ${options.jurisdiction}`
          : `registered ${options.account} as authority of ${options.jurisdiction} (tx ${result.txHash})`,
      );
    });

  for (const grant of [true, false]) {
    program
      .command(grant ? "grant-inspector" : "revoke-inspector")
      .description(
        grant
          ? "as the consortium admin, grant an inspector's account the INSPECTOR_ROLE on chain (to flag cases)"
          : "as the consortium admin, revoke an inspector's INSPECTOR_ROLE on chain",
      )
      .option(...dataDirOption)
      .requiredOption("--account <address>", "the inspector's chain account")
      .requiredOption(
        "--admin-key-file <file>",
        "file holding the consortium admin's private key (used once, not stored)",
      )
      .action(async (options: { dataDir?: string; account: string; adminKeyFile: string }) => {
        const result = await setInspectorOnChain(adminConfig(options.dataDir), {
          account: options.account,
          adminPrivateKey: readFileSync(options.adminKeyFile, "utf8"),
          grant,
        });
        const state = grant ? "holds" : "does not hold";
        out(
          result.already
            ? `${options.account} already ${state} the INSPECTOR_ROLE`
            : `${grant ? "granted" : "revoked"} the INSPECTOR_ROLE ${grant ? "to" : "of"} ${options.account} (tx ${result.txHash})`,
        );
      });
  }

  program
    .command("bootstrap-authority")
    .description(
      "create an authority principal (registered on chain for its jurisdiction) and print its first API key once",
    )
    .option(...dataDirOption)
    .requiredOption("--jurisdiction <code>", "ISO 3166-1 alpha-2 code, e.g. PH")
    .requiredOption("--account <address>", "the authority's chain account")
    .option(
      "--private-key-file <file>",
      "file holding the account's private key (default: FAIRLEDGER_AUTHORITY_PRIVATE_KEY)",
    )
    .option("--name <name>", "display name")
    .action(
      async (options: {
        dataDir?: string;
        jurisdiction: string;
        account: string;
        privateKeyFile?: string;
        name?: string;
      }) => {
        const privateKey = options.privateKeyFile
          ? readFileSync(options.privateKeyFile, "utf8")
          : process.env.FAIRLEDGER_AUTHORITY_PRIVATE_KEY;
        if (!privateKey)
          throw new AdminError(
            "give --private-key-file or FAIRLEDGER_AUTHORITY_PRIVATE_KEY: the service signs the authority's transactions",
          );
        const { principal, key } = await bootstrapAuthority(adminConfig(options.dataDir), { ...options, privateKey });
        out(`authority ${principal.name} (${principal.jurisdiction}) principal ${principal.id}, ${principal.did}`);
        out(`API key (shown once, store it now): ${key.apiKey}`);
      },
    );

  const keys = program.command("keys").description("API keys of the principals");
  keys
    .command("list")
    .description("every key's metadata (never a key); records expiries that have passed")
    .option(...dataDirOption)
    .option("--principal <id>", "only this principal's keys")
    .action((options: { dataDir?: string; principal?: string }) => {
      const workspace = openWorkspace(adminConfig(options.dataDir));
      try {
        const dids = new Map(storedPrincipals(workspace.db).map((principal) => [principal.id, principal]));
        workspace.apiKeys.recordExpiries((id) => dids.get(id)?.did ?? id);
        for (const key of workspace.apiKeys.list(options.principal))
          out(
            [
              key.id,
              key.status,
              dids.get(key.principalId)?.name ?? key.principalId,
              JSON.stringify(key.label),
              `created ${key.createdAt}`,
              `expires ${key.expiresAt ?? "never"}`,
              `last used ${key.lastUsedAt ?? "never"}`,
            ].join("  "),
          );
      } finally {
        void workspace.close();
      }
    });
  keys
    .command("revoke <keyId>")
    .description("revoke a key now")
    .option(...dataDirOption)
    .action((keyId: string, options: { dataDir?: string }) => {
      const workspace = openWorkspace(adminConfig(options.dataDir));
      try {
        const principalId = workspace.apiKeys.ownerOf(keyId);
        if (!principalId) throw new AdminError(`no key ${keyId}`);
        const owner = storedPrincipals(workspace.db).find((principal) => principal.id === principalId);
        if (!owner) throw new AdminError(`key ${keyId} belongs to principal ${principalId}, which is not stored`);
        const { did } = owner;
        const revoked = workspace.apiKeys.revoke(principalId, keyId, "admin", did);
        out(`key ${keyId} (${JSON.stringify(revoked.label)}) of ${did} revoked at ${revoked.revokedAt}`);
      } finally {
        void workspace.close();
      }
    });

  program
    .command("config")
    .description("the effective configuration, secrets left out")
    .option(...dataDirOption)
    .action((options: { dataDir?: string }) => {
      out(JSON.stringify(effectiveConfig(adminConfig(options.dataDir)), null, 2));
    });

  program
    .command("doctor")
    .description(
      "check the chain: chain id, ledger and DID registry code, accounts funded or gas-free, clock skew (exit 1 on any FAIL)",
    )
    .option(...dataDirOption)
    .action(async (options: { dataDir?: string }) => {
      const checks = await doctor(adminConfig(options.dataDir));
      for (const check of checks) out(`${check.ok ? "OK  " : "FAIL"} ${check.name}: ${check.reason}`);
      if (checks.some((check) => !check.ok)) process.exitCode = 1;
    });
  return program;
}

export async function runAdmin(argv: string[]): Promise<void> {
  try {
    await adminProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof AdminError || error instanceof FairLedgerError) {
      process.stderr.write(`fairledger-admin: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runAdmin(process.argv);
