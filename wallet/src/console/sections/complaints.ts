/**
 * Workers' complaints per agency of the authority's country: pick the agency (its licences are this
 * country's), read its complaints (GET /complaints?agency=did, drawn by ui/complaints-view.ts), and mark an
 * open one handled with the outcome in words (POST /complaints/{id}/handling, an Idempotency-Key as every
 * write). A refusal is said next to the button (role=alert), success in the status line.
 */
import { h } from "../../ui/dom.ts";
import {
  agencyDidFor,
  renderAgencyComplaints,
  type AgencyComplaints,
  type OfficialComplaint,
} from "../../ui/complaints-view.ts";
import { get, post, type Licence, type Page } from "../console-api.ts";
import { errorSlot, failureWords, field, runAction, type ConsoleContext } from "../context.ts";
import { agencyNames } from "./agencies.ts";

function handlingForm(ctx: ConsoleContext, agency: string, complaint: OfficialComplaint): HTMLElement {
  const { t } = ctx.i18n;
  const id = `handle-${complaint.reference}`;
  const outcome = h("textarea", { name: "outcome", rows: "3", maxlength: "4000", "aria-required": "true" });
  const submit = h("button", { type: "submit", class: "mark-handled" }, t("complaints.markHandled"));
  const slot = errorSlot(`${id}-error`);
  const form = h(
    "form",
    {
      class: "handling",
      id: `${id}-form`,
      "aria-label": t("complaints.handlingFor", { reference: complaint.reference.slice(0, 8) }),
    },
    field(`${id}-outcome`, t("complaints.outcomeLabel"), outcome, t("complaints.outcomeHint")),
    submit,
    slot,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const words = outcome.value.trim();
    if (!words) {
      slot.textContent = t("complaints.outcomeRequired");
      outcome.setAttribute("aria-invalid", "true");
      outcome.focus();
      return;
    }
    outcome.removeAttribute("aria-invalid");
    void runAction(
      ctx,
      submit,
      slot,
      () => post(ctx.key, `complaints/${complaint.reference}/handling`, { outcome: words }),
      () => {
        ctx.show("complaints", { agency });
        ctx.announce("complaints.handledDone", { reference: complaint.reference.slice(0, 8) });
      },
    );
  });
  return form;
}

export async function complaintsSection(ctx: ConsoleContext, prefill: Record<string, string>): Promise<HTMLElement> {
  const { t } = ctx.i18n;
  const section = h(
    "section",
    { id: "complaints", "aria-labelledby": "complaints-title" },
    h("h2", { id: "complaints-title" }, t("nav.complaints")),
    h("p", { class: "hint" }, t("complaints.intro")),
  );
  const slot = errorSlot("complaints-error");
  const listed = await get<Page<Licence>>(
    ctx.key,
    `licences?limit=200${ctx.me.jurisdiction ? `&jurisdiction=${ctx.me.jurisdiction}` : ""}`,
  );
  if (!listed.ok) {
    if (listed.failure.status === 401) ctx.keyRefused();
    slot.textContent = failureWords(listed.failure, ctx.i18n);
    section.append(slot);
    return section;
  }
  const licences = listed.value.items;
  if (licences.length === 0) {
    section.append(h("p", { id: "complaints-no-agency" }, t("licence.none")));
    return section;
  }
  const names = await agencyNames(ctx, licences);
  const select = h("select", { name: "agency" });
  const chosen = (prefill.agency ?? licences[0]?.agency ?? "").toLowerCase();
  for (const licence of licences) {
    const account = licence.agency.toLowerCase();
    const option = h("option", { value: account }, names.get(account) ?? account);
    option.selected = account === chosen;
    select.append(option);
  }
  const show = h("button", { type: "submit", id: "complaints-show" }, t("complaints.show"));
  const picker = h(
    "form",
    { id: "complaints-agency-form", "aria-labelledby": "complaints-title" },
    field("complaints-agency", t("complaints.agency"), select),
    show,
  );
  picker.addEventListener("submit", (event) => {
    event.preventDefault();
    ctx.show("complaints", { agency: select.value });
  });
  section.append(picker, slot);
  const answer = await get<AgencyComplaints>(
    ctx.key,
    `complaints?agency=${encodeURIComponent(agencyDidFor(ctx.me.did, chosen))}`,
  );
  if (!answer.ok) {
    if (answer.failure.status === 401) ctx.keyRefused();
    slot.textContent = failureWords(answer.failure, ctx.i18n);
    return section;
  }
  section.append(
    renderAgencyComplaints(answer.value, {
      i18n: ctx.i18n,
      idPrefix: "agency-complaints",
      apiKey: ctx.key,
      actions: (complaint) => handlingForm(ctx, chosen, complaint),
    }),
  );
  return section;
}
