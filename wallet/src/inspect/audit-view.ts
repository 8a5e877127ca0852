/**
 * One fee audit as the inspector reads it and prints it: what was audited and as of when, the totals (cases,
 * with findings, fees paid by workers and by employers, per currency, in currency units), how many cases in
 * each of the five classes, the two charts with their tables, totals per agency, then every case listed under
 * its class with its amounts, the cap in force when it closed, and the flags inspectors recorded on it.
 */
import { h } from "../ui/dom.ts";
import { countryName, formatDate } from "../ui/format.ts";
import type { Translator } from "../ui/i18n.ts";
import { findingsChart, type ChartRow } from "./charts.ts";
import {
  BREACH_CLASSES,
  CASE_CLASSES,
  type AuditReport,
  type AuditScopes,
  type AuditTotals,
  type CaseAudit,
  type CaseClass,
} from "./inspect-api.ts";
import { formatSums, formatUnits } from "./money.ts";

export interface AuditViewContext {
  i18n: Translator;
  scopes: AuditScopes | null;
  /** Finding hash → the reason written in this tab. */
  reasons: Record<string, string>;
  /** Called by a case's "Flag…" button. */
  onFlag: (caseCommitment: string) => void;
}

const shortHex = (hex: string) => `${hex.slice(0, 10)}…${hex.slice(-4)}`;
const ltr = (text: string) => h("bdi", { dir: "ltr" }, text);

export function agencyName(agency: string, scopes: AuditScopes | null): string {
  return scopes?.agencies.find((entry) => entry.agency === agency.toLowerCase())?.name ?? shortHex(agency);
}

export function corridorWords(corridor: string, lang: string): string {
  const [origin = "", destination = ""] = corridor.split("-");
  return `${countryName(origin, lang)} → ${countryName(destination, lang)} (${corridor})`;
}

function scopeWords(report: AuditReport, context: AuditViewContext): string {
  const { i18n, scopes } = context;
  const parts: string[] = [];
  if (report.scope.agency) parts.push(i18n.t("scope.agency", { name: agencyName(report.scope.agency, scopes) }));
  if (report.scope.corridor)
    parts.push(i18n.t("scope.corridor", { corridor: corridorWords(report.scope.corridor, i18n.lang) }));
  return parts.join(" · ");
}

/** A table in a region that scrolls sideways on a narrow screen (keyboard-scrollable: it takes focus). */
const table = (id: string, caption: string, head: string[], rows: HTMLTableRowElement[]) =>
  h(
    "div",
    { class: "table-scroll", role: "region", tabindex: "0", "aria-label": caption },
    h(
      "table",
      { id },
      h("caption", {}, caption),
      h("thead", {}, h("tr", {}, ...head.map((label) => h("th", { scope: "col" }, label)))),
      h("tbody", {}, ...rows),
    ),
  );

function renderTotals(report: AuditReport, { i18n }: AuditViewContext): HTMLElement {
  const { summary } = report;
  const fact = (id: string, label: string, value: string) => [h("dt", {}, label), h("dd", { id }, value)];
  return h(
    "section",
    { id: "totals", "aria-labelledby": "totals-heading" },
    h("h2", { id: "totals-heading" }, i18n.t("totalsHeading")),
    h(
      "dl",
      { class: "facts" },
      ...fact("total-cases", i18n.t("total.cases"), String(summary.cases)),
      ...fact("total-findings", i18n.t("total.withFindings"), String(summary.withFindings)),
      ...fact("total-worker-paid", i18n.t("total.workerPaid"), formatSums(summary.workerPaid, i18n.lang)),
      ...fact("total-employer-paid", i18n.t("total.employerPaid"), formatSums(summary.employerPaid, i18n.lang)),
    ),
    table(
      "class-totals",
      i18n.t("classTotalsCaption"),
      [i18n.t("col.class"), i18n.t("col.meaning"), i18n.t("col.count")],
      CASE_CLASSES.map((name) =>
        h(
          "tr",
          { "data-class": name },
          h("th", { scope: "row" }, i18n.t(`class.${name}`)),
          h("td", {}, i18n.t(`classMeaning.${name}`)),
          h("td", { class: "number" }, String(summary.classes[name])),
        ),
      ),
    ),
    report.contractStarts.openWithoutKnownStart > 0 &&
      h(
        "p",
        { class: "warning", id: "unknown-starts" },
        i18n.t("openWithoutKnownStart", { count: report.contractStarts.openWithoutKnownStart }),
      ),
  );
}

