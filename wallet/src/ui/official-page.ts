/**
 * What the three officials' pages — the border desk (/verify/), the authority console (/console/) and the
 * inspector's dashboard (/inspect/) — share: the official's API key kept in sessionStorage only (gone when
 * the tab closes or on sign-out, never written to disk as localStorage would be), the language choice
 * (English or Arabic, right to left; not a secret, so remembered in localStorage), the status line
 * (role=status) and the sign-in form. Each page names its own storage items, so signing out of one page
 * leaves the others signed in.
 */
import { h } from "./dom.ts";
import { loadTranslator, type Translator } from "./i18n.ts";

export const OFFICIAL_LANGUAGES = [
  { code: "en", name: "English", dir: "ltr" },
  { code: "ar", name: "العربية", dir: "rtl" },
] as const;
export type OfficialLanguage = (typeof OFFICIAL_LANGUAGES)[number]["code"];

/** A message of the page's locales, said in the status line; an error is styled as one. */
export interface StatusWords {
  key: string;
  params?: Record<string, string | number>;
  error?: boolean;
}

export interface OfficialPageStore {
  apiKey(): string | null;
  keepApiKey(key: string): void;
  forgetApiKey(): void;
  /** The language chosen earlier on this page, else the browser's when it is Arabic, else English. */
  storedLanguage(): OfficialLanguage;
  /** Sets lang and dir on <html> and remembers the choice. */
  applyLanguage(lang: OfficialLanguage): void;
}

export function officialPageStore(page: "verify" | "console" | "inspect"): OfficialPageStore {
  const keyItem = `fairledger-${page}-api-key`;
  const languageItem = `fairledger-${page}-language`;
  return {
    apiKey: () => sessionStorage.getItem(keyItem),
    keepApiKey: (key) => sessionStorage.setItem(keyItem, key),
    forgetApiKey: () => sessionStorage.removeItem(keyItem),
    storedLanguage: () => {
      const stored = localStorage.getItem(languageItem);
      return stored === "ar" || stored === "en" ? stored : navigator.language.startsWith("ar") ? "ar" : "en";
    },
    applyLanguage: (lang) => {
      document.documentElement.lang = lang;
      document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
      localStorage.setItem(languageItem, lang);
    },
  };
}

/** The page's status line, empty; `showStatus` fills it. `extraClass` e.g. "no-print". */
export function statusLine(extraClass = ""): HTMLElement {
  return h("p", {
    id: "status",
    class: extraClass ? `status-line ${extraClass}` : "status-line",
    role: "status",
    "aria-live": "polite",
  });
}

/** Writes `status` in words into the page's status line (if drawn); null clears it. */
export function showStatus(i18n: Translator, status: StatusWords | null): void {
  const line = document.getElementById("status");
  if (!line) return;
  line.textContent = status ? i18n.t(status.key, status.params) : "";
  line.classList.toggle("error", Boolean(status?.error));
}

/**
 * The language select of an official's page: on change it loads the translator, applies and remembers the
 * language, lets the page redraw, and gives focus back to the (redrawn) select.
 */
export function officialLanguageSelect(
  current: Translator,
  store: OfficialPageStore,
  changed: (translator: Translator) => void,
  extraClass = "",
): HTMLElement {
  const select = h("select", { id: "language-select" });
  for (const language of OFFICIAL_LANGUAGES) {
    const option = h("option", { value: language.code, lang: language.code }, language.name);
    option.selected = language.code === current.lang;
    select.append(option);
  }
  select.addEventListener("change", async () => {
    const lang = select.value as OfficialLanguage;
    const translator = await loadTranslator(lang);
    store.applyLanguage(lang);
    changed(translator);
    document.getElementById("language-select")?.focus();
  });
  return h(
    "div",
    { class: extraClass ? `language ${extraClass}` : "language" },
    h("label", { for: "language-select" }, current.t("language")),
    select,
  );
}

export interface SignInOptions {
  i18n: Translator;
  say(status: StatusWords): void;
  /** Asks the service about the key: null when it may sign in here, else why not (said, the field marked). */
  refusalOf(key: string): Promise<StatusWords | null>;
  /** The key was accepted; the page keeps it and redraws. */
  signedIn(key: string): void;
}

/**
 * The sign-in form: one password field for the API key and a button. While the service is asked the
 * button is disabled and "signing in" is said; a refusal is said in words, the field is marked invalid and
 * keeps focus.
 */
export function apiKeySignInForm({ i18n, say, refusalOf, signedIn }: SignInOptions): HTMLElement {
  const { t } = i18n;
  const input = h("input", {
    id: "api-key-input",
    type: "password",
    name: "apiKey",
    autocomplete: "off",
    spellcheck: "false",
    required: true,
    dir: "ltr",
    "aria-describedby": "api-key-hint status",
  });
  const submit = h("button", { type: "submit" }, t("signInButton"));
  const form = h(
    "form",
    { id: "sign-in-form", "aria-labelledby": "sign-in-heading" },
    h("h2", { id: "sign-in-heading" }, t("signInHeading")),
    h("label", { for: "api-key-input" }, t("apiKeyLabel")),
    h("p", { id: "api-key-hint", class: "hint" }, t("apiKeyHint")),
    h("div", { class: "search-row" }, input, submit),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    submit.disabled = true;
    say({ key: "signingIn" });
    const refusal = await refusalOf(key);
    submit.disabled = false;
    if (refusal) {
      say({ ...refusal, error: true });
      input.setAttribute("aria-invalid", "true");
      input.focus();
      return;
    }
    signedIn(key);
  });
  return form;
}
