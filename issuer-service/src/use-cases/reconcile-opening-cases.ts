/** At start: settles cases left `opening` by a crash or outage — open if the chain has them, else discarded. */
import { CaseStatus } from "@fairledger/common";
import type { CaseServices } from "./case-services.ts";
import { discardOpeningCase, markCaseOpen } from "./open-case.ts";

export async function reconcileOpeningCases(services: CaseServices): Promise<{ opened: number; discarded: number }> {
  const rows = services.store.cases.opening();
  const reader = services.ledger.reader;
  let opened = 0;
  for (const row of rows) {
    const onChain = await reader.caseOf(row.case_commitment);
    if (Number(onChain.status) !== CaseStatus.None) {
      const events = await reader.queryFilter(reader.filters.CaseOpened(row.case_commitment));
      markCaseOpen(services, row.id, "system", row.case_commitment, row.corridor, events[0]?.transactionHash ?? null);
      opened++;
    } else {
      discardOpeningCase(services, row.id, "system", "its openCase transaction never reached the chain");
    }
  }
  return { opened, discarded: rows.length - opened };
}
