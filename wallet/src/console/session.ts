/**
 * What the console keeps, and where: the authority's API key lives in sessionStorage only — gone when the
 * browser tab closes or on sign-out, never written to disk as localStorage would be. The language choice
 * (not a secret) is remembered in localStorage.
 */
const KEY_ITEM = "fairledger-console-api-key";
const LANGUAGE_ITEM = "fairledger-console-language";

export const apiKey = (): string | null => sessionStorage.getItem(KEY_ITEM);
export const keepApiKey = (key: string): void => sessionStorage.setItem(KEY_ITEM, key);
export const signOut = (): void => sessionStorage.removeItem(KEY_ITEM);

export type ConsoleLanguage = "en" | "ar";

export function storedLanguage(): ConsoleLanguage {
  const stored = localStorage.getItem(LANGUAGE_ITEM);
  return stored === "ar" || stored === "en" ? stored : navigator.language.startsWith("ar") ? "ar" : "en";
}

/** Sets lang and dir on <html> and remembers the choice. */
export function applyLanguage(lang: ConsoleLanguage): void {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
  localStorage.setItem(LANGUAGE_ITEM, lang);
}
