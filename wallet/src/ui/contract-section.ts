/**
 * On the card of an employment contract: the contract document itself, in full, as text, and whether
 * it is the contract the ledger anchored (its fingerprint matches the credential's `contractHash`) — or
 * a clear warning that it is not. Also whom to ask when the paper is in trouble, with their contacts.
 */
import type { ContractCheck } from "../credentials/contract-check.ts";
import type { StatusContact } from "../pickup/ledger-status.ts";
import { h } from "./dom.ts";
import type { Translator } from "./i18n.ts";

/** The words for a check's outcome (shared with the printed paper). */
export function contractCheckWords(check: ContractCheck, t: Translator["t"]): string {
  if (check.kind === "match") return t("contractMatches");
  if (check.kind === "mismatch") return t("contractMismatch");
  return t("contractCannotCheck");
}

export function contractSection(check: ContractCheck | undefined, t: Translator["t"]): HTMLElement | false {
  if (!check || check.kind === "none") return false;
  const verdict = check.kind === "match" ? "match" : check.kind === "mismatch" ? "mismatch" : "unknown";
  return h(
    "section",
    { class: `contract contract-${verdict}`, "data-contract": verdict },
    h("h4", {}, t("contractTitle")),
    h(
      "p",
      { class: `contract-verdict verdict-${verdict}`, role: check.kind === "mismatch" ? "alert" : undefined },
      contractCheckWords(check, t),
    ),
    "fingerprint" in check &&
      h("p", { class: "meta fingerprint" }, t("contractFingerprint", { fingerprint: check.fingerprint })),
    check.text !== undefined
      ? h(
          "details",
          { class: "contract-text", open: check.kind === "match" ? undefined : true },
          h("summary", {}, t("contractRead")),
          // Text, never HTML; dir auto so an Arabic contract reads right to left inside any page language.
          h("pre", { class: "contract-document", dir: "auto", tabindex: "0" }, check.text),
        )
      : h("p", { class: "hint" }, t("contractNotText")),
  );
}

export function contactsList(contacts: readonly StatusContact[] | undefined, t: Translator["t"]): HTMLElement | false {
  if (!contacts || contacts.length === 0) return false;
  return h(
    "ul",
    { class: "contacts" },
    ...contacts.map((contact) =>
      h(
        "li",
        { "data-role": contact.role },
        t(contact.role === "agency" ? "contactAgency" : "contactAuthority", { name: contact.name }),
        contact.contact ? h("span", { class: "contact-how" }, ` — ${contact.contact}`) : undefined,
      ),
    ),
  );
}
