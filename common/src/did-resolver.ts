/**
 * The one DID resolver configuration FairLedger uses: did:ethr on the consortium chain only, with the
 * registry address from the deployment manifest (never a public network, never the default Infura set).
 */
import { Resolver } from "did-resolver";
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

export function createDidResolver(manifest: DeploymentManifest, rpcUrl: string): Resolver {
  return new Resolver(getEthrResolver({ networks: [ethrNetworkConfig(manifest, rpcUrl)] }), { cache: false });
}
