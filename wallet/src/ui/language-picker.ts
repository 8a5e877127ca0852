/**
 * The language choice both pages show (the wallet, the agency check): a labelled select of the four
 * languages; on change the page loads the translator, sets `lang`/`dir` and redraws, and focus returns to
 * the select (the redraw replaced it).
 */
import { h } from "./dom.ts";
import { LANGUAGES, applyLanguage, loadTranslator, type LanguageCode, type Translator } from "./i18n.ts";

export function languagePicker(current: Translator, changed: (translator: Translator) => void): HTMLElement {
  const select = h("select", { id: "language-select" });
  for (const language of LANGUAGES) {
    const option = h(
      "option",
      { value: language.code, lang: language.code === "tl" ? "fil" : language.code },
      language.name,
    );
    option.selected = language.code === current.lang;
    select.append(option);
  }
  select.addEventListener("change", async () => {
    const lang = select.value as LanguageCode;
    const translator = await loadTranslator(lang);
    applyLanguage(lang);
    changed(translator);
    document.getElementById("language-select")?.focus();
  });
  return h("div", { class: "language" }, h("label", { for: "language-select" }, current.t("language")), select);
}
