/**
 * The verdict as the officer reads it: one big line (VALID / NOT VALID / CANNOT CHECK), then whose papers
 * (the holder's name when the desk asked for it, the claims disclosed by their type-metadata labels, and
 * apart from them, marked, any claim name that only looks like a real one), then the issuing agency by
 * name, licence number and licensing authority from the public register — its licence state now beside
 * the verifier's `issuer-licensed` result at issue time — then the contract (anchored, latest) and the
 * fee status, any inspector's flag on the case, and each check, expandable, its meaning in the officer's
 * language (by check id and state, never by the verifier's English text) above the verifier's own words.
 */
import { CREDENTIAL_TYPES, claimLabel, type CredentialType } from "@fairledger/common";
import { h } from "../ui/dom.ts";
import { countryName, formatAmount, formatDate } from "../ui/format.ts";
import type { Translator } from "../ui/i18n.ts";
import type {
  AgencyRecord,
  CaseFlag,
  CheckResult,
  DeskFailure,
  LookAlikeClaim,
  PresentationResult,
  ResponseVerdict,
} from "./desk-api.ts";
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

const fact = (id: string, label: string, value: string | Node) => [h("dt", {}, label), h("dd", { id }, value)];

const COUNTRY_CLAIMS = new Set(["worksiteCountry", "nationality", "jurisdiction"]);

