/**
 * The inspector's dashboard (/inspect/): the inspector signs in with their API key (sessionStorage only),
 * picks a corridor and/or an agency from what the service says may be audited, and reads the fee audit —
 * classes, totals in currency units, findings over time and per agency as charts with tables — downloads
 * the service's CSV, prints the report (print stylesheet), and flags a case with a reason. Beside the
 * cases, the workers' complaints about each audited agency (complaints-section.ts). An unknown
 * agency or corridor (e.g. from a link: ?corridor=PH-JP) is an error in words, never an empty clean audit.
 * English and Arabic (right to left); the language is remembered in localStorage.
 */
import { h } from "../ui/dom.ts";
import { loadTranslator, type Translator } from "../ui/i18n.ts";
import {
  apiKeySignInForm,
  officialLanguageSelect,
  officialPageStore,
  showStatus,
  statusLine,
  type StatusWords,
} from "../ui/official-page.ts";
import { agencyName, renderAudit } from "./audit-view.ts";
import { loadComplaints, renderComplaintsSection, type AgencyComplaintsAnswer } from "./complaints-section.ts";
import { findingDocument, findingHash } from "./finding.ts";
import { flagThisCase, renderFlagForm } from "./flag-form.ts";
import { renderScopeForm } from "./scope-form.ts";
import {
  fetchAudit,
  fetchAuditCsv,
  fetchScopes,
  flagCase,
  type AuditReport,
  type AuditScope,
  type AuditScopes,
  type InspectFailure,
} from "./inspect-api.ts";
import { findingReasons, forgetFindingReasons, keepFindingReason } from "./session.ts";

const store = officialPageStore("inspect");
type Status = StatusWords;

interface DashboardState {
  i18n: Translator;
  scopes: AuditScopes | null;
  /** The scope picked (or given in the page's link), audited or about to be. */
  scope: AuditScope;
  report: AuditReport | null;
  /** Workers' complaints about the audited agencies, fetched with the audit. */
  complaints: AgencyComplaintsAnswer[];
  /** Why the last audit asked for has no report: shown in words where the report would be. */
  auditFailure: Status | null;
  status: Status | null;
}

const app = document.getElementById("app") as HTMLElement;

function say(state: DashboardState, status: Status | null): void {
  state.status = status;
  showStatus(state.i18n, status);
}

/** The scope in the page's address (?agency=…&corridor=…): an audit can be linked to and reloaded. */
function scopeFromAddress(): AuditScope {
  const query = new URLSearchParams(location.search);
  return { agency: query.get("agency") || undefined, corridor: query.get("corridor") || undefined };
}

function showScopeInAddress(scope: AuditScope): void {
  const query = new URLSearchParams();
  if (scope.agency) query.set("agency", scope.agency);
  if (scope.corridor) query.set("corridor", scope.corridor);
  const search = query.toString();
  history.replaceState(null, "", search ? `?${search}` : location.pathname);
}

/** A failure in words, naming the agency or corridor the audit refused. */
function failureStatus(failure: InspectFailure, state: DashboardState): Status {
  const { scope, scopes } = state;
  return {
    key: failure,
    params: {
      corridor: scope.corridor ?? "",
      agency: scope.agency ? agencyName(scope.agency, scopes) : "",
    },
    error: true,
  };
}

async function runAudit(state: DashboardState): Promise<void> {
  const key = store.apiKey();
  if (!key) return renderAll(state);
  const { scope } = state;
  if (!scope.agency && !scope.corridor) {
    state.report = null;
    state.auditFailure = { key: "error.noScope", error: true };
    renderAll(state);
    return;
  }
  showScopeInAddress(scope);
  say(state, { key: "auditing" });
  const answer = await fetchAudit(key, scope, state.scopes);
  if (!answer.ok) {
    if (answer.failure === "error.wrongKey") return signOutWith(state, "error.keyNoLongerValid");
    state.report = null;
    state.complaints = [];
    state.auditFailure = failureStatus(answer.failure, state);
    renderAll(state);
    say(state, state.auditFailure);
    document.getElementById("audit-error")?.focus();
    return;
  }
  state.report = answer.value;
  state.complaints = await loadComplaints(key, answer.value);
  state.auditFailure = null;
  renderAll(state);
  say(state, { key: "audited", params: { cases: answer.value.summary.cases } });
}

async function downloadCsv(state: DashboardState): Promise<void> {
  const key = store.apiKey();
  const report = state.report;
  if (!key || !report) return;
  const answer = await fetchAuditCsv(key, state.scope, state.scopes);
  if (!answer.ok) return say(state, failureStatus(answer.failure, state));
  const scopeName = [report.scope.corridor, report.scope.agency].filter(Boolean).join("-");
  const link = h("a", {
    href: URL.createObjectURL(answer.value),
    download: `fee-audit-${scopeName}-${report.scope.asOf.slice(0, 10)}.csv`,
    hidden: true,
  });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  say(state, { key: "csvDownloaded" });
}

