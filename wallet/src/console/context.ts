/**
 * What every section of the console shares: the translator, the signed-in authority (key and identity),
 * and the page's ways to speak — a status line at the top for progress and success (role=status), and an
 * error slot next to the button that failed (role=alert) with the refusal in words.
 */
import { h } from "../ui/dom.ts";
import type { Translator } from "../ui/i18n.ts";
import { failureKey, type ApiAnswer, type ApiFailure, type Identity } from "./console-api.ts";

export type Section = "agencies" | "complaints" | "onboard" | "members" | "corridors" | "audit";

export interface ConsoleContext {
  i18n: Translator;
  key: string;
  me: Identity;
  /** Says a progress or success line at the top of the page (announced politely). */
  announce(messageKey: string, params?: Record<string, string | number>): void;
  /** Draws `section` again from the API (after a change, or to switch to it), with `prefill` for its forms. */
  show(section: Section, prefill?: Record<string, string>): void;
  /** The key was refused in the middle of the session (revoked, expired): sign out, saying why. */
  keyRefused(): void;
}

/** The refusal in words: what kind it is (localised), then the service's own words naming what is wrong. */
export function failureWords(failure: ApiFailure, i18n: Translator): string {
  const kind = i18n.t(failureKey(failure));
  return failure.detail ? `${kind} ${i18n.t("error.serviceSaid", { detail: failure.detail })}` : kind;
}

/** An error slot to put next to a button: empty until something fails. */
export const errorSlot = (id: string): HTMLElement =>
  h("p", { id, class: "form-error", role: "alert", "aria-live": "assertive" });

/**
 * Runs one API call for a button: the button is disabled meanwhile, a refusal is written into `slot` in
 * words (a refused key signs out), and `done` gets the answer when it succeeded.
 */
export async function runAction<T>(
  ctx: ConsoleContext,
  button: HTMLButtonElement,
  slot: HTMLElement,
  work: () => Promise<ApiAnswer<T>>,
  done: (value: T) => void,
): Promise<void> {
  button.disabled = true;
  slot.textContent = "";
  ctx.announce("working");
  const answer = await work();
  button.disabled = false;
  if (answer.ok) return done(answer.value);
  if (answer.failure.status === 401) return ctx.keyRefused();
  ctx.announce("actionFailed");
  slot.textContent = failureWords(answer.failure, ctx.i18n);
}

/** A labelled form field: label, optional hint, control. */
export function field(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  control.id = id;
  if (hint) control.setAttribute("aria-describedby", `${id}-hint`);
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    hint ? h("p", { id: `${id}-hint`, class: "hint" }, hint) : null,
    control,
  );
}

/** A date-time from the API in the page's language; "—" when absent. */
export const when = (iso: string | null | undefined, i18n: Translator): string =>
  iso
    ? new Date(iso).toLocaleString(i18n.lang, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC"
    : "—";

export const day = (iso: string | null | undefined, i18n: Translator): string =>
  iso ? new Date(iso).toLocaleDateString(i18n.lang, { dateStyle: "medium", timeZone: "UTC" }) : "—";

/** An account as shown: short, left to right even in Arabic. */
export const accountText = (account: string): HTMLElement =>
  h("bdi", { dir: "ltr", class: "account", title: account }, account.toLowerCase());

/** The licence reasons (common/src/licence-reasons.ts) as a labelled select, in words. */
export function reasonSelect(id: string, names: readonly string[], i18n: Translator): HTMLSelectElement {
  // Checked by the form itself (its message next to the button), not by the browser's own bubble.
  const select = h("select", { id, "aria-required": "true" });
  select.append(h("option", { value: "" }, i18n.t("reason.choose")));
  for (const name of names) select.append(h("option", { value: name }, i18n.t(`reason.${name}`)));
  return select;
}
