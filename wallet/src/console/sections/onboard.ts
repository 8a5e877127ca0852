/**
 * Onboarding: an authority creates a principal of its own country — an agency, an inspector or an insurer —
 * with POST /principals, importing the principal's chain account. Its first API key is shown once, here, with a
 * copy button and a warning: the service keeps only its hash, and the page keeps it only in memory until it is
 * dismissed or the page moves on. The principals this authority onboarded are listed below.
 */
import { h } from "../../ui/dom.ts";
import { get, post, type IssuedKey, type PrincipalView } from "../console-api.ts";
import { accountText, day, errorSlot, field, runAction, type ConsoleContext } from "../context.ts";

const KINDS = ["agency", "inspector", "insurer"] as const;

/** The key just issued: in memory only, shown until dismissed or the page moves to another section. */
let justIssued: IssuedKey | null = null;

export const forgetIssuedKey = (): void => {
  justIssued = null;
};

function issuedKeyPanel(ctx: ConsoleContext, issued: IssuedKey): HTMLElement {
  const { t } = ctx.i18n;
  const value = h("output", { id: "new-key-value", class: "secret", dir: "ltr" }, issued.key.apiKey);
  const copy = h("button", { type: "button", id: "copy-key" }, t("onboard.copy"));
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(issued.key.apiKey);
      ctx.announce("onboard.copied");
    } catch {
      ctx.announce("onboard.copyFailed");
    }
  });
  const stored = h("button", { type: "button", id: "key-stored", class: "secondary" }, t("onboard.stored"));
  stored.addEventListener("click", () => {
    forgetIssuedKey();
    ctx.show("onboard");
  });
  const buttons: HTMLElement[] = [copy, stored];
  if (issued.principal.kind === "agency") {
    const license = h(
      "button",
      { type: "button", id: "license-new-agency", class: "secondary" },
      t("onboard.licenseIt"),
    );
    license.addEventListener("click", () => {
      forgetIssuedKey();
      ctx.show("agencies", { agency: issued.principal.address, agencyName: issued.principal.name });
    });
    buttons.push(license);
  }
  return h(
    "section",
    { id: "new-key", class: "key-once", "aria-labelledby": "new-key-heading", tabindex: "-1" },
    h("h3", { id: "new-key-heading" }, t("onboard.keyHeading", { name: issued.principal.name })),
    h("p", { class: "warning", id: "new-key-warning" }, t("onboard.keyWarning")),
    h("label", { for: "new-key-value" }, t("onboard.keyLabel")),
    value,
    h("div", { class: "buttons" }, ...buttons),
  );
}

function onboardForm(ctx: ConsoleContext): HTMLElement {
  const { t } = ctx.i18n;
  const kind = h("select", { name: "kind", required: true });
  for (const k of KINDS) kind.append(h("option", { value: k }, t(`kind.${k}`)));
  const name = h("input", { type: "text", name: "name", required: true, autocomplete: "off" });
  const privateKey = h("input", {
    type: "password",
    name: "privateKey",
    required: true,
    autocomplete: "off",
    spellcheck: "false",
    dir: "ltr",
  });
  const submit = h("button", { type: "submit", id: "onboard-submit" }, t("onboard.submit"));
  const slot = errorSlot("onboard-error");
  const form = h(
    "form",
    { id: "onboard-form", "aria-labelledby": "onboard-form-heading" },
    h("h3", { id: "onboard-form-heading" }, t("onboard.formHeading", { country: ctx.me.jurisdiction ?? "" })),
    field("onboard-kind", t("onboard.kind"), kind),
    field("onboard-name", t("onboard.name"), name),
    field("onboard-private-key", t("onboard.privateKey"), privateKey, t("onboard.privateKeyHint")),
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
        post<IssuedKey>(ctx.key, "principals", {
          kind: kind.value,
          name: name.value.trim(),
          privateKey: privateKey.value.trim(),
        }),
      (issued) => {
        // The account's private key is not kept in the page once the service has it.
        privateKey.value = "";
        justIssued = issued;
        ctx.announce("onboard.done", { name: issued.principal.name });
        ctx.show("onboard");
      },
    );
  });
  return form;
}

export async function onboardSection(ctx: ConsoleContext): Promise<HTMLElement> {
  const { t } = ctx.i18n;
  const section = h(
    "section",
    { id: "onboard", "aria-labelledby": "onboard-heading" },
    h("h2", { id: "onboard-heading" }, t("nav.onboard")),
  );
  if (justIssued) section.append(issuedKeyPanel(ctx, justIssued));
  section.append(onboardForm(ctx));
  const listed = await get<{ items: PrincipalView[] }>(ctx.key, "principals");
  section.append(h("h3", {}, t("onboard.listHeading")));
  if (!listed.ok) {
    if (listed.failure.status === 401) ctx.keyRefused();
    const slot = errorSlot("principals-error");
    slot.textContent = t("error.loadFailed");
    section.append(slot);
  } else if (listed.value.items.length === 0) {
    section.append(h("p", { id: "no-principals" }, t("onboard.none")));
  } else {
    section.append(
      h(
        "ul",
        { class: "cards", id: "principal-list" },
        ...listed.value.items.map((p) =>
          h(
            "li",
            { class: "card", "data-kind": p.kind },
            h("h4", {}, p.name),
            h(
              "dl",
              { class: "facts" },
              h("dt", {}, t("onboard.kind")),
              h("dd", {}, t(`kind.${p.kind}`)),
              h("dt", {}, t("licence.account")),
              h("dd", {}, accountText(p.address)),
              h("dt", {}, t("onboard.since")),
              h("dd", {}, day(p.createdAt, ctx.i18n)),
            ),
          ),
        ),
      ),
    );
  }
  return section;
}
