/**
 * The audit log of this authority's own actions (GET /audit-log): newest first, in words — what was done, to
 * whom, when, and the reason where there was one — twenty at a time, "Show older" following the cursor.
 */
import { h } from "../../ui/dom.ts";
import { get, type AuditEntry, type Page } from "../console-api.ts";
import { errorSlot, runAction, when, type ConsoleContext } from "../context.ts";

const PAGE_SIZE = 20;

function entryRow(ctx: ConsoleContext, entry: AuditEntry): HTMLElement {
  const { t } = ctx.i18n;
  const known = t(`action.${entry.action}`);
  const reason = typeof entry.detail?.reason === "string" ? entry.detail.reason : null;
  return h(
    "li",
    { class: "card", "data-action": entry.action },
    h("p", { class: "meta" }, when(entry.at, ctx.i18n)),
    h("p", {}, h("strong", {}, known === `action.${entry.action}` ? entry.action : known)),
    entry.subject ? h("p", { class: "subject" }, h("bdi", { dir: "ltr" }, entry.subject)) : null,
    reason ? h("p", { class: "reason" }, t("history.reason", { reason: t(`reason.${reason}`) })) : null,
  );
}

export async function auditSection(ctx: ConsoleContext): Promise<HTMLElement> {
  const { t } = ctx.i18n;
  const list = h("ol", { class: "cards", id: "audit-list" });
  const section = h(
    "section",
    { id: "audit", "aria-labelledby": "audit-heading" },
    h("h2", { id: "audit-heading" }, t("nav.audit")),
    h("p", { class: "hint" }, t("audit.intro")),
    list,
  );
  const more = h("button", { type: "button", id: "audit-older", class: "secondary" }, t("audit.older"));
  const slot = errorSlot("audit-error");
  let cursor: string | null = null;
  const load = async (button: HTMLButtonElement) =>
    runAction(
      ctx,
      button,
      slot,
      () => get<Page<AuditEntry>>(ctx.key, `audit-log?limit=${PAGE_SIZE}${cursor ? `&cursor=${cursor}` : ""}`),
      (page) => {
        list.append(...page.items.map((entry) => entryRow(ctx, entry)));
        cursor = page.page.nextCursor;
        more.hidden = cursor === null;
        if (list.childElementCount === 0) list.replaceWith(h("p", { id: "audit-empty" }, t("audit.none")));
        ctx.announce("audit.loaded");
      },
    );
  more.addEventListener("click", () => void load(more));
  section.append(more, slot);
  more.hidden = true;
  await load(more);
  return section;
}
