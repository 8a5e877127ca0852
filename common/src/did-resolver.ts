/**
 * The one DID resolver configuration FairLedger uses: did:ethr on the consortium chain only, with the
 * registry address from the deployment manifest (never a public network, never the default Infura set).
 */
import { Resolver } from "did-resolver";
import type { Provider } from "ethers";
import { getResolver as getEthrResolver } from "ethr-did-resolver";
import type { DeploymentManifest } from "./manifest.ts";
import { ethrNetworkName } from "./chain.ts";

/** ethr-did-resolver / Veramo did-provider-ethr network entry for the consortium chain. */
export function ethrNetworkConfig(manifest: DeploymentManifest, rpcUrl: string) {
  return {
    name: ethrNetworkName(manifest.chainId),
    chainId: manifest.chainId,
    rpcUrl,
    registry: manifest.contracts.EthereumDIDRegistry.address,
  };
}

type EthrNetwork = NonNullable<
  Extract<Parameters<typeof getEthrResolver>[0], { networks?: unknown }>["networks"]
>[number];

/**
 * `provider`: the caller's own connection to the chain, so resolution gets the caller's timeouts and
 * transport. Without it ethr-did-resolver builds a provider from `rpcUrl` with ethers' defaults: a
 * five-minute timeout that leaves the connection open, against a chain that accepts and never answers.
 */
export function createDidResolver(manifest: DeploymentManifest, rpcUrl: string, provider?: Provider): Resolver {
  const network: EthrNetwork = ethrNetworkConfig(manifest, rpcUrl);
  // ethr-did-resolver's types name ethers' CommonJS build; at run time it is the same ethers as ours.
  if (provider) network.provider = provider as unknown as EthrNetwork["provider"];
  return new Resolver(getEthrResolver({ networks: [network] }), { cache: false });
}
