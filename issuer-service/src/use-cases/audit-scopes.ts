/**
 * What an inspector may audit, for the dashboard's pickers: every agency ever licensed on chain (an agency
 * never licensed is refused by the audit as unknown) with its name and licence number as recorded here, and
 * every corridor whose fee policy is in force (with its cap in currency units). Read from the chain through
 * the same RegistryReads as the authorities' lists, so a picker never offers a scope the audit would refuse.
 */
import { currencyUnits } from "@fairledger/common";
import { recordedAgencies, summaryOf, type AgencyRegisterServices, type AgencyState } from "./agency-register.ts";

export interface AuditableAgency {
  agency: string;
  name: string | null;
  licenceNumber: string | null;
  country: string | null;
  state: AgencyState;
}

export interface AuditableCorridor {
  corridor: string;
  origin: string;
  destination: string;
  currency: string;
  /** The cap on fees a worker may pay, in force now, in currency units ("0.00": Employer Pays). */
  maxWorkerPaidFee: string;
}

export interface AuditScopes {
  agencies: AuditableAgency[];
  corridors: AuditableCorridor[];
}

export async function auditScopes(services: AgencyRegisterServices): Promise<AuditScopes> {
  const [licences, corridors] = await Promise.all([services.reads.licences(), services.reads.corridors()]);
  const recorded = recordedAgencies(services);
  const agencies = await Promise.all(
    licences.map(async ({ agency }) => {
      const account = agency.toLowerCase();
      const known = recorded.get(account) ?? {
        agency: account,
        principalName: null,
        principalJurisdiction: null,
        entries: [],
      };
      const { name, licenceNumber, country, state } = await summaryOf(services, known);
      return { agency: account, name, licenceNumber, country, state };
    }),
  );
  return {
    agencies,
    corridors: corridors.flatMap(({ corridor, origin, destination, active }) =>
      active
        ? [
            {
              corridor,
              origin,
              destination,
              currency: active.currency,
              maxWorkerPaidFee: currencyUnits(BigInt(active.maxWorkerPaidFee), active.currency),
            },
          ]
        : [],
    ),
  };
}
