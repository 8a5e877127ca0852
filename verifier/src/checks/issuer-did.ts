/**
 * `issuer-did`: the issuer is a did:ethr account DID of THIS consortium chain. Any other DID (another
 * network, did:web, …) is an issuer we cannot check: "cannot verify", and nothing is fetched for it.
 */
import { ethrNetworkName } from "@fairledger/common";
import { indeterminate, pass, fail, type CheckResult } from "../result.ts";

export function issuerAddressOf(iss: unknown, chainId: number): string | null {
  if (typeof iss !== "string") return null;
  const [, network, address] = /^did:ethr:(0x[0-9a-f]+):(0x[0-9a-fA-F]{40})$/.exec(iss) ?? [];
  if (address === undefined || network !== ethrNetworkName(chainId)) return null;
  return address;
}

export function checkIssuerDid(iss: unknown, chainId: number): { result: CheckResult; address: string | null } {
  if (typeof iss !== "string" || iss.length === 0)
    return { result: fail("issuer-did", "the token names no issuer (iss)"), address: null };
  const address = issuerAddressOf(iss, chainId);
  if (!address) {
    return {
      result: indeterminate(
        "issuer-did",
        `unknown issuer ${iss}: not a did:ethr account on the consortium chain ${ethrNetworkName(chainId)}`,
      ),
      address: null,
    };
  }
  return { result: pass("issuer-did", `issuer ${iss} is an account on the consortium chain`), address };
}
