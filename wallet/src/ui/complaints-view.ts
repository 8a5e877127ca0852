/**
 * Workers' complaints about one agency as officials read them (GET /complaints?agency=<did>), drawn once for
 * both officials' pages (the inspector's dashboard and the authority's console): how many, how many open and
 * handled, and each complaint — its category in words, when it was filed, its status, the worker's own
 * words, the receipt photo (fetched with the official's key: a plain link could not carry it), who filed
 * only when the worker allowed it (the service leaves the filer out otherwise), and the outcome once
 * handled. A page adds its own controls to each complaint through `actions` (the console's "Mark handled").
 */
import { h } from "./dom.ts";
import type { Translator } from "./i18n.ts";

export interface OfficialComplaint {
  reference: string;
  category: string;
  status: "filed" | "anchored" | "handled";
  filedAt: string;
  handledAt: string | null;
  handledBy: string | null;
  /** The case was erased: the complaint stays counted, its words unreadable. */
  erased: boolean;
  text: string | null;
  photo: { mediaType: string; bytes: number } | null;
  outcome: string | null;
  identityShared: boolean;
  filer: { caseId: string; name: string } | null;
}

export interface AgencyComplaints {
  agency: { did: string; name: string | null };
  counts: { filed: number; open: number };
  complaints: OfficialComplaint[];
}

/** The agency's did:ethr on the official's own chain: the official's DID with the agency's address. */
export function agencyDidFor(officialDid: string, agencyAddress: string): string {
  const address = agencyAddress.slice(agencyAddress.lastIndexOf(":") + 1).toLowerCase();
  return `${officialDid.slice(0, officialDid.lastIndexOf(":") + 1)}${address}`;
}

/** The complaint's receipt photo, fetched with the official's key and handed to the browser as a download. */
export async function downloadComplaintPhoto(apiKey: string, complaint: OfficialComplaint): Promise<boolean> {
  let response: Response;
  try {
    response = await fetch(new URL(`../complaints/${complaint.reference}/photo`, document.baseURI), {
      headers: { "x-api-key": apiKey },
      cache: "no-store",
    });
  } catch {
    return false;
  }
  if (!response.ok) return false;
  const extension = complaint.photo?.mediaType.split("/")[1] ?? "img";
  const link = h("a", {
    href: URL.createObjectURL(await response.blob()),
    download: `complaint-${complaint.reference.slice(0, 8)}-photo.${extension}`,
    hidden: true,
  });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  return true;
}

export interface ComplaintsViewOptions {
  i18n: Translator;
  /** Unique within the page: the section's ids start with it. */
  idPrefix: string;
  apiKey: string;
  /** The page's own controls for one complaint (none when absent or null). */
  actions?: (complaint: OfficialComplaint) => HTMLElement | null;
}

const day = (iso: string | null, i18n: Translator) =>
  iso ? new Date(iso).toLocaleDateString(i18n.lang, { dateStyle: "medium", timeZone: "UTC" }) : "—";

function photoControl(complaint: OfficialComplaint, options: ComplaintsViewOptions): HTMLElement | null {
  if (!complaint.photo) return null;
  const { t } = options.i18n;
  const button = h(
    "button",
    { type: "button", class: "secondary complaint-photo" },
    t("complaints.photo", { kb: Math.max(1, Math.round(complaint.photo.bytes / 1024)) }),
  );
  const slot = h("span", { class: "form-error", role: "alert" });
  button.addEventListener("click", async () => {
    slot.textContent = "";
    if (!(await downloadComplaintPhoto(options.apiKey, complaint))) slot.textContent = t("complaints.photoFailed");
  });
  return h("p", { class: "no-print" }, button, " ", slot);
}

function complaintItem(complaint: OfficialComplaint, options: ComplaintsViewOptions): HTMLElement {
  const { t } = options.i18n;
  const category = t(`complaints.category.${complaint.category}`);
  return h(
    "li",
    { class: "complaint", "data-reference": complaint.reference, "data-status": complaint.status },
    h(
      "p",
      { class: "complaint-head" },
      h(
        "strong",
        { class: "complaint-category" },
        category === `complaints.category.${complaint.category}` ? complaint.category : category,
      ),
      " — ",
      h("span", { class: "complaint-filed" }, t("complaints.filedOn", { date: day(complaint.filedAt, options.i18n) })),
      " — ",
      h("span", { class: "complaint-status" }, t(`complaints.status.${complaint.status}`)),
    ),
    h("p", { class: "hint" }, t("complaints.reference", { reference: complaint.reference.slice(0, 8) })),
    complaint.erased
      ? h("p", { class: "complaint-erased" }, t("complaints.erased"))
      : h("blockquote", { class: "complaint-text", dir: "auto" }, complaint.text ?? ""),
    photoControl(complaint, options),
    h(
      "p",
      { class: "complaint-filer" },
      complaint.filer
        ? t("complaints.filer", { name: complaint.filer.name, caseId: complaint.filer.caseId })
        : t("complaints.anonymous"),
    ),
    complaint.status === "handled"
      ? h(
          "p",
          { class: "complaint-outcome" },
          t("complaints.outcome", { date: day(complaint.handledAt, options.i18n), outcome: complaint.outcome ?? "—" }),
        )
      : options.actions?.(complaint),
  );
}

/** The agency's complaints as a section of the page (heading level `h3`). */
export function renderAgencyComplaints(list: AgencyComplaints, options: ComplaintsViewOptions): HTMLElement {
  const { t } = options.i18n;
  const heading = `${options.idPrefix}-heading`;
  const handled = list.counts.filed - list.counts.open;
  return h(
    "section",
    {
      class: "complaints",
      id: options.idPrefix,
      "aria-labelledby": heading,
      "data-agency": list.agency.did,
    },
    h("h3", { id: heading }, t("complaints.heading", { agency: list.agency.name ?? list.agency.did })),
    h(
      "p",
      { class: "complaint-counts" },
      t("complaints.counts", { filed: list.counts.filed, open: list.counts.open, handled }),
    ),
    list.complaints.length === 0
      ? h("p", { class: "complaints-none" }, t("complaints.none"))
      : h("ol", { class: "complaint-list" }, ...list.complaints.map((complaint) => complaintItem(complaint, options))),
  );
}
