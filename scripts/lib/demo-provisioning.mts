/**
 * The demo consortium's identities (scripts/lib/seed.ts roles) that `npm start`, the demo, the external
 * test run and the tests ask the issuer service to provision at start. Demo data, not the service's:
 * the service provisions whatever `StartOptions.provision` lists.
 */
import type { ProvisionRequest } from "@fairledger/issuer-service/service";

const DEMO_PRINCIPALS: [role: string, kind: ProvisionRequest["kind"], jurisdiction: string, displayName: string][] = [
  ["authorityPH", "authority", "PH", "Department of Migrant Workers (PH)"],
  ["authoritySA", "authority", "SA", "Ministry of Human Resources (SA)"],
  ["authorityIN", "authority", "IN", "Protector General of Emigrants (IN)"],
  ["authorityAE", "authority", "AE", "Ministry of Human Resources (AE)"],
  ["agency", "agency", "PH", "Bayanihan Manpower Services"],
  ["agencyIN", "agency", "IN", "Kerala Overseas Placements"],
  ["unlicensedAgency", "agency", "PH", "Unlicensed Recruiters Ltd"],
];

/** Provision requests for the demo roles present in `accounts` (role name → account key). */
export function demoProvisioning(accounts: Record<string, { privateKey: string }>): ProvisionRequest[] {
  return DEMO_PRINCIPALS.flatMap(([role, kind, jurisdiction, displayName]) => {
    const account = accounts[role];
    return account ? [{ name: role, kind, jurisdiction, displayName, privateKey: account.privateKey }] : [];
  });
}