const breachCounts = (totals: AuditTotals): ChartRow["counts"] =>
  Object.fromEntries(BREACH_CLASSES.map((name) => [name, totals.classes[name]]));
const breachSum = (totals: AuditTotals) => BREACH_CLASSES.reduce((sum, name) => sum + totals.classes[name], 0);

/** A chart and the table that says the same in words and numbers. */
function chartFigure(
  id: string,
  heading: string,
  rows: { label: string; totals: AuditTotals }[],
  classes: readonly CaseClass[],
  { i18n }: AuditViewContext,
): HTMLElement {
  const classLabel = (name: CaseClass) => i18n.t(`class.${name}`);
  const description = rows.length
    ? rows
        .map(
          ({ label, totals }) =>
            `${label}: ${classes.map((name) => `${classLabel(name)} ${totals.classes[name]}`).join(", ")}`,
        )
        .join("; ")
    : i18n.t("chart.none");
  const chart = findingsChart(
    rows.map(({ label, totals }) => ({ label, counts: breachCounts(totals) })),
    classes,
    { title: heading, description, classLabel },
  );
  return h(
    "section",
    { id, class: "chart-section", "aria-labelledby": `${id}-heading` },
    h("h3", { id: `${id}-heading` }, heading),
    rows.length ? h("figure", { class: "chart-figure" }, chart) : h("p", {}, i18n.t("chart.none")),
    rows.length > 0 &&
      table(
        `${id}-table`,
        i18n.t("chart.tableCaption", { heading }),
        [i18n.t("col.row"), ...classes.map(classLabel), i18n.t("col.findings")],
        rows.map(({ label, totals }) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, label),
            ...classes.map((name) => h("td", { class: "number" }, String(totals.classes[name]))),
            h("td", { class: "number" }, String(classes.reduce((sum, name) => sum + totals.classes[name], 0))),
          ),
        ),
      ),
  );
}

function renderCharts(report: AuditReport, context: AuditViewContext): HTMLElement {
  const { i18n, scopes } = context;
  const months = Object.entries(report.totals.byMonthClosed).map(([month, totals]) => ({
    label: new Intl.DateTimeFormat(i18n.lang, { year: "numeric", month: "long", timeZone: "UTC" }).format(
      new Date(`${month}-01T00:00:00Z`),
    ),
    totals,
  }));
  const agencies = Object.entries(report.totals.byAgency).map(([agency, totals]) => ({
    label: agencyName(agency, scopes),
    totals,
  }));
  return h(
    "section",
    { id: "charts", "aria-labelledby": "charts-heading" },
    h("h2", { id: "charts-heading" }, i18n.t("chartsHeading")),
    chartFigure("by-month", i18n.t("chart.byMonth"), months, ["closed-in-breach", "over-cap"], context),
    chartFigure(
      "by-agency",
      i18n.t("chart.byAgency"),
      agencies.filter(({ totals }) => breachSum(totals) > 0 || agencies.length <= 12),
      BREACH_CLASSES,
      context,
    ),
  );
}

function renderAgencyTotals(report: AuditReport, context: AuditViewContext): HTMLElement {
  const { i18n, scopes } = context;
  return h(
    "section",
    { id: "agency-totals", "aria-labelledby": "agency-totals-heading" },
    h("h2", { id: "agency-totals-heading" }, i18n.t("agencyTotalsHeading")),
    table(
      "agency-totals-table",
      i18n.t("agencyTotalsCaption"),
      [
        i18n.t("col.agency"),
        i18n.t("col.cases"),
        ...CASE_CLASSES.map((name) => i18n.t(`class.${name}`)),
        i18n.t("total.workerPaid"),
      ],
      Object.entries(report.totals.byAgency).map(([agency, totals]) =>
        h(
          "tr",
          { "data-agency": agency },
          h("th", { scope: "row" }, agencyName(agency, scopes)),
          h("td", { class: "number" }, String(totals.cases)),
          ...CASE_CLASSES.map((name) => h("td", { class: "number" }, String(totals.classes[name]))),
          h("td", { class: "number" }, formatSums(totals.workerPaid, i18n.lang)),
        ),
      ),
    ),
  );
}

