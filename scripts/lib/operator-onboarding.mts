/**
 * Onboarding as an operator does it (README, "As an operator"), for `npm run test:external` and the
 * gas-free e2e test: the `fairledger-admin` command lines for what needs no API key yet — a data
 * directory, a doctor's check of the chain, the consortium admin registering each country's authority
 * on chain, each authority's first API key — and from then on the authorities' HTTP API: an agency,
 * inspector and insurer onboarded with `POST /principals`, the insurer granted, the employer
 * registered, the corridor's fee policy proposed by one country and approved by the other.
 */
import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { IssuerClient } from "./issuer-client.mts";

const ROOT = resolve(import.meta.dirname, "..", "..");
const ADMIN_CLI = join(ROOT, "issuer-service", "bin", "fairledger-admin.mjs");

/** The line `bootstrap-authority` prints the key on (the README's walkthrough reads it with sed). */
const API_KEY_LINE = /^API key \(shown once, store it now\): (\S+)$/m;

export class AdminCommandFailed extends Error {
  readonly code = "ERR_ADMIN_COMMAND";
  constructor(
    readonly args: string[],
    readonly status: number | null,
    readonly output: string,
  ) {
    const last = output
      .trim()
      .split("\n")
      .filter((line) => line.trim() && !/^Node\.js v/.test(line));
    super(`fairledger-admin ${args[0]} exited ${status}: ${last.slice(-2).join(" | ")}`);
  }
}

/**
 * Runs `fairledger-admin <args>` as its own process, as an operator would. Its settings come from the
 * data directory's service.env alone (FAIRLEDGER_* of this process are left out, as they would override
 * it), plus the chain pace: polling interval and confirmations.
 */
export function fairledgerAdmin(args: string[], pace: { pollMs: number; confirmations: number }): Promise<string> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("FAIRLEDGER_")));
  Object.assign(env, { FAIRLEDGER_POLL_MS: String(pace.pollMs), FAIRLEDGER_CONFIRMATIONS: String(pace.confirmations) });
  return new Promise((resolvePromise, reject) => {
    execFile(process.execPath, [ADMIN_CLI, ...args], { cwd: ROOT, env, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error)
        reject(new AdminCommandFailed(args, typeof error.code === "number" ? error.code : null, `${stdout}${stderr}`));
      else resolvePromise(stdout);
    });
  });
}

/** A chain account an operator holds the key of. */
export interface Account {
  address: string;
  privateKey: string;
}

/** One country's authority: its chain account, and the API key `bootstrap-authority` printed. */
export interface BootstrappedAuthority extends Account {
  jurisdiction: string;
  apiKey: string;
}

/**
 * Steps 3 and 4 of the operator walkthrough, one authority at a time (they share the consortium
 * admin's nonce and the data directory): `register-authority` from the admin's key file, then
 * `bootstrap-authority` with the authority's own key file, whose output carries the first API key.
 */
export async function bootstrapAuthorities(
  dataDir: string,
  adminKeyFile: string,
  authorities: { jurisdiction: string; name: string; account: Account; keyFile: string }[],
  pace: { pollMs: number; confirmations: number },
  say: (line: string) => void = () => {},
): Promise<BootstrappedAuthority[]> {
  const done: BootstrappedAuthority[] = [];
  for (const { jurisdiction, name, account, keyFile } of authorities) {
    const common = ["--data-dir", dataDir, "--jurisdiction", jurisdiction, "--account", account.address];
    say((await fairledgerAdmin(["register-authority", ...common, "--admin-key-file", adminKeyFile], pace)).trim());
    const printed = await fairledgerAdmin(
      ["bootstrap-authority", ...common, "--private-key-file", keyFile, "--name", name],
      pace,
    );
    const apiKey = API_KEY_LINE.exec(printed)?.[1];
    if (!apiKey) throw new AdminCommandFailed(["bootstrap-authority"], 0, `no API key line in: ${printed}`);
    const [firstLine = ""] = printed.split("\n");
    say(firstLine);
    done.push({ ...account, jurisdiction, apiKey });
  }
  return done;
}

export interface OnboardedPrincipal {
  id: string;
  did: string;
  apiKey: string;
}

/** `POST /principals`: an authority onboards an agency, inspector or insurer of its own country. */
export async function onboardPrincipal(
  authority: IssuerClient,
  kind: "agency" | "inspector" | "insurer",
  name: string,
  account: Account,
): Promise<OnboardedPrincipal> {
  const answer = await authority.request<{ principal: { id: string; did: string }; key: { apiKey: string } }>(
    "POST",
    "/principals",
    {
      kind,
      name,
      privateKey: account.privateKey,
    },
  );
  return { id: answer.principal.id, did: answer.principal.did, apiKey: answer.key.apiKey };
}

/** `POST /corridors/{corridor}/policy/propose` by the origin's authority, then `…/approve` by the destination's. */
export async function agreeCorridorPolicy(
  origin: IssuerClient,
  destination: IssuerClient,
  corridor: string,
  policy: { maxWorkerPaidFee: string; currency: string },
): Promise<{ active: unknown; pending: unknown }> {
  await origin.request("POST", `/corridors/${corridor}/policy/propose`, policy);
  return destination.request<{ active: unknown; pending: unknown }>(
    "POST",
    `/corridors/${corridor}/policy/approve`,
    policy,
  );
}
