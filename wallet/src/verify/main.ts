/**
 * The border verifier desk (/verify/), online slice: the officer signs in once with the post's authority
 * API key (sessionStorage only), presses "New traveller", the page shows the OpenID4VP request as a large QR
 * and a link, polls the service until the worker's wallet has answered or the request expired, and shows
 * the verdict by itself. A shift log (time, verdict, agency name) lives in sessionStorage until "End shift".
 * English and Arabic (right to left); the language is remembered in localStorage.
 * Offline mode (offline/offline-panel.ts) checks a wallet's offline QR in the page against a stored trust
 * snapshot, with no sign-in and no network; the snapshot's age is on screen in both modes.
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
import {
  agencyAccountOf,
  checkAuthorityKey,
  createRequest,
  fetchAgency,
  pollRequest,
  type CreatedRequest,
  type ResponseVerdict,
} from "./desk-api.ts";
import { endShift, logCheck, shiftLog, type LoggedVerdict } from "./session.ts";
import { renderVerdict, shownVerdict, verdictBanner, verdictWords, type AgencyLookup } from "./verdict-view.ts";
import {
  newOfflineState,
  renderOfflinePanel,
  snapshotAgeLine,
  stopOffline,
  type OfflineDesk,
  type OfflineState,
} from "./offline/offline-panel.ts";

const store = officialPageStore("verify");
const MODE_ITEM = "fairledger-verify-mode";
type DeskMode = "online" | "offline";
/** The snapshot age line is redrawn this often: minutes are its smallest unit past two minutes. */
const AGE_REFRESH_MS = 30_000;
/** Between two asks for the verdict: quick enough to feel immediate, slow enough for a busy service. */
const POLL_INTERVAL_MS = 1500;

type Shown =
  | { kind: "idle" }
  | { kind: "waiting"; request: CreatedRequest }
  | { kind: "expired" }
  | { kind: "verdict"; verdict: ResponseVerdict; agency: AgencyLookup | null; asked?: Record<string, string[]> };

interface DeskState {
  i18n: Translator;
  shown: Shown;
  status: StatusWords | null;
  /** Bumped by every new request, sign-out and end of a wait: a stale poll loop sees it and stops. */
  generation: number;
  mode: DeskMode;
  offline: OfflineState;
  /** The officer ticked "ask for the name" for the next request (kept for the shift, never stored). */
  askHolderName: boolean;
}

const app = document.getElementById("app") as HTMLElement;