function claimValue(name: string, value: unknown, i18n: Translator): string {
  if (typeof value === "boolean") return i18n.t(value ? "yes" : "no");
  if (value && typeof value === "object" && "amount" in value && "currency" in value)
    return formatAmount((value as { amount: unknown }).amount, (value as { currency: unknown }).currency, i18n.lang);
  if (COUNTRY_CLAIMS.has(name) && typeof value === "string") return countryName(value, i18n.lang);
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** The claim that names the holder (asked only when the officer ticks "ask for the name"). */
const HOLDER_NAME_CLAIM = "workerName";

/** What the verdict can say beyond the papers: what the request asked for (GET …/requests/{id} `asked`). */
export interface VerdictContext {
  asked?: Record<string, string[]>;
}

/** Each character outside ASCII, by code point, so the officer sees why a look-alike is not the claim. */
function foreignCharacters(name: string): string {
  return Array.from(name)
    .map((char) => ({ char, code: char.codePointAt(0) ?? 0 }))
    .filter(({ code }) => code > 0x7e)
    .map(({ char, code }) => `${char} U+${code.toString(16).toUpperCase().padStart(4, "0")}`)
    .join(", ");
}

function holderNameRow(result: PresentationResult, askedForName: boolean, i18n: Translator, label: string) {
  const given = result.disclosed[HOLDER_NAME_CLAIM];
  if (typeof given === "string") return fact("holder-name", label, given);
  return fact("holder-name", label, i18n.t(askedForName ? "holderName.notGiven" : "holderName.notAsked"));
}

function renderLookAlikes(type: CredentialType | null, lookAlikes: LookAlikeClaim[], i18n: Translator) {
  const locale = i18n.lang === "ar" ? "ar" : "en";
  return h(
    "div",
    { id: "look-alikes", class: "warning", role: "group", "aria-labelledby": "look-alikes-heading" },
    h("h3", { id: "look-alikes-heading" }, i18n.t("lookAlikesHeading")),
    h("p", {}, i18n.t("lookAlikesHint")),
    h(
      "dl",
      { class: "facts" },
      ...lookAlikes.flatMap((lookAlike) => {
        const real = (type && claimLabel(type, [lookAlike.looksLike], locale)) ?? lookAlike.looksLike;
        return [
          h(
            "dt",
            { "data-looks-like": lookAlike.looksLike },
            h("span", { class: "tag stop" }, i18n.t("lookAlikeMark")),
            " ",
            h("bdi", { dir: "ltr", class: "claim-name" }, lookAlike.name),
          ),
          h(
            "dd",
            {},
            h("span", { class: "look-alike-of" }, i18n.t("lookAlikeOf", { claim: real })),
            foreignCharacters(lookAlike.name) &&
              h("span", { class: "hint", dir: "ltr" }, ` (${foreignCharacters(lookAlike.name)})`),
            h("br", {}),
            h("bdi", {}, claimValue(lookAlike.looksLike, lookAlike.value, i18n)),
          ),
        ];
      }),
    ),
  );
}

/**
 * The claims disclosed, labelled from the type's metadata, the holder's name first. A claim name the type
 * does not define gets no label and is listed apart; one that only looks like a real one (the verifier's
 * `lookAlikes`) is listed apart again, marked, and never under the real claim's label.
 */
function renderClaims(result: PresentationResult, askedForName: boolean, i18n: Translator): HTMLElement {
  const type = typeOf(result);
  const locale = i18n.lang === "ar" ? "ar" : "en";
  const known: HTMLElement[] = [];
  const unknown: HTMLElement[] = [];
  for (const [name, value] of Object.entries(result.disclosed)) {
    if (name === "id" || name === HOLDER_NAME_CLAIM) continue; // the DID says nothing to an officer
    const label = type ? claimLabel(type, [name], locale) : undefined;
    const row = [h("dt", {}, label ?? h("bdi", { dir: "ltr" }, name)), h("dd", {}, claimValue(name, value, i18n))];
    (label ? known : unknown).push(...row);
  }
  const nameLabel = (type && claimLabel(type, [HOLDER_NAME_CLAIM], locale)) ?? i18n.t("holderName");
  const lookAlikes = result.lookAlikes ?? [];
  return h(
    "section",
    { id: "claims", "aria-labelledby": "claims-heading" },
    h("h2", { id: "claims-heading" }, i18n.t("claimsHeading")),
    h("dl", { class: "facts holder" }, ...holderNameRow(result, askedForName, i18n, nameLabel)),
    known.length ? h("dl", { class: "facts" }, ...known) : h("p", {}, i18n.t("noClaims")),
    lookAlikes.length > 0 && renderLookAlikes(type, lookAlikes, i18n),
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

function licensedAtIssue(result: PresentationResult, i18n: Translator): { text: string; notice?: string } {
  const check = result.checks.find((candidate) => candidate.id === "issuer-licensed");
  if (!check) return { text: i18n.t("atIssue.notChecked") };
  if (check.indeterminate) return { text: i18n.t("atIssue.cannotCheck") };
  return { text: i18n.t(check.passed ? "atIssue.licensed" : "atIssue.notLicensed"), notice: check.notice };
}

/**
 * The licence's state now in one line: "Licensed now", or e.g. "SUSPENDED now (since 1 Dec 2026, reason:
 * recruitment fees charged to workers …)" — a state other than licensed in capitals where the script has them.
 */
function licenceNow(record: AgencyRecord, i18n: Translator): string {
  const word = i18n.t(`state.${record.state}`);
  const state = record.state === "licensed" ? word : word.toLocaleUpperCase(i18n.lang);
  const since = record.since ? formatDate(record.since, i18n.lang) : null;
  const reason = record.reason ? reasonWords(record.reason, i18n) : null;
  const detail =
    since && reason
      ? i18n.t("nowDetail.sinceReason", { date: since, reason })
      : since
        ? i18n.t("nowDetail.since", { date: since })
        : reason
          ? i18n.t("nowDetail.reason", { reason })
          : "";
  return i18n.t("stateNow", { state }) + (detail ? ` ${detail}` : "");
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
  const stateNow = licenceNow(record, i18n);
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
    // The verifier's notice by its check (a code), in the officer's language; its English words are under Checks.
    atIssue.notice && h("p", { class: "hint", id: "licence-notice" }, i18n.t("checkNotice.issuer-licensed")),
  );
}

type CheckState = "passed" | "failed" | "indeterminate" | "absent";

function stateOf(check: CheckResult | undefined): CheckState {
  if (!check) return "absent";
  return check.passed ? "passed" : check.indeterminate ? "indeterminate" : "failed";
}

const TAG_OF: Record<CheckState, string> = {
  passed: "tag ok",
  failed: "tag stop",
  indeterminate: "tag warn",
  absent: "tag",
};

/** The fee status from the fee-statement check: no fee charged / fees recorded / not shown (or not matching). */
function feeStatus(result: PresentationResult): { key: string; state: CheckState } {
  const check = result.checks.find((candidate) => candidate.id === "fee-statement-matches-case");
  const state = stateOf(check);
  if (state === "absent") return { key: "fees.notShown", state };
  if (state !== "passed") return { key: `fees.${state}`, state };
  return { key: result.disclosed.feesChargedToWorker === false ? "fees.noFee" : "fees.recorded", state };
}

function renderContract(result: PresentationResult, i18n: Translator): HTMLElement {
  const row = (id: string, checkId: string, label: string) => {
    const state = stateOf(result.checks.find((check) => check.id === checkId));
    return fact(id, label, h("span", { class: TAG_OF[state], "data-state": state }, i18n.t(`${id}.${state}`)));
  };
  const fees = feeStatus(result);
  return h(
    "section",
    { id: "contract", "aria-labelledby": "contract-heading" },
    h("h2", { id: "contract-heading" }, i18n.t("contractHeading")),
    h(
      "dl",
      { class: "facts" },
      ...row("contract-anchored", "anchored", i18n.t("field.anchored")),
      ...row("contract-latest", "contract-latest", i18n.t("field.latest")),
      ...fact(
        "fee-status",
        i18n.t("field.fees"),
        h("span", { class: TAG_OF[fees.state], "data-state": fees.state, "data-fees": fees.key }, i18n.t(fees.key)),
      ),
    ),
  );
}

function renderFlags(result: PresentationResult, i18n: Translator): HTMLElement {
  const flags = result.caseFlags;
  const heading = h("h2", { id: "flags-heading" }, i18n.t("flagsHeading"));
  const section = (...content: (Node | false)[]) =>
    h("section", { id: "case-flags", "aria-labelledby": "flags-heading" }, heading, ...content);
  if (flags === undefined)
    return section(h("p", { id: "flags-state", "data-flags": "not-read" }, i18n.t("flags.notRead")));
  if (flags === null)
    return section(h("p", { id: "flags-state", "data-flags": "unavailable" }, i18n.t("flags.unavailable")));
  if (flags.length === 0) return section(h("p", { id: "flags-state", "data-flags": "none" }, i18n.t("flags.none")));
  return section(
    h(
      "div",
      { class: "warning", id: "flags-state", "data-flags": "flagged" },
      h("p", {}, h("strong", {}, i18n.t("flags.flagged", { count: flags.length }))),
      h("p", { class: "hint" }, i18n.t("flags.hint")),
      h(
        "ul",
        { class: "flags" },
        ...flags.map((flag: CaseFlag) =>
          h(
            "li",
            { "data-finding": flag.findingHash },
            i18n.t("flags.one", { date: formatDate(new Date(flag.flaggedAt * 1000).toISOString(), i18n.lang) }),
            " ",
            h("bdi", { dir: "ltr", class: "hash" }, `${i18n.t("flags.inspector")} ${flag.inspector}`),
            " ",
            h("bdi", { dir: "ltr", class: "hash" }, `${i18n.t("flags.finding")} ${flag.findingHash}`),
          ),
        ),
      ),
    ),
  );
}

/** What a check's state means, in the officer's language: by its id and state (codes), not the verifier's text. */
function checkMeaning(check: CheckResult, i18n: Translator): string {
  if (check.indeterminate) return i18n.t("checkReason.indeterminate");
  const key = `checkReason.${check.id}.${check.passed ? "passed" : "failed"}`;
  const words = i18n.t(key);
  return words === key ? i18n.t(check.passed ? "checkReason.passed" : "checkReason.failed") : words;
}

/** A check's notice, in the officer's language, by check id; a general word for a check with no words of its own. */
function noticeMeaning(check: CheckResult, i18n: Translator): string {
  const key = `checkNotice.${check.id}`;
  const words = i18n.t(key);
  return words === key ? i18n.t("checkNotice") : words;
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
            h("p", { class: "check-meaning" }, checkMeaning(check, i18n)),
            check.notice && h("p", { class: "check-notice" }, noticeMeaning(check, i18n)),
            // The verifier's own words are English: kept left to right inside an Arabic page, under a label.
            h(
              "p",
              { class: "hint verifier-words" },
              `${i18n.t("verifierWords")} `,
              h("span", { dir: "ltr", lang: "en" }, check.reason),
              check.notice ? h("span", { dir: "ltr", lang: "en" }, ` — ${check.notice}`) : null,
            ),
          ),
        );
      }),
    ),
  );
}

/** The whole answer of one traveller; `context` (optional) says what the request asked for. */
export function renderVerdict(
  verdict: ResponseVerdict,
  agency: AgencyLookup | null,
  i18n: Translator,
  context: VerdictContext = {},
): HTMLElement {
  const [first] = verdict.presentations;
  const shown = shownVerdict(verdict);
  const askedForName = first ? (context.asked?.[first.queryId] ?? []).includes(HOLDER_NAME_CLAIM) : false;
  return h(
    "div",
    { id: "result" },
    verdictBanner(shown, i18n),
    first && renderClaims(first.result, askedForName, i18n),
    first && agency && renderAgency(first.result, agency, i18n),
    first && renderContract(first.result, i18n),
    first && renderFlags(first.result, i18n),
    renderChecks(
      verdict.presentations.map(({ result }) => result),
      verdict.refused,
      i18n,
    ),
  );
}
