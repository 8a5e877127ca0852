/** "My papers": each credential in plain words with its status. */
import { displayStatus, noFeesPaid, type CredentialView } from "../credentials/describe.ts";
import type { StoredCredential } from "../credentials/stored-credential.ts";
import { h } from "./dom.ts";
import { formatAmount, formatClaim, formatDate } from "./format.ts";
import { forgetCredential } from "./actions.ts";
import type { Announce, WalletState } from "./state.ts";

const SUMMARY_CLAIMS = [
  "jobTitle",
  "employerName",
  "worksiteCountry",
  "contractStart",
  "contractMonths",
  "agencyName",
  "licenceNumber",
];
const STATUS_KEY = {
  valid: "statusValid",
  revoked: "statusRevoked",
  suspended: "statusSuspended",
  expired: "statusExpired",
  unknown: "statusUnknown",
};

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
  const facts = SUMMARY_CLAIMS.filter((claim) => view.subject[claim] !== undefined).flatMap((claim) => [
    h("dt", {}, t(`claim.${claim}`)),
    h("dd", {}, formatClaim(view, claim, state.i18n)),
  ]);
  const fees = noFeesPaid(view);
  return h(
    "li",
    { class: "card", "data-digest": entry.digest },
    h("h3", {}, t(`type.${view.type}`)),
    h("p", { class: `status status-${status}`, "data-status": status }, t(STATUS_KEY[status])),
    fees === true && h("p", { class: "fees-ok" }, t("noFeesPaid")),
    fees === false &&
      h(
        "p",
        { class: "fees-paid" },
        t("feesPaid", { amount: formatAmount(view.subject.workerPaidTotal, view.subject.currency, state.i18n.lang) }),
      ),
    facts.length > 0 && h("dl", {}, ...facts),
    h(
      "p",
      { class: "meta" },
      view.issuedAt ? t("issuedOn", { date: formatDate(view.issuedAt, state.i18n.lang) }) : "",
      view.expiresAt ? ` · ${t("validUntil", { date: formatDate(view.expiresAt, state.i18n.lang) })}` : "",
      ` · ${t(entry.anchor ? "anchored" : "notAnchored")}`,
    ),
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
