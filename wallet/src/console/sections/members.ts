/**
 * Employers and insurers of the authority's country, on chain: register an employer (POST /employers) or
 * grant an insurer (POST /insurers) by account, list them (GET /employers, GET /insurers, this country),
 * and deregister an employer or revoke an insurer after a confirmation step.
 */
import { h } from "../../ui/dom.ts";
import { get, post, type Member, type Page } from "../console-api.ts";
import { accountText, errorSlot, field, runAction, type ConsoleContext } from "../context.ts";

type Kind = "employer" | "insurer";
const PATH: Record<Kind, string> = { employer: "employers", insurer: "insurers" };
const ENDING: Record<Kind, string> = { employer: "deregister", insurer: "revoke" };

function registerForm(ctx: ConsoleContext, kind: Kind): HTMLElement {
  const { t } = ctx.i18n;
  const account = h("input", {
    type: "text",
    name: kind,
    required: true,
    autocomplete: "off",
    spellcheck: "false",
    dir: "ltr",
  });
  const submit = h("button", { type: "submit", id: `${kind}-submit` }, t(`${kind}.register`));
  const slot = errorSlot(`${kind}-error`);
  const form = h(
    "form",
    { id: `${kind}-form`, "aria-label": t(`${kind}.register`) },
    field(`${kind}-account`, t(`${kind}.account`), account, t("member.accountHint")),
    submit,
    slot,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void runAction(
      ctx,
      submit,
      slot,
      () => post(ctx.key, PATH[kind], { [kind]: account.value.trim() }),
      () => {
        ctx.announce(`${kind}.registered`);
        ctx.show("members");
      },
    );
  });
  return form;
}

function memberCard(ctx: ConsoleContext, kind: Kind, member: Member): HTMLElement {
  const { t } = ctx.i18n;
  const slot = errorSlot(`error-${kind}-${member.account}`);
  const panel = h("div", { class: "panel" });
  const card = h(
    "li",
    { class: "card", "data-account": member.account, "data-status": member.status },
    h("p", {}, accountText(member.account)),
    h("p", {}, h("span", { class: `tag member-${member.status}` }, t(`member.${member.status}`))),
  );
  if (member.status === "registered") {
    const open = h("button", { type: "button", class: "danger-outline" }, t(`${kind}.${ENDING[kind]}`));
    open.addEventListener("click", () => {
      const confirm = h("button", { type: "button", class: "danger" }, t(`${kind}.${ENDING[kind]}Confirm`));
      const cancel = h("button", { type: "button", class: "secondary" }, t("cancel"));
      cancel.addEventListener("click", () => panel.replaceChildren());
      confirm.addEventListener(
        "click",
        () =>
          void runAction(
            ctx,
            confirm,
            slot,
            () => post(ctx.key, `${PATH[kind]}/${member.account}/${ENDING[kind]}`),
            () => {
              ctx.announce(`${kind}.${ENDING[kind]}Done`);
              ctx.show("members");
            },
          ),
      );
      panel.replaceChildren(
        h("p", { class: "warning" }, t(`${kind}.${ENDING[kind]}Warning`)),
        h("div", { class: "buttons" }, confirm, cancel),
      );
      confirm.focus();
    });
    card.append(h("div", { class: "buttons" }, open));
  }
  card.append(slot, panel);
  return card;
}

async function memberPart(ctx: ConsoleContext, kind: Kind): Promise<HTMLElement> {
  const { t } = ctx.i18n;
  const part = h(
    "div",
    { id: `${kind}s`, class: "part" },
    h("h3", {}, t(`${kind}.heading`, { country: ctx.me.jurisdiction ?? "" })),
    registerForm(ctx, kind),
  );
  const country = ctx.me.jurisdiction ? `&jurisdiction=${ctx.me.jurisdiction}` : "";
  const listed = await get<Page<Member>>(ctx.key, `${PATH[kind]}?limit=200${country}`);
  if (!listed.ok) {
    if (listed.failure.status === 401) ctx.keyRefused();
    part.append(h("p", { class: "form-error", role: "alert" }, t("error.loadFailed")));
  } else if (listed.value.items.length === 0) {
    part.append(h("p", { id: `no-${kind}s` }, t(`${kind}.none`)));
  } else {
    part.append(
      h("ul", { class: "cards", id: `${kind}-list` }, ...listed.value.items.map((m) => memberCard(ctx, kind, m))),
    );
  }
  return part;
}

export async function membersSection(ctx: ConsoleContext): Promise<HTMLElement> {
  const { t } = ctx.i18n;
  const [employers, insurers] = await Promise.all([memberPart(ctx, "employer"), memberPart(ctx, "insurer")]);
  return h(
    "section",
    { id: "members", "aria-labelledby": "members-heading" },
    h("h2", { id: "members-heading" }, t("nav.members")),
    employers,
    insurers,
  );
}
