/**
 * The consortium admin's steps on chain: `fairledger-admin register-authority` registers an authority
 * account for its jurisdiction (ConsortiumGovernance.registerAuthority), the step before
 * `bootstrap-authority`; `grant-inspector` / `revoke-inspector` set the INSPECTOR_ROLE an inspector needs
 * to flag cases. The admin's key is read from a file for this one transaction and is never stored.
 */
import { Interface, NonceManager, Wallet, getAddress, type Contract, type ContractTransactionResponse } from "ethers";
import { fairLedgerContract, jurisdictionBytes } from "@fairledger/common";
import type { IssuerConfig } from "../config.ts";
import { createServiceProvider } from "../chain/provider.ts";
import { releaseProvider } from "../chain/release-provider.ts";
import { applyPollingInterval } from "@fairledger/common";
import { loadManifest } from "@fairledger/common/node";
import { AdminError } from "./settings.ts";

/** OpenZeppelin's AccessControl error is not in the ledger's ABI (inherited, not declared there). */
const ACCESS_CONTROL = new Interface(["error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)"]);

function decodeRevert(ledger: Contract, data: string | undefined): { name: string; args: unknown[] } | undefined {
  if (!data || data === "0x") return undefined;
  for (const abi of [ledger.interface, ACCESS_CONTROL]) {
    const parsed = abi.parseError(data);
    if (parsed) return { name: parsed.name, args: [...parsed.args] };
  }
  return undefined;
}

/**
 * One transaction as the consortium admin: skipped when `already` says the chain holds the change, refused
 * in words (the decoded revert) when the key is not the admin's.
 */
async function asConsortiumAdmin(
  config: IssuerConfig,
  adminPrivateKey: string,
  operation: string,
  already: (ledger: Contract) => Promise<boolean>,
  send: (ledger: Contract) => Promise<ContractTransactionResponse>,
): Promise<{ txHash: string; already: boolean }> {
  const manifest = loadManifest(config.manifestPath);
  const provider = createServiceProvider(config.rpcUrl, manifest.chainId, config.rpcTimeoutMs);
  try {
    // The chain's pace and the configured confirmations, as the service's own writes (not ethers' 4 s polling).
    await applyPollingInterval(provider, config.pollMs);
    const admin = new NonceManager(new Wallet(adminPrivateKey.trim(), provider));
    const ledger = fairLedgerContract(manifest, admin);
    if (await already(ledger)) return { txHash: "", already: true };
    try {
      const response = await send(ledger);
      const receipt = await response.wait(config.confirmations, config.receiptTimeoutMs);
      if (!receipt || receipt.status !== 1)
        throw new AdminError(`${operation} was not mined successfully (${response.hash})`);
      return { txHash: receipt.hash, already: false };
    } catch (error) {
      if (error instanceof AdminError) throw error;
      const decoded = decodeRevert(ledger, (error as { data?: string }).data);
      throw new AdminError(
        decoded
          ? `the ledger refused ${operation}: ${decoded.name}(${decoded.args.map(String).join(", ")}) — is this the consortium admin's key?`
          : `${operation} failed: ${(error as Error).message.split("\n")[0]}`,
      );
    }
  } finally {
    await releaseProvider(provider);
  }
}

export async function registerAuthorityOnChain(
  config: IssuerConfig,
  options: { jurisdiction: string; account: string; adminPrivateKey: string },
): Promise<{ txHash: string; already: boolean }> {
  if (!/^[A-Z]{2}$/.test(options.jurisdiction))
    throw new AdminError(`jurisdiction ${options.jurisdiction} is not an ISO 3166-1 alpha-2 code`);
  const account = getAddress(options.account);
  const jurisdiction = jurisdictionBytes(options.jurisdiction).toLowerCase();
  return asConsortiumAdmin(
    config,
    options.adminPrivateKey,
    "registerAuthority",
    async (ledger) => ((await ledger.authorityJurisdiction(account)) as string).toLowerCase() === jurisdiction,
    (ledger) => ledger.registerAuthority(account, jurisdiction),
  );
}

/**
 * Grants (or revokes) the consortium-wide INSPECTOR_ROLE, which `flagCase` needs. The contract leaves it to
 * the consortium admin, not to an authority: an inspector may flag cases in every corridor. The inspector's
 * API key comes from an authority (POST /principals, kind inspector) and needs no role to read audits.
 */
export async function setInspectorOnChain(
  config: IssuerConfig,
  options: { account: string; adminPrivateKey: string; grant: boolean },
): Promise<{ txHash: string; already: boolean }> {
  const account = getAddress(options.account);
  const role = async (ledger: Contract) => (await ledger.INSPECTOR_ROLE()) as string;
  return asConsortiumAdmin(
    config,
    options.adminPrivateKey,
    options.grant ? "grantRole(INSPECTOR_ROLE)" : "revokeRole(INSPECTOR_ROLE)",
    async (ledger) => ((await ledger.hasRole(await role(ledger), account)) as boolean) === options.grant,
    async (ledger) =>
      options.grant ? ledger.grantRole(await role(ledger), account) : ledger.revokeRole(await role(ledger), account),
  );
}
