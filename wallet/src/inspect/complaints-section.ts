/**
 * The audit's "Complaints by workers": for the audited agency, or for each agency of a corridor audit,
 * the workers' complaints the service lists to an inspector of the agency's country (GET ../complaints),
 * drawn by the shared view (ui/complaints-view.ts). An agency of another country is said in words, never
 * shown as "no complaints". Read-only here: the inspector's dashboard does not handle complaints.
 */
import { h } from "../ui/dom.ts";
import type { Translator } from "../ui/i18n.ts";
import { agencyDidFor, renderAgencyComplaints, type AgencyComplaints } from "../ui/complaints-view.ts";
import { agencyName } from "./audit-view.ts";
import { fetchComplaints, fetchOwnDid, type AuditReport, type AuditScopes, type InspectAnswer } from "./inspect-api.ts";

export interface AgencyComplaintsAnswer {
  agency: string;
  answer: InspectAnswer<AgencyComplaints>;
}

/** The agencies the audit is about: the one asked for, or every agency with a case in the corridor. */
export function auditedAgencies(report: AuditReport): string[] {
  if (report.scope.agency) return [report.scope.agency.toLowerCase()];
  return [...new Set(report.cases.map((entry) => entry.agency.toLowerCase()))];
}

export async function loadComplaints(apiKey: string, report: AuditReport): Promise<AgencyComplaintsAnswer[]> {
  const agencies = auditedAgencies(report);
  if (agencies.length === 0) return [];
  const own = await fetchOwnDid(apiKey);
  return Promise.all(
    agencies.map(async (agency) => ({
      agency,
      answer: own.ok ? await fetchComplaints(apiKey, agencyDidFor(own.value, agency)) : own,
    })),
  );
}

export function renderComplaintsSection(
  answers: AgencyComplaintsAnswer[],
  context: { i18n: Translator; scopes: AuditScopes | null; apiKey: string },
): HTMLElement | null {
  if (answers.length === 0) return null;
  const { i18n } = context;
  return h(
    "section",
    { id: "complaints", "aria-labelledby": "complaints-title" },
    h("h2", { id: "complaints-title" }, i18n.t("complaints.title")),
    ...answers.map(({ agency, answer }, index) => {
      const idPrefix = `complaints-${index}`;
      if (answer.ok) return renderAgencyComplaints(answer.value, { i18n, idPrefix, apiKey: context.apiKey });
      const name = agencyName(agency, context.scopes);
      return h(
        "section",
        { class: "complaints", id: idPrefix, "aria-labelledby": `${idPrefix}-heading`, "data-agency": agency },
        h("h3", { id: `${idPrefix}-heading` }, i18n.t("complaints.heading", { agency: name })),
        h(
          "p",
          { class: "warning complaints-unreadable" },
          answer.failure === "error.complaintsOtherCountry"
            ? i18n.t("complaints.otherCountry", { agency: name })
            : `${i18n.t("complaints.unreadable")} ${i18n.t(answer.failure)}`,
        ),
      );
    }),
  );
}
