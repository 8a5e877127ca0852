/**
 * `fairledger-admin bootstrap-authority`: the consortium's first authority principal and its first API
 * key, printed once — what the API cannot do before any key exists. Only for an account the chain
 * already knows as an authority of that jurisdiction (the consortium admin registers it there first):
 * the service never grants more than the chain does. Run again for the same account, it makes another
 * key (a lost first key) without touching the principal.
 */
import { computeAddress, getAddress } from "ethers";
import { fairLedgerContract, jurisdictionBytes, jurisdictionOfBytes } from "@fairledger/common";
import type { IssuerConfig } from "../config.ts";
import type { IssuedApiKey } from "../keys/api-keys.ts";
import type { Principal } from "../keys/identities.ts";
import { openChainWorkspace } from "./workspace.ts";
import { AdminError } from "./settings.ts";
import { unfundedReason } from "../chain/funds.ts";

const jurisdictionName = (bytes2: string) => jurisdictionOfBytes(bytes2) || "none";

export async function bootstrapAuthority(
  config: IssuerConfig,
  options: { jurisdiction: string; account: string; privateKey: string; name?: string; label?: string },
): Promise<{ principal: Principal; key: IssuedApiKey }> {
  if (!/^[A-Z]{2}$/.test(options.jurisdiction))
    throw new AdminError(`jurisdiction ${options.jurisdiction} is not an ISO 3166-1 alpha-2 code`);
  let account: string;
  try {
    account = getAddress(options.account);
  } catch {
    throw new AdminError(`account ${options.account} is not an address`);
  }
  const privateKeyHex = options.privateKey.trim().replace(/^0x/, "");
  if (!/^[0-9a-fA-F]{64}$/.test(privateKeyHex)) throw new AdminError("the private key is not 32 bytes of hex");
  if (computeAddress(`0x${privateKeyHex}`) !== account)
    throw new AdminError(`the private key is not the key of account ${account}`);

  const workspace = await openChainWorkspace(config);
  try {
    const onChain = (await fairLedgerContract(workspace.manifest, workspace.provider).authorityJurisdiction(
      account,
    )) as string;
    if (onChain.toLowerCase() !== jurisdictionBytes(options.jurisdiction).toLowerCase())
      throw new AdminError(
        `account ${account} is not a registered authority of ${options.jurisdiction} on chain ${workspace.manifest.chainId} ` +
          `(its authority jurisdiction there: ${jurisdictionName(onChain)}); the consortium admin registers it first (registerAuthority)`,
      );
    const known = workspace.identities.all().find((principal) => principal.address === account);
    if (known && (known.kind !== "authority" || known.jurisdiction !== options.jurisdiction))
      throw new AdminError(
        `account ${account} is already principal ${known.id} (${known.kind} of ${known.jurisdiction})`,
      );
    if (!known) {
      const unfunded = await unfundedReason(workspace.provider, account);
      if (unfunded !== undefined) throw new AdminError(unfunded);
    }
    const label = options.label ?? "bootstrap";
    const makeKey = (principal: Principal) =>
      workspace.apiKeys.create({
        principalId: principal.id,
        label,
        actor: "admin",
        subject: principal.did,
        event: "api-key.bootstrapped",
      });
    let key: IssuedApiKey | undefined;
    const { principal } = await workspace.identities.provision({
      kind: "authority",
      name: options.name ?? `Authority (${options.jurisdiction})`,
      privateKeyHex,
      jurisdiction: options.jurisdiction,
      inCommit: (created) => {
        key = makeKey(created);
      },
    });
    return { principal, key: key ?? makeKey(principal) };
  } finally {
    await workspace.close();
  }
}
