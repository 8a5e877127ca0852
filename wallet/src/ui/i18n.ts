/**
 * Languages: English, Tagalog (Philippines, origin of the PH→SA corridor), Hindi (India, origin of the
 * IN→AE corridor) and Arabic (Saudi Arabia and the Emirates, destinations; right to left). Strings live
 * in locales/<lang>.json next to the page, cached by the service worker; the choice is remembered in localStorage.
 */
export const LANGUAGES = [
  { code: "en", name: "English", dir: "ltr" },
  { code: "tl", name: "Tagalog", dir: "ltr" },
  { code: "hi", name: "हिन्दी", dir: "ltr" },
  { code: "ar", name: "العربية", dir: "rtl" },
] as const;
export type LanguageCode = (typeof LANGUAGES)[number]["code"];

const STORAGE_KEY = "fairledger-wallet-language";
export type Messages = Record<string, string>;

export interface Translator {
  lang: LanguageCode;
  t(key: string, params?: Record<string, string | number>): string;
}

export function initialLanguage(): LanguageCode {
  const stored = localStorage.getItem(STORAGE_KEY);
  const known = (code: string | null) => LANGUAGES.find((language) => language.code === code)?.code;
  return known(stored) ?? known(navigator.language.slice(0, 2)) ?? (navigator.language.startsWith("fil") ? "tl" : "en");
}

export async function loadTranslator(lang: LanguageCode): Promise<Translator> {
  const fetchMessages = async (code: LanguageCode) =>
    (await (await fetch(new URL(`locales/${code}.json`, document.baseURI))).json()) as Messages;
  const [messages, english] = await Promise.all([fetchMessages(lang), lang === "en" ? undefined : fetchMessages("en")]);
  return {
    lang,
    t: (key, params = {}) =>
      (messages[key] ?? english?.[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) =>
        name in params ? String(params[name]) : whole,
      ),
  };
}

/** Sets lang and dir on <html> and remembers the choice. */
export function applyLanguage(lang: LanguageCode): void {
  const language = LANGUAGES.find((candidate) => candidate.code === lang);
  if (!language) throw new Error(`no such language: ${lang}`);
  document.documentElement.lang = lang === "tl" ? "fil" : lang;
  document.documentElement.dir = language.dir;
  localStorage.setItem(STORAGE_KEY, lang);
}