async function sendFlag(state: DashboardState, caseCommitment: string, reason: string): Promise<void> {
  const key = store.apiKey();
  if (!key) return renderAll(state);
  say(state, { key: "flagging" });
  const finding = findingDocument(caseCommitment, reason, new Date());
  const hash = await findingHash(finding);
  const answer = await flagCase(key, caseCommitment, hash);
  if (!answer.ok) {
    if (answer.failure === "error.wrongKey") return signOutWith(state, "error.keyNoLongerValid");
    return say(state, failureStatus(answer.failure, state));
  }
  keepFindingReason(hash, reason);
  await runAudit(state);
  // The redraw keeps the inspector where the flag now shows: on the case's row.
  say(state, { key: "flagged", params: { block: answer.value.blockNumber } });
  document.querySelector(`tr[data-case="${caseCommitment}"]`)?.scrollIntoView({ block: "center" });
}

function signOutWith(state: DashboardState, reason: string | null): void {
  store.forgetApiKey();
  forgetFindingReasons();
  state.scopes = null;
  state.report = null;
  state.complaints = [];
  state.auditFailure = null;
  state.status = reason ? { key: reason, error: true } : null;
  renderAll(state);
}

/** Asks the service what this key may audit: null when it may sign in (the scopes kept), else why not. */
async function scopesRefusal(state: DashboardState, key: string): Promise<Status | null> {
  const answer = await fetchScopes(key);
  if (!answer.ok)
    return { key: answer.failure === "error.unavailable" ? answer.failure : `signIn.${answer.failure}`, error: true };
  state.scopes = answer.value;
  return null;
}

function renderSignIn(state: DashboardState): HTMLElement {
  return apiKeySignInForm({
    i18n: state.i18n,
    say: (status) => say(state, status),
    refusalOf: (key) => scopesRefusal(state, key),
    signedIn: (key) => {
      store.keepApiKey(key);
      state.status = { key: "signedIn" };
      if (state.scope.agency || state.scope.corridor) return void runAudit(state);
      renderAll(state);
      document.getElementById("corridor-select")?.focus();
    },
  });
}

function renderReport(state: DashboardState): HTMLElement | null {
  const { i18n, report, scopes } = state;
  if (state.auditFailure)
    return h(
      "p",
      { id: "audit-error", class: "warning", role: "alert", tabindex: "-1" },
      i18n.t(state.auditFailure.key, state.auditFailure.params),
    );
  if (!report) return null;
  const csv = h("button", { type: "button", id: "download-csv", class: "secondary" }, i18n.t("downloadCsv"));
  csv.addEventListener("click", () => void downloadCsv(state));
  const print = h("button", { type: "button", id: "print-report", class: "secondary" }, i18n.t("printReport"));
  print.addEventListener("click", () => window.print());
  const caseLabel = (caseCommitment: string) => {
    const audited = report.cases.find((entry) => entry.caseCommitment === caseCommitment);
    return audited
      ? `${caseCommitment.slice(0, 10)}… — ${i18n.t(`class.${audited.class}`)} — ${agencyName(audited.agency, scopes)}`
      : caseCommitment;
  };
  return h(
    "div",
    { id: "report" },
    h("div", { class: "report-actions no-print" }, csv, print),
    renderAudit(report, { i18n, scopes, reasons: findingReasons(), onFlag: flagThisCase }),
    renderComplaintsSection(state.complaints, { i18n, scopes, apiKey: store.apiKey() ?? "" }),
    report.cases.length > 0 &&
      renderFlagForm({ i18n, report, caseLabel, onSubmit: (c, reason) => void sendFlag(state, c, reason) }),
  );
}

function renderAll(state: DashboardState): void {
  const { t } = state.i18n;
  document.title = t("appTitle");
  const signedIn = store.apiKey() !== null && state.scopes !== null;
  const main = h("main", {});
  if (!signedIn) main.append(renderSignIn(state));
  else {
    const out = h("button", { type: "button", id: "sign-out", class: "secondary" }, t("signOut"));
    out.addEventListener("click", () => signOutWith(state, null));
    const form = renderScopeForm(state.i18n, state.scopes, state.scope, (scope) => {
      state.scope = scope;
      void runAudit(state);
    });
    main.append(h("div", { class: "desk-actions no-print" }, out), form);
  }
  main.append(statusLine("no-print"));
  const report = signedIn ? renderReport(state) : null;
  if (report) main.append(report);
  app.replaceChildren(
    h(
      "header",
      {},
      h("h1", {}, t("appTitle")),
      h("p", { class: "tagline" }, t("tagline")),
      officialLanguageSelect(
        state.i18n,
        store,
        (translator) => {
          state.i18n = translator;
          renderAll(state);
        },
        "no-print",
      ),
    ),
    main,
  );
  say(state, state.status);
}

async function start(): Promise<void> {
  const lang = store.storedLanguage();
  store.applyLanguage(lang);
  const state: DashboardState = {
    i18n: await loadTranslator(lang),
    scopes: null,
    scope: scopeFromAddress(),
    report: null,
    complaints: [],
    auditFailure: null,
    status: null,
  };
  const kept = store.apiKey();
  if (kept) {
    // A key kept from earlier in this tab: ask again what it may audit (it may have been revoked meanwhile).
    const refusal = await scopesRefusal(state, kept);
    if (refusal) {
      store.forgetApiKey();
      forgetFindingReasons();
      state.status = refusal;
    }
  }
  if (kept && state.scopes && (state.scope.agency || state.scope.corridor)) await runAudit(state);
  else renderAll(state);
  document.body.dataset.ready = "true";
}

void start();
