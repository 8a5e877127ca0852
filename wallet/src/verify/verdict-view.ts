/**
 * The verdict as the officer reads it: one big line (VALID / NOT VALID / CANNOT CHECK), then whose papers
 * (the claims disclosed, by their type-metadata labels), then the issuing agency by name, licence number and
 * licensing authority from the public register — its licence state now beside the verifier's
 * `issuer-licensed` result at issue time — then each check, expandable with its reason.
 */
import { CREDENTIAL_TYPES, claimLabel, type CredentialType } from "@fairledger/common";
import { h } from "../ui/dom.ts";
import { countryName, formatAmount, formatDate } from "../ui/format.ts";
import type { Translator } from "../ui/i18n.ts";
import type { AgencyRecord, CheckResult, DeskFailure, PresentationResult, ResponseVerdict } from "./desk-api.ts";
import type { LoggedVerdict } from "./session.ts";

/** The agency as the register answered for it: its record, or why it could not be read. */
export type AgencyLookup = { ok: true; value: AgencyRecord } | { ok: false; failure: DeskFailure | "error.noAgency" };

/** The outcome the big line shows: a declined request is not a verdict on papers. */
export function shownVerdict(verdict: ResponseVerdict): LoggedVerdict {
  return verdict.refused?.code === "ERR_VP_DECLINED" ? "declined" : verdict.outcome;
}

const VERDICT_CLASS: Record<LoggedVerdict, string> = {
  valid: "ok",
  invalid: "stop",
  "cannot-verify": "unsure",
  declined: "unsure",
  expired: "unsure",
};

export const verdictWords = (verdict: LoggedVerdict, i18n: Translator) => i18n.t(`verdict.${verdict}`);

export function verdictBanner(verdict: LoggedVerdict, i18n: Translator, detail?: string): HTMLElement {
  return h(
    "div",
    { id: "verdict", class: `verdict ${VERDICT_CLASS[verdict]}`, "data-outcome": verdict, tabindex: "-1" },
    h("strong", { class: "verdict-text" }, verdictWords(verdict, i18n)),
    h("span", { class: "verdict-advice" }, detail ?? i18n.t(`advice.${verdict}`)),
  );
}

const typeOf = (result: PresentationResult): CredentialType | null =>
  (CREDENTIAL_TYPES as readonly string[]).includes(result.credentialType ?? "")
    ? (result.credentialType as CredentialType)
    : null;

const COUNTRY_CLAIMS = new Set(["worksiteCountry", "nationality", "jurisdiction"]);

