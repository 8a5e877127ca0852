/**
 * `fairledger-admin register-authority`: the consortium admin registers an authority account for its
 * jurisdiction on chain (ConsortiumGovernance.registerAuthority), the step before `bootstrap-authority`.
 * The admin's key is read from a file for this one transaction and is never stored.
 */
import { Interface, NonceManager, Wallet, getAddress, type Contract } from "ethers";
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

export async function registerAuthorityOnChain(
  config: IssuerConfig,
  options: { jurisdiction: string; account: string; adminPrivateKey: string },
): Promise<{ txHash: string; already: boolean }> {
  if (!/^[A-Z]{2}$/.test(options.jurisdiction))
    throw new AdminError(`jurisdiction ${options.jurisdiction} is not an ISO 3166-1 alpha-2 code`);
  const account = getAddress(options.account);
  const manifest = loadManifest(config.manifestPath);
  const provider = createServiceProvider(config.rpcUrl, manifest.chainId, config.rpcTimeoutMs);
  try {
    // The chain's pace and the configured confirmations, as the service's own writes (not ethers' 4 s polling).
    await applyPollingInterval(provider, config.pollMs);
    const admin = new NonceManager(new Wallet(options.adminPrivateKey.trim(), provider));
    const ledger = fairLedgerContract(manifest, admin);
    const current = (await ledger.authorityJurisdiction(account)) as string;
    if (current.toLowerCase() === jurisdictionBytes(options.jurisdiction).toLowerCase())
      return { txHash: "", already: true };
    try {
      const response = await ledger.registerAuthority(account, jurisdictionBytes(options.jurisdiction));
      const receipt = await response.wait(config.confirmations, config.receiptTimeoutMs);
      if (!receipt || receipt.status !== 1)
        throw new AdminError(`registerAuthority was not mined successfully (${response.hash})`);
      return { txHash: receipt.hash, already: false };
    } catch (error) {
      if (error instanceof AdminError) throw error;
      const decoded = decodeRevert(ledger, (error as { data?: string }).data);
      throw new AdminError(
        decoded
          ? `the ledger refused registerAuthority: ${decoded.name}(${decoded.args.map(String).join(", ")}) — is this the consortium admin's key?`
          : `registerAuthority failed: ${(error as Error).message.split("\n")[0]}`,
      );
    }
  } finally {
    await releaseProvider(provider);
  }
}
