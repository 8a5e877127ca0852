/**
 * Corridor fee policies: both countries of a corridor must agree. One side proposes (POST
 * /corridors/{corridor}/policy/propose), the other approves the same policy (…/approve), and only then is it
 * in force. Each corridor of this country shows the policy in force and the proposal waiting, with which side
 * has approved it; the side that has not yet approved sees an "Approve" button.
 */
import { h } from "../../ui/dom.ts";
import { get, post, type Corridor, type Page } from "../console-api.ts";
import { errorSlot, field, runAction, when, type ConsoleContext } from "../context.ts";

const fee = (amount: string, currency: string) => h("bdi", { dir: "ltr" }, `${amount} ${currency}`);

function proposeForm(ctx: ConsoleContext): HTMLElement {
  const { t } = ctx.i18n;
  const corridor = h("input", {
    type: "text",
    name: "corridor",
    required: true,
    autocomplete: "off",
    pattern: "[A-Z]{2}-[A-Z]{2}",
    dir: "ltr",
  });
  const amount = h("input", {
    type: "text",
    name: "maxWorkerPaidFee",
    required: true,
    inputmode: "numeric",
    dir: "ltr",
  });
  amount.value = "0";
  const currency = h("input", { type: "text", name: "currency", required: true, pattern: "[A-Z]{3}", dir: "ltr" });
  const submit = h("button", { type: "submit", id: "propose-submit" }, t("corridor.propose"));
  const slot = errorSlot("propose-error");
  const form = h(
    "form",
    { id: "propose-form", "aria-labelledby": "propose-heading" },
    h("h3", { id: "propose-heading" }, t("corridor.proposeHeading")),
    field("propose-corridor", t("corridor.name"), corridor, t("corridor.nameHint")),
    h(
      "div",
      { class: "pair" },
      field("propose-fee", t("corridor.maxFee"), amount, t("corridor.maxFeeHint")),
      field("propose-currency", t("corridor.currency"), currency, t("corridor.currencyHint")),
    ),
    submit,
    slot,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = corridor.value.trim().toUpperCase();
    void runAction(
      ctx,
      submit,
      slot,
      () =>
        post(ctx.key, `corridors/${encodeURIComponent(name)}/policy/propose`, {
          maxWorkerPaidFee: amount.value.trim(),
          currency: currency.value.trim().toUpperCase(),
        }),
      () => {
        ctx.announce("corridor.proposed", { corridor: name });
        ctx.show("corridors");
      },
    );
  });
  return form;
}

function corridorCard(ctx: ConsoleContext, corridor: Corridor): HTMLElement {
  const { t } = ctx.i18n;
  const slot = errorSlot(`error-${corridor.corridor}`);
  const card = h(
    "li",
    { class: "card", "data-corridor": corridor.corridor },
    h("h3", {}, h("bdi", { dir: "ltr" }, corridor.corridor)),
  );
  const inForce = corridor.active
    ? h(
        "p",
        { class: "in-force" },
        t("corridor.inForce"),
        " ",
        fee(corridor.active.maxWorkerPaidFee, corridor.active.currency),
        " ",
        t("corridor.since", { time: when(corridor.active.activatedAt, ctx.i18n) }),
      )
    : h("p", { class: "in-force" }, t("corridor.noneInForce"));
  card.append(inForce);
  const pending = corridor.pending;
  if (pending) {
    const side = (country: string, approved: boolean) =>
      h(
        "li",
        { "data-country": country, "data-approved": approved ? "yes" : "no" },
        t(approved ? "corridor.approvedBy" : "corridor.waitingFor", { country }),
      );
    card.append(
      h("p", { class: "pending" }, t("corridor.pending"), " ", fee(pending.maxWorkerPaidFee, pending.currency)),
      h(
        "ul",
        { class: "approvals" },
        side(corridor.origin, pending.originApproved),
        side(corridor.destination, pending.destinationApproved),
      ),
    );
    const mine = ctx.me.jurisdiction;
    const mySideWaiting =
      (mine === corridor.origin && !pending.originApproved) ||
      (mine === corridor.destination && !pending.destinationApproved);
    if (mySideWaiting) {
      const approve = h("button", { type: "button", class: "approve" }, t("corridor.approve"));
      approve.addEventListener(
        "click",
        () =>
          void runAction(
            ctx,
            approve,
            slot,
            () =>
              post(ctx.key, `corridors/${corridor.corridor}/policy/approve`, {
                maxWorkerPaidFee: pending.maxWorkerPaidFee,
                currency: pending.currency,
              }),
            () => {
              ctx.announce("corridor.approved", { corridor: corridor.corridor });
              ctx.show("corridors");
            },
          ),
      );
      card.append(h("div", { class: "buttons" }, approve));
    }
  }
  card.append(slot);
  return card;
}

export async function corridorsSection(ctx: ConsoleContext): Promise<HTMLElement> {
  const { t } = ctx.i18n;
  const section = h(
    "section",
    { id: "corridors", "aria-labelledby": "corridors-heading" },
    h("h2", { id: "corridors-heading" }, t("nav.corridors")),
    h("p", { class: "hint" }, t("corridor.intro")),
    proposeForm(ctx),
  );
  const country = ctx.me.jurisdiction ? `&country=${ctx.me.jurisdiction}` : "";
  const listed = await get<Page<Corridor>>(ctx.key, `corridors?limit=200${country}`);
  section.append(h("h3", {}, t("corridor.listHeading", { country: ctx.me.jurisdiction ?? "" })));
  if (!listed.ok) {
    if (listed.failure.status === 401) ctx.keyRefused();
    section.append(h("p", { class: "form-error", role: "alert" }, t("error.loadFailed")));
  } else if (listed.value.items.length === 0) {
    section.append(h("p", { id: "no-corridors" }, t("corridor.none")));
  } else {
    section.append(
      h("ul", { class: "cards", id: "corridor-list" }, ...listed.value.items.map((c) => corridorCard(ctx, c))),
    );
  }
  return section;
}
