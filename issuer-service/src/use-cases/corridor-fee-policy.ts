/**
 * A corridor's fee policy needs both sides: one authority proposes the worker-paid fee cap, the other
 * approves the same terms (the contract checks that the two are the corridor's two countries).
 */
import { currencyBytes, jurisdictionBytes } from "@fairledger/common";
import type { Principal } from "../store/principals-repository.ts";
import { sendAsAuthority, type AuthorityServices } from "./authority-services.ts";

export interface CorridorPolicy {
  maxWorkerPaidFee: string;
  currency: string;
}

export async function proposeCorridorPolicy(
  services: AuthorityServices,
  authority: Principal,
  corridor: { name: string; origin: string; destination: string },
  policy: CorridorPolicy,
) {
  const receipt = await sendAsAuthority(services, authority, (ledger) =>
    ledger.proposeCorridorPolicy(
      jurisdictionBytes(corridor.origin),
      jurisdictionBytes(corridor.destination),
      BigInt(policy.maxWorkerPaidFee),
      currencyBytes(policy.currency),
    ),
  );
  services.store.audit.record(authority.did, "corridor.proposed", corridor.name, { ...policy, tx: receipt.hash });
  return receipt;
}

export async function approveCorridorPolicy(
  services: AuthorityServices,
  authority: Principal,
  corridor: { name: string; id: string },
  policy: CorridorPolicy,
) {
  const receipt = await sendAsAuthority(services, authority, (ledger) =>
    ledger.approveCorridorPolicy(corridor.id, BigInt(policy.maxWorkerPaidFee), currencyBytes(policy.currency)),
  );
  services.store.audit.record(authority.did, "corridor.approved", corridor.name, { ...policy, tx: receipt.hash });
  return receipt;
}
