/**
 * One agency as the page shows it: first a big verdict a worker cannot miss ("Licensed", "Suspended —
 * reason", "Not licensed / unknown agency — do not pay"), then the facts behind it — authority and country,
 * since when, corridors with their fee policy, licence history with reasons, complaints, and where each
 * fact comes from (the ledger or this service's records).
 */
import { h } from "../ui/dom.ts";
import { countryName, formatAmount, formatDate } from "../ui/format.ts";
import type { Translator } from "../ui/i18n.ts";
import type { AgencyDetail, AgencyState, FeePolicy, Reason } from "./register-api.ts";

/** The verdict's look: `ok` only for a licence valid now; everything else says do not pay. */
export type VerdictState = AgencyState | "unknown";

const VERDICT_KEY: Record<VerdictState, string> = {
  licensed: "verdict.licensed",
  suspended: "verdict.suspended",
  revoked: "verdict.revoked",
  expired: "verdict.expired",
  "not-yet-valid": "verdict.notYetValid",
  "not-licensed": "verdict.notLicensed",
  unknown: "verdict.unknown",
};

/** A reason in the reader's language; the register's English words for a code the page does not know. */
export function reasonWords(reason: Reason | null, i18n: Translator): string {
  if (!reason) return i18n.t("reason.unspecified");
  const key = `reason.${reason.name}`;
  const translated = i18n.t(key);
  return translated === key ? reason.words : translated;
}

/** The state in a few words, for a list of matches (which carries no reasons). */
export function shortStateText(state: AgencyState, i18n: Translator): string {
  return i18n.t(VERDICT_KEY[state].replace("verdict.", "short."));
}

export function verdictText(state: VerdictState, reason: Reason | null, i18n: Translator): string {
  return i18n.t(VERDICT_KEY[state], { reason: reasonWords(reason, i18n) });
}

function verdict(state: VerdictState, reason: Reason | null, i18n: Translator): HTMLElement {
  const ok = state === "licensed";
  return h(
    "div",
    { class: `verdict ${ok ? "ok" : "stop"}`, "data-state": state },
    h("span", { class: "verdict-mark", "aria-hidden": "true" }, ok ? "✓" : "✕"),
    h("strong", { class: "verdict-text" }, verdictText(state, reason, i18n)),
    h(
      "span",
      { class: "verdict-advice" },
      i18n.t(ok ? "licensedAdvice" : state === "unknown" ? "unknownAdvice" : "doNotPay"),
    ),
  );
}

function feeWords(policy: FeePolicy | null, i18n: Translator): string {
  if (!policy) return i18n.t("feeUnknown");
  if (policy.workersPayNoFees) return i18n.t("feeNone");
  return i18n.t("feeCap", { amount: formatAmount(policy.maxWorkerPaidFee, policy.currency, i18n.lang) });
}

const fact = (label: string, value: string | Node) => [h("dt", {}, label), h("dd", {}, value)];

/**
 * A licence number is compared character by character with the one on the agency's paper: always left to
 * right, so that in Arabic "POE/KL/2026/117" is not shown reordered as "117/2026/POE/KL".
 */
export function licenceNumber(value: string): HTMLElement {
  return h("bdi", { dir: "ltr", class: "licence-number" }, value);
}

/** A name of unknown script inside a sentence: isolated, so it does not reorder the words around it. */
export const isolated = (text: string) => `\u2068${text}\u2069`;

/** The page of an agency neither the ledger nor the service knows: only the verdict. */
export function renderUnknownAgency(i18n: Translator): HTMLElement {
  return h(
    "section",
    { id: "agency", "aria-labelledby": "agency-heading" },
    h("h2", { id: "agency-heading" }, i18n.t("unknownHeading")),
    verdict("unknown", null, i18n),
  );
}

export function renderAgency(agency: AgencyDetail, i18n: Translator): HTMLElement {
  const { t, lang } = i18n;
  const facts: HTMLElement[] = [
    ...fact(
      t("field.licenceNumber"),
      agency.licenceNumber === null ? t("field.noLicenceNumber") : licenceNumber(agency.licenceNumber),
    ),
  ];
  if (agency.authority) {
    facts.push(
      ...fact(
        t("field.authority"),
        t("field.authorityValue", {
          name: agency.authority.name ?? t("field.authorityUnnamed"),
          country: countryName(agency.authority.country, lang),
        }),
      ),
    );
  }
  if (agency.since) facts.push(...fact(t("field.since"), formatDate(agency.since, lang)));
  if (agency.licence && agency.state === "licensed")
    facts.push(...fact(t("field.validUntil"), formatDate(agency.licence.validUntil, lang)));
  facts.push(
    ...fact(
      t("field.complaints"),
      agency.complaints.count === null
        ? t("complaintsNotRecorded")
        : t("complaintsCount", { count: agency.complaints.count, open: agency.complaints.open ?? 0 }),
    ),
  );

  const corridors =
    agency.corridors.length > 0 &&
    h(
      "section",
      { "aria-labelledby": "corridors-heading" },
      h("h3", { id: "corridors-heading" }, t("field.corridors")),
      h(
        "ul",
        { class: "corridors" },
        ...agency.corridors.map((corridor) =>
          h(
            "li",
            { "data-corridor": corridor.corridor },
            h(
              "strong",
              {},
              t("corridor", { from: countryName(corridor.origin, lang), to: countryName(corridor.destination, lang) }),
            ),
            h(
              "span",
              { class: corridor.feePolicy?.workersPayNoFees ? "fee no-fees" : "fee" },
              feeWords(corridor.feePolicy, i18n),
            ),
          ),
        ),
      ),
    );

  const history =
    agency.history.length > 0 &&
    h(
      "section",
      { "aria-labelledby": "history-heading" },
      h("h3", { id: "history-heading" }, t("historyHeading")),
      h(
        "ol",
        { class: "history" },
        ...agency.history.map((entry) =>
          h(
            "li",
            { "data-event": entry.event },
            h("span", { class: "when" }, formatDate(entry.event === "revoked" ? entry.effectiveFrom : entry.at, lang)),
            " ",
            h("strong", {}, t(`event.${entry.event}`)),
            entry.reason &&
              h("span", { class: "reason" }, t("historyReason", { reason: reasonWords(entry.reason, i18n) })),
          ),
        ),
      ),
    );

  return h(
    "section",
    { id: "agency", "aria-labelledby": "agency-heading", "data-agency": agency.agency },
    h("h2", { id: "agency-heading" }, agency.name ?? t("field.unnamed")),
    verdict(agency.state, agency.reason, i18n),
    h("dl", { class: "facts" }, ...facts),
    corridors,
    history,
    h(
      "section",
      { "aria-labelledby": "sources-heading", class: "sources" },
      h("h3", { id: "sources-heading" }, t("sourcesHeading")),
      h("p", {}, t("sourceChain")),
      h("p", {}, t("sourceService")),
      agency.name !== null && agency.licence?.licenceRecordMatchesChain !== true && h("p", {}, t("nameNotChecked")),
    ),
  );
}
