/**
 * The service's JSON-RPC provider: like common's createProvider (no response cache, static network) but
 * without ethers' request batching, whose 10 ms stall per call measured here tripled the latency of
 * the licence check on every issuance (5 ms → 15–20 ms per call against Hardhat).
 *
 * Every request has a timeout (`rpcTimeoutMs`; ethers' default is five minutes): a node that accepts the
 * connection and never answers must not hold an HTTP request, or the anchoring worker, for that long.
 * A timed-out call fails with ethers' TIMEOUT, which the service treats as "chain unreachable" (503),
 * and its connection is closed (rpc-transport.ts).
 */
import { FetchRequest, JsonRpcProvider, Network } from "ethers";
import { getUrlWithDeadline } from "./rpc-transport.ts";

export function createServiceProvider(rpcUrl: string, chainId: number, rpcTimeoutMs = 10_000): JsonRpcProvider {
  const request = new FetchRequest(rpcUrl);
  request.timeout = rpcTimeoutMs;
  request.getUrlFunc = getUrlWithDeadline;
  return new JsonRpcProvider(request, Network.from(chainId), {
    staticNetwork: true,
    cacheTimeout: -1,
    batchMaxCount: 1,
  });
}