function say(state: DeskState, status: StatusWords | null): void {
  state.status = status;
  showStatus(state.i18n, status);
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function lookUpAgency(verdict: ResponseVerdict): Promise<AgencyLookup | null> {
  const first = verdict.presentations[0];
  if (!first) return null;
  const account = agencyAccountOf(first.result.issuer);
  if (!account) return { ok: false, failure: "error.noAgency" };
  return fetchAgency(account);
}

function record(verdict: LoggedVerdict, agency: AgencyLookup | null): void {
  logCheck({ at: new Date().toISOString(), verdict, agencyName: agency?.ok ? agency.value.name : null });
}

/** Polls until the wallet answered or the request expired; a newer request or a sign-out ends it. */
async function awaitVerdict(state: DeskState, key: string, request: CreatedRequest, generation: number) {
  while (state.generation === generation) {
    const answer = await pollRequest(key, request.id);
    if (state.generation !== generation) return;
    if (!answer.ok) {
      if (answer.failure === "error.wrongKey") return signOutWith(state, "error.keyNoLongerValid");
      // A hiccup (network, rate limit) is said and the wait goes on: the request is still open.
      say(state, { key: answer.failure, error: true });
    } else if (answer.value.status === "expired") {
      state.shown = { kind: "expired" };
      record("expired", null);
      renderAll(state);
      say(state, { key: "announce.expired" });
      return;
    } else if (answer.value.status === "answered" && answer.value.verdict) {
      const verdict = answer.value.verdict;
      const agency = await lookUpAgency(verdict);
      if (state.generation !== generation) return;
      state.shown = { kind: "verdict", verdict, agency, asked: answer.value.asked };
      record(shownVerdict(verdict), agency);
      renderAll(state);
      say(state, { key: `announce.${shownVerdict(verdict)}` });
      document.getElementById("verdict")?.focus();
      return;
    } else if (state.status?.error) {
      say(state, { key: "waitingForWallet" });
    }
    await wait(POLL_INTERVAL_MS);
  }
}

async function newTraveller(state: DeskState): Promise<void> {
  const key = store.apiKey();
  if (!key) return renderAll(state);
  state.generation += 1;
  const generation = state.generation;
  // The previous traveller's verdict goes at once: it must never be read as this one's.
  state.shown = { kind: "idle" };
  renderAll(state);
  say(state, { key: "creatingRequest" });
  const created = await createRequest(key, { askHolderName: state.askHolderName });
  if (state.generation !== generation) return;
  if (!created.ok) {
    if (created.failure === "error.wrongKey") return signOutWith(state, "error.keyNoLongerValid");
    say(state, { key: created.failure, error: true });
    return;
  }
  state.shown = { kind: "waiting", request: created.value };
  renderAll(state);
  say(state, { key: "waitingForWallet" });
  await awaitVerdict(state, key, created.value, generation);
}

function signOutWith(state: DeskState, reason: string | null): void {
  store.forgetApiKey();
  state.generation += 1;
  state.shown = { kind: "idle" };
  state.status = reason ? { key: reason, error: true } : null;
  renderAll(state);
}

/** Signs in with an authority's key (the post's): the service is asked whether it is one. */
function renderSignIn(state: DeskState): HTMLElement {
  return apiKeySignInForm({
    i18n: state.i18n,
    say: (status) => say(state, status),
    refusalOf: async (key) => {
      const failure = await checkAuthorityKey(key);
      return failure ? { key: failure === "error.unavailable" ? failure : `signIn.${failure}` } : null;
    },
    signedIn: (key) => {
      store.keepApiKey(key);
      state.status = { key: "signedIn" };
      renderAll(state);
      document.getElementById("new-traveller")?.focus();
    },
  });
}

function renderShown(state: DeskState): HTMLElement | null {
  const { t } = state.i18n;
  const { shown } = state;
  if (shown.kind === "waiting")
    return h(
      "section",
      { id: "request", "aria-labelledby": "request-heading" },
      h("h2", { id: "request-heading" }, t("requestHeading")),
      h("p", {}, t("requestHint")),
      h("img", { id: "request-qr", class: "request-qr", src: shown.request.qrPng, alt: t("qrAlt") }),
      h("p", { class: "hint" }, t("linkLabel")),
      h("p", { id: "request-link", class: "request-link", dir: "ltr" }, shown.request.link),
      h(
        "p",
        { class: "hint" },
        t("expiresAt", { time: new Date(shown.request.expiresAt).toLocaleTimeString(state.i18n.lang) }),
      ),
    );
  if (shown.kind === "expired") return verdictBanner("expired", state.i18n);
  if (shown.kind === "verdict") return renderVerdict(shown.verdict, shown.agency, state.i18n, { asked: shown.asked });
  return null;
}

function renderLog(state: DeskState): HTMLElement {
  const { t, lang } = state.i18n;
  const entries = shiftLog();
  const end = h("button", { type: "button", id: "end-shift", class: "secondary" }, t("endShift"));
  end.addEventListener("click", () => {
    endShift();
    renderAll(state);
    say(state, { key: "shiftEnded" });
  });
  return h(
    "section",
    { id: "shift-log", "aria-labelledby": "log-heading" },
    h("h2", { id: "log-heading" }, t("logHeading")),
    h("p", { class: "hint" }, t("logHint")),
    entries.length === 0
      ? h("p", { id: "log-empty" }, t("logEmpty"))
      : h(
          "table",
          {},
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, t("log.time")),
              h("th", { scope: "col" }, t("log.verdict")),
              h("th", { scope: "col" }, t("log.agency")),
            ),
          ),
          h(
            "tbody",
            {},
            ...[...entries]
              .reverse()
              .map((entry) =>
                h(
                  "tr",
                  { "data-verdict": entry.verdict },
                  h("td", {}, new Date(entry.at).toLocaleString(lang)),
                  h(
                    "td",
                    {},
                    verdictWords(entry.verdict, state.i18n) +
                      (entry.offline ? ` (${state.i18n.t("log.offline")})` : ""),
                  ),
                  h("td", {}, entry.agencyName ?? "—"),
                ),
              ),
          ),
        ),
    end,
  );
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

