/**
 * Agencies and their licences: issue a licence (POST /licences), and for each licence of the authority's
 * country its state now, its history in words (GET /licences/{agency}: issued, suspended, reinstated,
 * revoked, with dates and reasons), and the changes — suspend and revoke with a reason chosen in words and
 * a confirmation step (they stop the agency's papers from counting), reinstate at once.
 */
import { LICENCE_REASONS } from "@fairledger/common";
import { h } from "../../ui/dom.ts";
import {
  get,
  post,
  type HistoryEntry,
  type Licence,
  type LicenceDetail,
  type Page,
  type PrincipalView,
} from "../console-api.ts";
import { accountText, day, errorSlot, field, reasonSelect, runAction, when, type ConsoleContext } from "../context.ts";

/** Reasons offered when suspending or revoking: every named one of the table (not "unspecified"). */
const REASON_NAMES = LICENCE_REASONS.map((reason) => reason.name).filter((name) => name !== "unspecified");

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

function licenceForm(ctx: ConsoleContext, prefill: Record<string, string>): HTMLElement {
  const { t } = ctx.i18n;
  const account = h("input", {
    type: "text",
    name: "agency",
    required: true,
    autocomplete: "off",
    spellcheck: "false",
    dir: "ltr",
  });
  account.value = prefill.agency ?? "";
  const name = h("input", { type: "text", name: "agencyName", required: true, autocomplete: "off" });
  name.value = prefill.agencyName ?? "";
  const number = h("input", { type: "text", name: "licenceNumber", required: true, autocomplete: "off", dir: "ltr" });
  const from = h("input", { type: "date", name: "validFrom", required: true });
  from.value = isoDay(new Date());
  const until = h("input", { type: "date", name: "validUntil", required: true });
  until.value = isoDay(new Date(Date.now() + 365 * 86_400_000));
  const submit = h("button", { type: "submit", id: "issue-licence" }, t("licence.issue"));
  const slot = errorSlot("licence-error");
  const form = h(
    "form",
    { id: "licence-form", "aria-labelledby": "licence-form-heading" },
    h("h3", { id: "licence-form-heading" }, t("licence.formHeading")),
    field("licence-agency", t("licence.account"), account, t("licence.accountHint")),
    field("licence-name", t("licence.name"), name),
    field("licence-number", t("licence.number"), number),
    h(
      "div",
      { class: "pair" },
      field("licence-from", t("licence.validFrom"), from),
      field("licence-until", t("licence.validUntil"), until),
    ),
    submit,
    slot,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void runAction(
      ctx,
      submit,
      slot,
      () =>
        post(ctx.key, "licences", {
          agency: account.value.trim(),
          agencyName: name.value.trim(),
          licenceNumber: number.value.trim(),
          validFrom: `${from.value}T00:00:00Z`,
          validUntil: `${until.value}T23:59:59Z`,
        }),
      () => {
        ctx.announce("licence.issued", { name: name.value.trim() });
        ctx.show("agencies");
      },
    );
  });
  return form;
}

function historyList(history: HistoryEntry[], ctx: ConsoleContext): HTMLElement {
  const { t } = ctx.i18n;
  return h(
    "ol",
    { class: "history" },
    ...history.map((entry) =>
      h(
        "li",
        { "data-event": entry.event },
        h("strong", {}, t(`event.${entry.event}`)),
        " — ",
        when(entry.at, ctx.i18n),
        entry.reason
          ? h("p", { class: "reason" }, t("history.reason", { reason: t(`reason.${entry.reason.name}`) }))
          : null,
        entry.effectiveFrom && entry.effectiveFrom !== entry.at && entry.event !== "issued"
          ? h("p", { class: "hint" }, t("history.effectiveFrom", { time: when(entry.effectiveFrom, ctx.i18n) }))
          : null,
        entry.validUntil
          ? h(
              "p",
              { class: "hint" },
              t("history.window", { from: day(entry.validFrom, ctx.i18n), until: day(entry.validUntil, ctx.i18n) }),
            )
          : null,
      ),
    ),
  );
}

/** The confirmation step of a suspension or revocation: a reason in words, a warning, confirm or cancel. */
function confirmPanel(
  ctx: ConsoleContext,
  licence: Licence,
  label: string,
  change: "suspend" | "revoke",
  close: () => void,
): HTMLElement {
  const { t } = ctx.i18n;
  const id = `${change}-${licence.agency}`;
  const reason = reasonSelect(`${id}-reason`, REASON_NAMES, ctx.i18n);
  const confirm = h("button", { type: "submit", class: "danger", id: `${id}-confirm` }, t(`${change}.confirm`));
  const cancel = h("button", { type: "button", class: "secondary" }, t("cancel"));
  const slot = errorSlot(`${id}-error`);
  const form = h(
    "form",
    { class: "confirm", id: `${id}-form`, "aria-label": t(`${change}.heading`, { name: label }) },
    h("p", { class: "warning" }, t(`${change}.warning`, { name: label })),
    field(`${id}-reason`, t("reason.label"), reason),
    h("div", { class: "buttons" }, confirm, cancel),
    slot,
  );
  cancel.addEventListener("click", close);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!reason.value) {
      slot.textContent = t("reason.required");
      reason.setAttribute("aria-invalid", "true");
      reason.focus();
      return;
    }
    void runAction(
      ctx,
      confirm,
      slot,
      () => post(ctx.key, `licences/${licence.agency}/${change}`, { reason: reason.value }),
      () => {
        ctx.announce(`${change}.done`, { name: label });
        ctx.show("agencies");
      },
    );
  });
  return form;
}

