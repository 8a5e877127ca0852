/**
 * Flag a case: the inspector picks a case of the audit shown (or presses "Flag…" on its row), writes the
 * reason in words, and sends it. The page hashes the finding document (finding.ts) and records the hash on
 * chain; the reason is kept in this tab beside its hash so the flag reads in words when the audit reloads.
 */
import { h } from "../ui/dom.ts";
import type { Translator } from "../ui/i18n.ts";
import { MAX_REASON_LENGTH, reasonProblem } from "./finding.ts";
import type { AuditReport } from "./inspect-api.ts";

export interface FlagFormContext {
  i18n: Translator;
  report: AuditReport;
  caseLabel: (caseCommitment: string) => string;
  onSubmit: (caseCommitment: string, reason: string) => void;
}

export function renderFlagForm({ i18n, report, caseLabel, onSubmit }: FlagFormContext): HTMLElement {
  const select = h("select", { id: "flag-case", name: "caseCommitment", required: true });
  for (const audited of report.cases)
    select.append(h("option", { value: audited.caseCommitment }, caseLabel(audited.caseCommitment)));
  const reason = h("textarea", {
    id: "flag-reason",
    name: "reason",
    rows: "3",
    maxlength: String(MAX_REASON_LENGTH),
    required: true,
    "aria-describedby": "flag-reason-hint flag-error",
  });
  const error = h("p", { id: "flag-error", class: "flag-error", role: "alert" });
  const form = h(
    "form",
    { id: "flag-form", class: "no-print", "aria-labelledby": "flag-heading" },
    h("h2", { id: "flag-heading" }, i18n.t("flag.heading")),
    h("p", { class: "hint" }, i18n.t("flag.hint")),
    h("label", { for: "flag-case" }, i18n.t("flag.caseLabel")),
    select,
    h("label", { for: "flag-reason" }, i18n.t("flag.reasonLabel")),
    h("p", { id: "flag-reason-hint", class: "hint" }, i18n.t("flag.reasonHint")),
    reason,
    error,
    h("button", { type: "submit", id: "flag-submit" }, i18n.t("flag.submit")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const problem = reasonProblem(reason.value);
    if (problem) {
      error.textContent = i18n.t(problem);
      reason.setAttribute("aria-invalid", "true");
      reason.focus();
      return;
    }
    onSubmit(select.value, reason.value.trim());
  });
  return form;
}

/** Chooses `caseCommitment` in the form and puts the cursor in the reason. */
export function flagThisCase(caseCommitment: string): void {
  const select = document.getElementById("flag-case") as HTMLSelectElement | null;
  if (!select) return;
  select.value = caseCommitment;
  document.getElementById("flag-reason")?.focus();
}