function flagList(flags: CaseAudit["flags"], context: AuditViewContext): HTMLElement | string {
  if (flags.length === 0) return "—";
  return h(
    "ul",
    { class: "flags" },
    ...flags.map((flag) =>
      h(
        "li",
        { "data-finding": flag.findingHash },
        context.reasons[flag.findingHash] ?? context.i18n.t("flag.reasonElsewhere"),
        " ",
        h("span", { class: "hint" }, ltr(`${shortHex(flag.findingHash)} · #${flag.blockNumber}`)),
      ),
    ),
  );
}

function caseRow(audited: CaseAudit, context: AuditViewContext): HTMLTableRowElement {
  const { i18n, scopes } = context;
  const flag = h(
    "button",
    {
      type: "button",
      class: "secondary flag-button",
      "aria-label": i18n.t("flag.buttonFor", { id: shortHex(audited.caseCommitment) }),
    },
    i18n.t("flag.button"),
  );
  flag.addEventListener("click", () => context.onFlag(audited.caseCommitment));
  const date = (value: string | null) => (value ? formatDate(value, i18n.lang) : "—");
  return h(
    "tr",
    { "data-case": audited.caseCommitment, "data-class": audited.class },
    h("th", { scope: "row" }, ltr(shortHex(audited.caseCommitment))),
    h("td", {}, agencyName(audited.agency, scopes)),
    h("td", {}, ltr(audited.corridor)),
    h("td", {}, date(audited.openedAt)),
    h("td", {}, date(audited.closedAt)),
    h("td", {}, date(audited.contractStart)),
    h("td", { class: "number worker-paid" }, formatUnits(audited.workerPaid, audited.currency, i18n.lang)),
    h("td", { class: "number" }, formatUnits(audited.employerPaid, audited.currency, i18n.lang)),
    h("td", { class: "number cap" }, formatUnits(audited.capAtClosure, audited.currency, i18n.lang)),
    h("td", { class: "case-flags" }, flagList(audited.flags, context)),
    h("td", { class: "no-print" }, flag),
  );
}

function renderCases(report: AuditReport, context: AuditViewContext): HTMLElement {
  const { i18n } = context;
  const head = [
    i18n.t("col.case"),
    i18n.t("col.agency"),
    i18n.t("col.corridor"),
    i18n.t("col.opened"),
    i18n.t("col.closed"),
    i18n.t("col.contractStart"),
    i18n.t("col.workerPaid"),
    i18n.t("col.employerPaid"),
    i18n.t("col.capAtClosure"),
    i18n.t("col.flags"),
  ];
  return h(
    "section",
    { id: "cases", "aria-labelledby": "cases-heading" },
    h("h2", { id: "cases-heading" }, i18n.t("casesHeading")),
    ...CASE_CLASSES.map((name) => {
      const inClass = report.cases.filter((audited) => audited.class === name);
      const heading = `${i18n.t(`class.${name}`)} (${inClass.length})`;
      return h(
        "section",
        { class: "case-class", "data-class": name, "aria-labelledby": `cases-${name}-heading` },
        h("h3", { id: `cases-${name}-heading` }, heading),
        inClass.length === 0
          ? h("p", { class: "hint" }, i18n.t("noCasesInClass"))
          : table(
              `cases-${name}`,
              i18n.t(`classMeaning.${name}`),
              [...head, i18n.t("col.action")],
              inClass.map((audited) => caseRow(audited, context)),
            ),
      );
    }),
  );
}

export function renderAudit(report: AuditReport, context: AuditViewContext): HTMLElement {
  const { i18n } = context;
  return h(
    "div",
    { id: "audit", "data-as-of": report.scope.asOf },
    h("h2", { id: "audit-heading" }, i18n.t("auditHeading", { scope: scopeWords(report, context) })),
    h(
      "p",
      { class: "hint", id: "audit-as-of" },
      i18n.t("asOf", {
        date: new Date(report.scope.asOf).toLocaleString(i18n.lang, { timeZone: "UTC" }),
        block: report.scope.toBlock,
      }),
    ),
    renderTotals(report, context),
    renderCharts(report, context),
    renderAgencyTotals(report, context),
    renderCases(report, context),
  );
}
