/**
 * "My papers": each credential in plain words with its status, and every claim the worker holds — their
 * own contract in full, in their language (personal claims too: it is their phone; when presenting they
 * stay off by default) — with the fee situation of the case and whom to ask when something is wrong.
 */
import { displayStatus, feeSituation, type CredentialView, type DisplayStatus } from "../credentials/describe.ts";
import type { StoredCredential } from "../credentials/stored-credential.ts";
import { claimRows, type ClaimRow } from "./claim-rows.ts";
import { h } from "./dom.ts";
import { formatAmount, formatDate } from "./format.ts";
import { forgetCredential } from "./actions.ts";
import { complaintSection } from "./complaint-panel.ts";
import { contactsList, contractSection } from "./contract-section.ts";
import type { Announce, WalletState } from "./state.ts";
import type { Translator } from "./i18n.ts";

const STATUS_KEY: Record<DisplayStatus, string> = {
  valid: "statusValid",
  revoked: "statusRevoked",
  suspended: "statusSuspended",
  expired: "statusExpired",
  "not-known": "statusNotKnown",
  unknown: "statusUnknown",
};

/**
 * Whom the worker asks about a paper: the agency named in it, else the issuing service it came from (an
 * employment contract credential names no agency; the service that issued it is the agency's).
 */
export function contactOf(view: CredentialView, entry: StoredCredential): string {
  const named = view.subject.agencyName;
  if (typeof named === "string" && named.trim() !== "") return named;
  try {
    return new URL(entry.issuer).host;
  } catch {
    return entry.issuer;
  }
}

function rowsList(rows: ClaimRow[], t: Translator["t"]): HTMLElement {
  return h(
    "dl",
    {},
    ...rows.flatMap((row) => [
      h("dt", {}, row.label, row.personal ? h("span", { class: "tag" }, ` (${t("personal")})`) : undefined),
      h("dd", { "data-claim": row.claim }, row.value),
    ]),
  );
}

function feeLine(state: WalletState, view: CredentialView): HTMLElement | false {
  if (view.type === "AgencyLicenceCredential") return false;
  const { t, lang } = state.i18n;
  const situation = feeSituation(view, [...state.views.values()]);
  if (situation.kind === "none-paid") return h("p", { class: "fees fees-ok" }, t("noFeesPaid"));
  if (situation.kind === "paid")
    return h(
      "p",
      { class: "fees fees-paid" },
      t("feesPaid", { amount: formatAmount(situation.workerPaidTotal, situation.currency, lang) }),
    );
  return h("p", { class: "fees fees-none" }, t("noFeeStatement"));
}

function statusBlock(
  state: WalletState,
  entry: StoredCredential,
  view: CredentialView,
  status: DisplayStatus,
): HTMLElement {
  const { t } = state.i18n;
  const troubled = status === "revoked" || status === "suspended" || status === "not-known";
  return h(
    "div",
    { class: "status-block" },
    h("p", { class: `status status-${status}`, "data-status": status }, t(STATUS_KEY[status])),
    status === "not-known" && h("p", { class: "status-detail" }, t("statusCannotCheck")),
    (status === "revoked" || status === "suspended") &&
      entry.statusReason &&
      h("p", { class: "status-detail status-reason" }, t("statusReason", { reason: entry.statusReason })),
    troubled && h("p", { class: "status-detail contact" }, t("statusContact", { agency: contactOf(view, entry) })),
    troubled && contactsList(entry.statusContacts, t),
  );
}

/** Removal sits behind a disclosure widget so one stray tap cannot delete a paper. */
function removal(state: WalletState, entry: StoredCredential, announce: Announce, redraw: () => void): HTMLElement {
  const { t } = state.i18n;
  const button = h("button", { type: "button", class: "secondary remove" }, t("removeButton"));
  button.addEventListener("click", async () => {
    await forgetCredential(state, entry.digest);
    redraw();
    announce(t("removed"));
    document.getElementById("credentials-heading")?.focus();
  });
  return h(
    "details",
    { class: "removal" },
    h("summary", {}, t("removeTitle")),
    h("p", { class: "hint" }, t("removeHint")),
    button,
  );
}

function card(
  state: WalletState,
  entry: StoredCredential,
  view: CredentialView,
  announce: Announce,
  redraw: () => void,
): HTMLElement {
  const { t } = state.i18n;
  const status = displayStatus(view, entry.issuerStatus, new Date());
  const rows = claimRows(view, state.i18n);
  const readable = rows.filter((row) => !row.technical);
  const codes = rows.filter((row) => row.technical);
  return h(
    "li",
    { class: "card", "data-digest": entry.digest },
    h("h3", {}, t(`type.${view.type}`)),
    statusBlock(state, entry, view, status),
    entry.boundToOtherKey && h("p", { class: "note bound-elsewhere", role: "note" }, t("boundElsewhere")),
    feeLine(state, view),
    readable.length > 0 && rowsList(readable, t),
    contractSection(state.contractChecks.get(entry.digest), t),
    readable.some((row) => row.personal) && h("p", { class: "hint" }, t("personalShownHere")),
    h("p", { class: "meta" }, `${t("issuedBy")}: ${contactOf(view, entry)}`),
    h(
      "p",
      { class: "meta" },
      view.issuedAt ? t("issuedOn", { date: formatDate(view.issuedAt, state.i18n.lang) }) : "",
      // "Valid until" only where nothing says otherwise: a revoked or unknown paper is not valid until anything.
      view.expiresAt
        ? ` · ${t(status === "valid" || status === "unknown" ? "validUntil" : "expiresOn", {
            date: formatDate(view.expiresAt, state.i18n.lang),
          })}`
        : "",
      ` · ${t(entry.anchor ? "anchored" : "notAnchored")}`,
    ),
    codes.length > 0 && h("details", { class: "codes" }, h("summary", {}, t("ledgerCodes")), rowsList(codes, t)),
    view.type !== "AgencyLicenceCredential" && complaintSection(state, entry, announce, redraw),
    removal(state, entry, announce, redraw),
  );
}

export function renderCredentialList(state: WalletState, announce: Announce, redraw: () => void): HTMLElement {
  const { t } = state.i18n;
  const cards = state.credentials.flatMap((entry) => {
    const view = state.views.get(entry.digest);
    return view ? [card(state, entry, view, announce, redraw)] : [];
  });
  return h(
    "section",
    { "aria-labelledby": "credentials-heading" },
    h("h2", { id: "credentials-heading", tabindex: "-1" }, t("myCredentials")),
    cards.length === 0 ? h("p", {}, t("noCredentials")) : h("ul", { class: "cards" }, ...cards),
  );
}