function licenceCard(ctx: ConsoleContext, licence: Licence, name: string | undefined): HTMLElement {
  const { t } = ctx.i18n;
  const label = name ?? licence.agency;
  const card = h("li", { class: "card", "data-agency": licence.agency, "data-status": licence.status });
  const panel = h("div", { class: "panel" });
  const slot = errorSlot(`error-${licence.agency}`);
  const button = (key: string, cls = "secondary") => h("button", { type: "button", class: cls }, t(key));
  const historyButton = button("history.show");
  historyButton.setAttribute("aria-expanded", "false");
  historyButton.addEventListener("click", () => {
    if (historyButton.getAttribute("aria-expanded") === "true") {
      historyButton.setAttribute("aria-expanded", "false");
      panel.replaceChildren();
      return;
    }
    void runAction(
      ctx,
      historyButton,
      slot,
      () => get<LicenceDetail>(ctx.key, `licences/${licence.agency}`),
      (detail) => {
        historyButton.setAttribute("aria-expanded", "true");
        ctx.announce("history.shown", { name: label });
        panel.replaceChildren(h("h4", {}, t("history.heading")), historyList(detail.history, ctx));
      },
    );
  });
  const actions: HTMLElement[] = [historyButton];
  const opens = (change: "suspend" | "revoke") => {
    const open = button(`${change}.open`, "danger-outline");
    open.addEventListener("click", () => {
      panel.replaceChildren(confirmPanel(ctx, licence, label, change, () => panel.replaceChildren()));
      historyButton.setAttribute("aria-expanded", "false");
      panel.querySelector("select")?.focus();
    });
    return open;
  };
  if (licence.status === "active") actions.push(opens("suspend"));
  if (licence.status === "suspended") {
    const reinstate = button("reinstate.button", "");
    reinstate.addEventListener(
      "click",
      () =>
        void runAction(
          ctx,
          reinstate,
          slot,
          () => post(ctx.key, `licences/${licence.agency}/reinstate`),
          () => {
            ctx.announce("reinstate.done", { name: label });
            ctx.show("agencies");
          },
        ),
    );
    actions.push(reinstate);
  }
  if (licence.status !== "revoked") actions.push(opens("revoke"));
  card.append(
    h("h3", { class: "agency-name" }, name ?? h("span", {}, accountText(licence.agency))),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, t("licence.account")),
      h("dd", {}, accountText(licence.agency)),
      h("dt", {}, t("licence.state")),
      h(
        "dd",
        {},
        h("span", { class: `tag state-${licence.status}`, "data-state": licence.status }, t(`state.${licence.status}`)),
      ),
      h("dt", {}, t("licence.window")),
      h(
        "dd",
        {},
        t("licence.windowText", { from: day(licence.validFrom, ctx.i18n), until: day(licence.validUntil, ctx.i18n) }),
      ),
    ),
    h("div", { class: "buttons" }, ...actions),
    slot,
    panel,
  );
  return card;
}

/** Names of agencies: the principals this authority onboarded, then the public licence register. */
export async function agencyNames(ctx: ConsoleContext, licences: Licence[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const onboarded = await get<{ items: PrincipalView[] }>(ctx.key, "principals");
  if (onboarded.ok) for (const p of onboarded.value.items) names.set(p.address.toLowerCase(), p.name);
  await Promise.all(
    licences
      .filter((licence) => !names.has(licence.agency.toLowerCase()))
      .map(async (licence) => {
        try {
          const answer = await fetch(new URL(`../public/agencies/${licence.agency}`, document.baseURI));
          const record = answer.ok ? ((await answer.json()) as { name: string | null }) : null;
          if (record?.name) names.set(licence.agency.toLowerCase(), record.name);
        } catch {
          /* no name: the account is shown */
        }
      }),
  );
  return names;
}

export async function agenciesSection(ctx: ConsoleContext, prefill: Record<string, string>): Promise<HTMLElement> {
  const { t } = ctx.i18n;
  const section = h(
    "section",
    { id: "agencies", "aria-labelledby": "agencies-heading" },
    h("h2", { id: "agencies-heading" }, t("nav.agencies")),
  );
  section.append(licenceForm(ctx, prefill));
  const listed = await get<Page<Licence>>(
    ctx.key,
    `licences?limit=200${ctx.me.jurisdiction ? `&jurisdiction=${ctx.me.jurisdiction}` : ""}`,
  );
  section.append(h("h3", {}, t("licence.listHeading", { country: ctx.me.jurisdiction ?? "" })));
  if (!listed.ok) {
    if (listed.failure.status === 401) ctx.keyRefused();
    const slot = errorSlot("agencies-error");
    slot.textContent = t("error.loadFailed");
    section.append(slot);
    return section;
  }
  const licences = listed.value.items;
  if (licences.length === 0) {
    section.append(h("p", { id: "no-licences" }, t("licence.none")));
    return section;
  }
  const names = await agencyNames(ctx, licences);
  section.append(
    h(
      "ul",
      { class: "cards", id: "licence-list" },
      ...licences.map((l) => licenceCard(ctx, l, names.get(l.agency.toLowerCase()))),
    ),
  );
  return section;
}
