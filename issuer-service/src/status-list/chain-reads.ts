/** The licence reads a status list rebuild needs, from the service's Ledger (errors as ServiceErrors). */
import { toServiceError, type Ledger } from "../chain/ledger.ts";
import type { LicenceReads } from "./derive-statuses.ts";

export function ledgerLicenceReads(ledger: Ledger): LicenceReads {
  return {
    licenceOf: (agency) => ledger.licenceOf(agency),
    async licenceRevocations(agency) {
      try {
        const revocations = await ledger.reader.licenceRevocations(agency);
        return revocations.map((r) => ({ effectiveFrom: Number(r.effectiveFrom), revokedAt: Number(r.revokedAt) }));
      } catch (error) {
        throw toServiceError(error);
      }
    },
  };
}