function offlineDesk(state: DeskState): OfflineDesk {
  return {
    i18n: state.i18n,
    offline: state.offline,
    say: (key, error, params) => say(state, { key, error, params }),
    rerender: () => renderAll(state),
    now: nowSeconds,
  };
}

function modeSwitch(state: DeskState): HTMLElement {
  const { t } = state.i18n;
  const buttons = (["online", "offline"] as const).map((mode) => {
    const button = h(
      "button",
      { type: "button", id: `mode-${mode}`, class: "mode-button", "aria-pressed": String(state.mode === mode) },
      t(`mode.${mode}`),
    );
    button.addEventListener("click", () => {
      if (state.mode === mode) return;
      if (mode === "online") stopOffline(offlineDesk(state));
      state.mode = mode;
      sessionStorage.setItem(MODE_ITEM, mode);
      state.status = null;
      renderAll(state);
      document.getElementById(`mode-${mode}`)?.focus();
    });
    return button;
  });
  return h("div", { class: "mode-switch", role: "group", "aria-label": t("mode.label") }, ...buttons);
}

function renderOnline(state: DeskState, main: HTMLElement): boolean {
  const { t } = state.i18n;
  const signedIn = store.apiKey() !== null;
  if (!signedIn) {
    main.append(renderSignIn(state));
  } else {
    const start = h("button", { type: "button", id: "new-traveller", class: "primary-large" }, t("newTraveller"));
    start.addEventListener("click", () => void newTraveller(state));
    const out = h("button", { type: "button", id: "sign-out", class: "secondary" }, t("signOut"));
    out.addEventListener("click", () => signOutWith(state, null));
    const askName = h("input", { type: "checkbox", id: "ask-name" });
    askName.checked = state.askHolderName;
    askName.addEventListener("change", () => {
      state.askHolderName = askName.checked;
    });
    const askNameField = h(
      "div",
      { class: "ask-name" },
      askName,
      h("label", { for: "ask-name" }, t("askName")),
      h("p", { class: "hint", id: "ask-name-hint" }, t("askNameHint")),
    );
    askName.setAttribute("aria-describedby", "ask-name-hint");
    main.append(h("div", { class: "desk-actions" }, start, out), askNameField);
  }
  main.append(statusLine());
  const shown = signedIn ? renderShown(state) : null;
  if (shown) main.append(h("div", { id: "answer", tabindex: "-1" }, shown));
  return signedIn;
}

function renderAll(state: DeskState): void {
  const { t } = state.i18n;
  document.title = t("appTitle");
  const main = h("main", {}, modeSwitch(state));
  let showLog = true;
  if (state.mode === "online") showLog = renderOnline(state, main);
  else {
    main.append(statusLine());
    main.append(renderOfflinePanel(offlineDesk(state)));
  }
  if (showLog) main.append(renderLog(state));
  app.replaceChildren(
    h(
      "header",
      {},
      h("h1", {}, t("appTitle")),
      h("p", { class: "tagline" }, t("tagline")),
      officialLanguageSelect(state.i18n, store, (translator) => {
        state.i18n = translator;
        renderAll(state);
      }),
      snapshotAgeLine(state.i18n, nowSeconds()),
    ),
    main,
  );
  say(state, state.status);
}

async function start(): Promise<void> {
  const lang = store.storedLanguage();
  store.applyLanguage(lang);
  const state: DeskState = {
    i18n: await loadTranslator(lang),
    shown: { kind: "idle" },
    status: null,
    generation: 0,
    mode: sessionStorage.getItem(MODE_ITEM) === "offline" ? "offline" : "online",
    offline: newOfflineState(),
    askHolderName: false,
  };
  renderAll(state);
  setInterval(
    () => document.getElementById("snapshot-age")?.replaceWith(snapshotAgeLine(state.i18n, nowSeconds())),
    AGE_REFRESH_MS,
  );
  document.body.dataset.ready = "true";
}

void start();
