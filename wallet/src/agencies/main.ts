/**
 * "Check an agency before you pay": a public page (no sign-in, nothing stored but the language) where a
 * worker types an agency's name or licence number and sees, in big words, whether it may recruit them
 * now. Built beside the wallet (build.mjs → dist/agencies/) with the wallet's languages and element
 * builder, and served by the issuer service at /agencies/. Every outcome is also said in the status line
 * under the search box, which screen readers announce.
 */
import { h } from "../ui/dom.ts";
import { applyLanguage, initialLanguage, loadTranslator, type Translator } from "../ui/i18n.ts";
import {
  isolated,
  licenceNumber,
  renderAgency,
  renderUnknownAgency,
  shortStateText,
  verdictText,
} from "./agency-view.ts";
import {
  fetchAgency,
  searchAgencies,
  type AgencyDetail,
  type AgencySummary,
  type RegisterFailure,
} from "./register-api.ts";
import { languagePicker } from "../ui/language-picker.ts";

/** What the page shows under the search box; kept so a language change redraws it in the new language. */
type Shown =
  | { kind: "nothing" }
  | { kind: "choices"; results: AgencySummary[]; more: boolean }
  | { kind: "agency"; agency: AgencyDetail }
  | { kind: "unknown"; query: string };

interface PageState {
  i18n: Translator;
  query: string;
  shown: Shown;
  status: { key: string; params?: Record<string, string | number>; error?: boolean } | null;
}

const app = document.getElementById("app") as HTMLElement;

function statusText(state: PageState): string {
  if (!state.status) return "";
  if (state.status.key === "announceAgency" && state.shown.kind === "agency") {
    const { agency } = state.shown;
    return state.i18n.t("announceAgency", {
      name: isolated(agency.name ?? state.i18n.t("field.unnamed")),
      verdict: verdictText(agency.state, agency.reason, state.i18n),
    });
  }
  return state.i18n.t(state.status.key, state.status.params);
}

function say(state: PageState, status: PageState["status"]): void {
  state.status = status;
  const line = document.getElementById("status");
  if (!line) return;
  line.textContent = statusText(state);
  line.className = status?.error ? "status-line error" : "status-line";
}

/**
 * A new check starts: the previous answer goes at once. Otherwise a check that fails (rate limit, network)
 * would leave another agency's "Licensed" on screen under the error, and a worker could take it for this one.
 */
function startChecking(state: PageState): void {
  state.shown = { kind: "nothing" };
  renderShown(state);
  say(state, { key: "searching" });
}

async function showAgency(state: PageState, agency: string): Promise<void> {
  startChecking(state);
  const answer = await fetchAgency(agency);
  if (answer.ok) {
    state.shown = { kind: "agency", agency: answer.value };
    renderShown(state);
    say(state, { key: "announceAgency" });
  } else if ("unknown" in answer) {
    state.shown = { kind: "unknown", query: agency };
    renderShown(state);
    say(state, { key: "verdict.unknown" });
  } else {
    failed(state, answer.failure);
  }
}

function failed(state: PageState, failure: RegisterFailure): void {
  say(state, { key: failure, error: true });
}

async function search(state: PageState, query: string): Promise<void> {
  state.query = query;
  // The address bar holds the check, so it can be bookmarked, shared or printed as a QR (?q=licence number).
  history.replaceState(null, "", `?${new URLSearchParams({ q: query })}`);
  startChecking(state);
  const answer = await searchAgencies(query);
  if (!answer.ok) {
    if ("failure" in answer) failed(state, answer.failure);
    return;
  }
  const { results, more } = answer.value;
  const [only] = results;
  if (only && results.length === 1) return showAgency(state, only.agency);
  state.shown = results.length === 0 ? { kind: "unknown", query } : { kind: "choices", results, more };
  renderShown(state);
  say(
    state,
    results.length === 0
      ? { key: "noneFound", params: { query: isolated(query) } }
      : { key: "foundMany", params: { n: results.length } },
  );
}

function renderChoices(state: PageState, results: AgencySummary[], more: boolean): HTMLElement {
  const { t } = state.i18n;
  return h(
    "section",
    { id: "results", "aria-labelledby": "results-heading" },
    h("h2", { id: "results-heading" }, t("resultsHeading")),
    more && h("p", { class: "hint" }, t("moreResults")),
    h(
      "ul",
      { class: "choices" },
      ...results.map((result) => {
        const button = h(
          "button",
          { type: "button", class: "choice-button", "data-agency": result.agency },
          h("strong", {}, result.name ?? t("field.unnamed")),
          result.licenceNumber !== null && licenceNumber(result.licenceNumber),
          h(
            "span",
            { class: result.state === "licensed" ? "tag ok" : "tag stop" },
            shortStateText(result.state, state.i18n),
          ),
        );
        button.addEventListener("click", () => void showAgency(state, result.agency));
        return h("li", {}, button);
      }),
    ),
  );
}

function renderShown(state: PageState): void {
  const area = document.getElementById("answer");
  if (!area) return;
  const { shown, i18n } = state;
  area.replaceChildren(
    ...(shown.kind === "choices"
      ? [renderChoices(state, shown.results, shown.more)]
      : shown.kind === "agency"
        ? [renderAgency(shown.agency, i18n)]
        : shown.kind === "unknown"
          ? [renderUnknownAgency(i18n)]
          : []),
  );
}

function render(state: PageState): void {
  const { t } = state.i18n;
  document.title = t("appTitle");
  const input = h("input", {
    id: "search-input",
    type: "search",
    name: "q",
    autocomplete: "off",
    spellcheck: "false",
    maxlength: "100",
    required: true,
    "aria-describedby": "search-hint",
  });
  input.value = state.query;
  // Kept as typed: a language change redraws the form and must not lose it.
  input.addEventListener("input", () => (state.query = input.value));
  const form = h(
    "form",
    { id: "search-form", role: "search" },
    h("label", { for: "search-input" }, t("searchLabel")),
    h("p", { id: "search-hint", class: "hint" }, t("searchHint")),
    h("div", { class: "search-row" }, input, h("button", { type: "submit" }, t("searchButton"))),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void search(state, input.value.trim());
  });
  app.replaceChildren(
    h(
      "header",
      {},
      h("h1", {}, t("appTitle")),
      h("p", { class: "tagline" }, t("tagline")),
      languagePicker(state.i18n, (translator) => {
        state.i18n = translator;
        render(state);
      }),
    ),
    h(
      "main",
      {},
      form,
      // Right under the button, where the eye is; polite so it does not cut the screen reader off mid-word.
      h("p", { id: "status", class: "status-line", role: "status", "aria-live": "polite" }),
      h("div", { id: "answer" }),
    ),
  );
  renderShown(state);
  say(state, state.status);
}

async function start(): Promise<void> {
  const lang = initialLanguage();
  applyLanguage(lang);
  const state: PageState = {
    i18n: await loadTranslator(lang),
    query: new URLSearchParams(location.search).get("q")?.trim() ?? "",
    shown: { kind: "nothing" },
    status: null,
  };
  render(state);
  document.body.dataset.ready = "true";
  const asked = new URLSearchParams(location.search).get("q")?.trim();
  if (asked) await search(state, asked);
}

void start();
