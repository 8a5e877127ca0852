/**
 * The licensing authority's console (/console/): signed in with the authority's API key (sessionStorage
 * only; sign-out forgets it), everything an authority does goes through the authorities' API of the
 * service that serves the page — agencies and their licences with history, licence changes with reasons in
 * words, onboarding principals (their key shown once), employers and insurers, corridor fee policies (both
 * countries approve), workers' complaints per agency (marked handled with an outcome), and the audit log of its own actions. English and Arabic (right to left), the choice
 * remembered in localStorage. Progress and success are said in the status line (role=status); a refusal
 * next to the button that caused it (role=alert), in words.
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
import { failureKey, get, type Identity } from "./console-api.ts";
import type { ConsoleContext, Section } from "./context.ts";
import { agenciesSection } from "./sections/agencies.ts";
import { auditSection } from "./sections/audit.ts";
import { complaintsSection } from "./sections/complaints.ts";
import { corridorsSection } from "./sections/corridors.ts";
import { membersSection } from "./sections/members.ts";
import { forgetIssuedKey, onboardSection } from "./sections/onboard.ts";

const store = officialPageStore("console");
const SECTIONS: Section[] = ["agencies", "complaints", "onboard", "members", "corridors", "audit"];

interface ConsoleState {
  i18n: Translator;
  me: Identity | null;
  section: Section;
  prefill: Record<string, string>;
  status: StatusWords | null;
  /** Bumped by every redraw of a section: a slower earlier load sees it and does not overwrite. */
  generation: number;
}

const app = document.getElementById("app") as HTMLElement;

/** The authority's name with its country, unless the name already says it ("… (PH)"). */
function whoName(me: Identity): string {
  const name = me.name ?? me.did;
  return me.jurisdiction && !name.includes(`(${me.jurisdiction})`) ? `${name} (${me.jurisdiction})` : name;
}

function say(state: ConsoleState, status: StatusWords | null): void {
  state.status = status;
  showStatus(state.i18n, status);
}

function contextOf(state: ConsoleState, key: string, me: Identity): ConsoleContext {
  return {
    i18n: state.i18n,
    key,
    me,
    announce: (messageKey, params) => say(state, { key: messageKey, params }),
    show: (section, prefill = {}) => {
      state.section = section;
      state.prefill = prefill;
      void loadSection(state);
    },
    keyRefused: () => signOutWith(state, "error.keyNoLongerValid"),
  };
}

async function loadSection(state: ConsoleState): Promise<void> {
  const key = store.apiKey();
  const holder = document.getElementById("section");
  if (!key || !state.me || !holder) return;
  state.generation += 1;
  const generation = state.generation;
  for (const button of document.querySelectorAll<HTMLButtonElement>("#sections button"))
    button.setAttribute("aria-pressed", String(button.dataset.section === state.section));
  if (state.section !== "onboard") forgetIssuedKey();
  holder.setAttribute("aria-busy", "true");
  const ctx = contextOf(state, key, state.me);
  const prefill = state.prefill;
  const loaders: Record<Section, () => Promise<HTMLElement>> = {
    agencies: () => agenciesSection(ctx, prefill),
    complaints: () => complaintsSection(ctx, prefill),
    onboard: () => onboardSection(ctx),
    members: () => membersSection(ctx),
    corridors: () => corridorsSection(ctx),
    audit: () => auditSection(ctx),
  };
  const element = await loaders[state.section]();
  if (generation !== state.generation || !document.body.contains(holder)) return;
  holder.replaceChildren(element);
  holder.removeAttribute("aria-busy");
  holder.dataset.loaded = state.section;
  if (state.section === "onboard" && document.getElementById("new-key")) document.getElementById("new-key")?.focus();
  // The redraw replaced the button that had focus: focus goes to the section's heading, not to the page's start.
  else if (document.activeElement === document.body || !document.activeElement) {
    const heading = holder.querySelector("h2");
    heading?.setAttribute("tabindex", "-1");
    heading?.focus();
  }
}

function signOutWith(state: ConsoleState, reason: string | null): void {
  store.forgetApiKey();
  forgetIssuedKey();
  state.me = null;
  state.generation += 1;
  state.status = reason ? { key: reason, error: true } : { key: "signedOut" };
  renderAll(state);
}

/** Signs in with an authority's key only: the service says whose key it is (another kind is refused in words). */
function renderSignIn(state: ConsoleState): HTMLElement {
  return apiKeySignInForm({
    i18n: state.i18n,
    say: (status) => say(state, status),
    refusalOf: async (key) => {
      const answer = await get<Identity>(key, "identity");
      if (!answer.ok)
        return { key: answer.failure.status === 401 ? "signIn.error.wrongKey" : failureKey(answer.failure) };
      if (answer.value.kind !== "authority") return { key: "signIn.error.notAuthority" };
      state.me = answer.value;
      return null;
    },
    signedIn: (key) => {
      store.keepApiKey(key);
      state.section = "agencies";
      state.status = { key: "signedIn", params: { name: whoName(state.me as Identity) } };
      renderAll(state);
      document.getElementById("sections")?.querySelector("button")?.focus();
    },
  });
}

function renderAll(state: ConsoleState): void {
  const { t } = state.i18n;
  document.title = t("appTitle");
  const main = h("main", {});
  const signedIn = store.apiKey() !== null && state.me !== null;
  if (!signedIn) {
    main.append(renderSignIn(state));
    main.append(statusLine());
  } else {
    const me = state.me as Identity;
    const out = h("button", { type: "button", id: "sign-out", class: "secondary" }, t("signOut"));
    out.addEventListener("click", () => signOutWith(state, null));
    const nav = h("nav", { id: "sections", "aria-label": t("nav.label") });
    for (const section of SECTIONS) {
      const button = h(
        "button",
        { type: "button", "data-section": section, "aria-pressed": String(section === state.section) },
        t(`nav.${section}`),
      );
      button.addEventListener("click", () => {
        state.section = section;
        state.prefill = {};
        void loadSection(state);
      });
      nav.append(button);
    }
    main.append(
      h("div", { class: "who" }, h("p", { id: "signed-in-as" }, t("signedInAs", { name: whoName(me) })), out),
      nav,
      statusLine(),
      h("div", { id: "section" }),
    );
  }
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
    ),
    main,
  );
  say(state, state.status);
  if (signedIn) void loadSection(state);
}

async function start(): Promise<void> {
  const lang = store.storedLanguage();
  store.applyLanguage(lang);
  const state: ConsoleState = {
    i18n: await loadTranslator(lang),
    me: null,
    section: "agencies",
    prefill: {},
    status: null,
    generation: 0,
  };
  // A key kept from earlier in this tab: ask who it is again (it may have been revoked meanwhile).
  const key = store.apiKey();
  if (key) {
    const answer = await get<Identity>(key, "identity");
    if (answer.ok && answer.value.kind === "authority") state.me = answer.value;
    else store.forgetApiKey();
  }
  renderAll(state);
  document.body.dataset.ready = "true";
}

void start();
