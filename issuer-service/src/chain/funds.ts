/**
 * Whether an account can pay for its own transactions. Publishing a principal's DID signing key is a
 * transaction from the principal's account: on a chain that charges gas, an empty account would fail deep
 * in the DID registry call with a raw provider error. Callers ask first and say so in their own words.
 */
import type { Provider } from "ethers";

/** Why `address` cannot pay for a transaction on this chain, or undefined when it can (or gas is free). */
export async function unfundedReason(provider: Provider, address: string): Promise<string | undefined> {
  const [fees, balance] = await Promise.all([provider.getFeeData(), provider.getBalance(address)]);
  const charged = (fees.maxFeePerGas ?? fees.gasPrice ?? 0n) > 0n;
  if (!charged || balance > 0n) return undefined;
  return `account ${address} has no funds to publish its DID signing key; fund it first (or run a gas-free chain)`;
}