function claimValue(name: string, value: unknown, i18n: Translator): string {
  if (typeof value === "boolean") return i18n.t(value ? "yes" : "no");
  if (value && typeof value === "object" && "amount" in value && "currency" in value)
    return formatAmount((value as { amount: unknown }).amount, (value as { currency: unknown }).currency, i18n.lang);
  if (COUNTRY_CLAIMS.has(name) && typeof value === "string") return countryName(value, i18n.lang);
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/**
 * The claims disclosed, labelled from the type's metadata. A claim name the type does not define (e.g. one
 * that only looks like a real one: a fullwidth letter) gets no label and is listed apart, never as the real claim.
 */
function renderClaims(result: PresentationResult, i18n: Translator): HTMLElement {
  const type = typeOf(result);
  const locale = i18n.lang === "ar" ? "ar" : "en";
  const known: HTMLElement[] = [];
  const unknown: HTMLElement[] = [];
  for (const [name, value] of Object.entries(result.disclosed)) {
    if (name === "id") continue; // the holder's DID says nothing to an officer
    const label = type ? claimLabel(type, [name], locale) : undefined;
    const row = [h("dt", {}, label ?? h("bdi", { dir: "ltr" }, name)), h("dd", {}, claimValue(name, value, i18n))];
    (label ? known : unknown).push(...row);
  }
  return h(
    "section",
    { id: "claims", "aria-labelledby": "claims-heading" },
    h("h2", { id: "claims-heading" }, i18n.t("claimsHeading")),
    known.length ? h("dl", { class: "facts" }, ...known) : h("p", {}, i18n.t("noClaims")),
    unknown.length > 0 &&
      h(
        "div",
        { id: "unknown-claims", class: "warning" },
        h("h3", {}, i18n.t("unknownClaimsHeading")),
        h("p", {}, i18n.t("unknownClaimsHint")),
        h("dl", { class: "facts" }, ...unknown),
      ),
  );
}

/** A licence reason in the officer's language; the register's English words for a code the page does not know. */
function reasonWords(reason: { name: string; words: string }, i18n: Translator): string {
  const key = `reason.${reason.name}`;
  const translated = i18n.t(key);
  return translated === key ? reason.words : translated;
}

const fact = (id: string, label: string, value: string | Node) => [h("dt", {}, label), h("dd", { id }, value)];

function licensedAtIssue(result: PresentationResult, i18n: Translator): { text: string; notice?: string } {
  const check = result.checks.find((candidate) => candidate.id === "issuer-licensed");
  if (!check) return { text: i18n.t("atIssue.notChecked") };
  if (check.indeterminate) return { text: i18n.t("atIssue.cannotCheck") };
  return { text: i18n.t(check.passed ? "atIssue.licensed" : "atIssue.notLicensed"), notice: check.notice };
}

function renderAgency(result: PresentationResult, agency: AgencyLookup, i18n: Translator): HTMLElement {
  const atIssue = licensedAtIssue(result, i18n);
  const heading = h("h2", { id: "agency-heading" }, i18n.t("agencyHeading"));
  if (!agency.ok)
    return h(
      "section",
      { id: "agency", "aria-labelledby": "agency-heading" },
      heading,
      h("p", { class: "warning", id: "agency-unavailable" }, i18n.t(agency.failure)),
      h("dl", { class: "facts" }, ...fact("licence-at-issue", i18n.t("field.atIssue"), atIssue.text)),
    );
  const record = agency.value;
  const licensedNow = record.state === "licensed";
  const stateNow =
    i18n.t(`state.${record.state}`) +
    (record.reason ? ` — ${reasonWords(record.reason, i18n)}` : "") +
    (record.since ? ` (${i18n.t("since", { date: formatDate(record.since, i18n.lang) })})` : "");
  return h(
    "section",
    { id: "agency", "aria-labelledby": "agency-heading" },
    heading,
    h("p", { id: "agency-name", class: "agency-name" }, record.name ?? i18n.t("unnamed")),
    h(
      "dl",
      { class: "facts" },
      ...fact(
        "licence-number",
        i18n.t("field.licenceNumber"),
        record.licenceNumber === null ? i18n.t("unknown") : h("bdi", { dir: "ltr" }, record.licenceNumber),
      ),
      ...fact(
        "licensing-authority",
        i18n.t("field.authority"),
        record.authority
          ? `${record.authority.name ?? i18n.t("unknown")} (${countryName(record.authority.country, i18n.lang)})`
          : i18n.t("unknown"),
      ),
      ...fact(
        "licence-now",
        i18n.t("field.now"),
        h("span", { class: licensedNow ? "tag ok" : "tag stop", "data-state": record.state }, stateNow),
      ),
      ...fact("licence-at-issue", i18n.t("field.atIssue"), atIssue.text),
    ),
    !licensedNow && h("p", { class: "warning", id: "licence-warning" }, i18n.t("licenceNotNowWarning")),
    atIssue.notice && h("p", { class: "hint" }, atIssue.notice),
  );
}

function checkMark(check: CheckResult): string {
  return check.passed ? "✓" : check.indeterminate ? "?" : "✕";
}

function renderChecks(results: PresentationResult[], refused: ResponseVerdict["refused"], i18n: Translator) {
  const checks = results.flatMap((result) => result.checks);
  return h(
    "section",
    { id: "checks", "aria-labelledby": "checks-heading" },
    h("h2", { id: "checks-heading" }, i18n.t("checksHeading")),
    refused && h("p", { id: "refused-reason" }, h("bdi", { dir: "ltr" }, refused.reason)),
    h(
      "ul",
      { class: "checks" },
      ...checks.map((check) => {
        const state = check.passed ? "passed" : check.indeterminate ? "indeterminate" : "failed";
        const name = i18n.t(`check.${check.id}`);
        return h(
          "li",
          { "data-check": check.id, "data-state": state },
          h(
            "details",
            { open: !check.passed || undefined },
            h(
              "summary",
              {},
              h("span", { class: `mark ${state}`, "aria-hidden": "true" }, checkMark(check)),
              ` ${name === `check.${check.id}` ? check.id : name} — ${i18n.t(`checkState.${state}`)}`,
            ),
            // The verifier's reasons are in English: kept left to right inside an Arabic page.
            h("p", { dir: "ltr", lang: "en" }, check.reason),
            check.notice && h("p", { dir: "ltr", lang: "en", class: "hint" }, check.notice),
          ),
        );
      }),
    ),
  );
}

/** The whole answer of one traveller. */
export function renderVerdict(verdict: ResponseVerdict, agency: AgencyLookup | null, i18n: Translator): HTMLElement {
  const [first] = verdict.presentations;
  const shown = shownVerdict(verdict);
  return h(
    "div",
    { id: "result" },
    verdictBanner(shown, i18n),
    first && renderClaims(first.result, i18n),
    first && agency && renderAgency(first.result, agency, i18n),
    renderChecks(
      verdict.presentations.map(({ result }) => result),
      verdict.refused,
      i18n,
    ),
  );
}
