/**
 * What to audit: a corridor and/or an agency, each picked from what the service says may be audited
 * (GET /audits/scopes) — every corridor with a fee policy in force, every agency ever licensed, by name and
 * licence number. "Every corridor" / "every agency" leave that side open; the audit needs one of the two.
 */
import { h } from "../ui/dom.ts";
import type { Translator } from "../ui/i18n.ts";
import { corridorWords } from "./audit-view.ts";
import type { AuditScope, AuditScopes } from "./inspect-api.ts";

function scopeSelect(id: string, label: string, any: string, options: [string, string][], chosen?: string) {
  const select = h("select", { id, name: id });
  select.append(h("option", { value: "" }, any));
  for (const [value, words] of options) {
    const option = h("option", { value }, words);
    option.selected = value === chosen;
    select.append(option);
  }
  return [h("label", { for: id }, label), select] as const;
}

export function renderScopeForm(
  i18n: Translator,
  scopes: AuditScopes | null,
  chosen: AuditScope,
  onAudit: (scope: AuditScope) => void,
): HTMLElement {
  const [corridorLabel, corridorSelect] = scopeSelect(
    "corridor-select",
    i18n.t("corridorLabel"),
    i18n.t("anyCorridor"),
    (scopes?.corridors ?? []).map(({ corridor }) => [corridor, corridorWords(corridor, i18n.lang)]),
    chosen.corridor,
  );
  const [agencyLabel, agencySelect] = scopeSelect(
    "agency-select",
    i18n.t("agencyLabel"),
    i18n.t("anyAgency"),
    (scopes?.agencies ?? []).map((entry) => [
      entry.agency,
      `${entry.name ?? entry.agency}${entry.licenceNumber ? ` (${entry.licenceNumber})` : ""}`,
    ]),
    chosen.agency?.toLowerCase(),
  );
  const form = h(
    "form",
    { id: "audit-form", class: "no-print", "aria-labelledby": "audit-form-heading" },
    h("h2", { id: "audit-form-heading" }, i18n.t("auditFormHeading")),
    h("p", { class: "hint" }, i18n.t("auditFormHint")),
    h(
      "div",
      { class: "scope-row" },
      h("div", {}, corridorLabel, corridorSelect),
      h("div", {}, agencyLabel, agencySelect),
    ),
    h("button", { type: "submit", id: "run-audit" }, i18n.t("runAudit")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    onAudit({ corridor: corridorSelect.value || undefined, agency: agencySelect.value || undefined });
  });
  return form;
}
