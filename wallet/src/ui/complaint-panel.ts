/**
 * "Report a problem" on a paper's card: the worker chooses what happened, says it in their own words,
 * may add a photo of a receipt and chooses whether the agency may learn who reported (off by default).
 * The paper proves they may report (complaints-api.ts); the case is the paper's. Below the form, the
 * reports this phone filed with that paper and where each stands (received → recorded → handled, with
 * the authority's outcome). Every message goes to the live region at the top of the page.
 */
import { errorCodeOf } from "../lib/errors.ts";
import type { StoredCredential } from "../credentials/stored-credential.ts";
import { fetchComplaintStatus, fileComplaint } from "../complaints/complaints-api.ts";
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_TEXT_MAX,
  PHOTO_MAX_BYTES,
  PHOTO_MEDIA_TYPES,
  isCategory,
} from "../complaints/complaint-rules.ts";
import { saveComplaint, type StoredComplaint } from "../complaints/stored-complaints.ts";
import { h, uniqueId } from "./dom.ts";
import { formatDate } from "./format.ts";
import type { Announce, WalletState } from "./state.ts";

/** Standard base64 of a file's bytes (the service's photo field). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const photoAcceptable = (file: File) =>
  (PHOTO_MEDIA_TYPES as readonly string[]).includes(file.type) && file.size <= PHOTO_MAX_BYTES;

/** Asks the service about each report of this phone (those not handled yet) and keeps the answers. */
export async function refreshComplaints(state: WalletState, digest?: string): Promise<void> {
  for (const complaint of state.complaints) {
    if ((digest && complaint.digest !== digest) || complaint.status === "handled") continue;
    const answer = await fetchComplaintStatus(
      fetch.bind(globalThis),
      complaint.issuer,
      complaint.reference,
      complaint.accessToken,
    );
    if (!answer) continue;
    state.complaints = await saveComplaint(state.store, {
      ...complaint,
      status: answer.status,
      ...(answer.outcome ? { outcome: answer.outcome } : {}),
      checkedAt: new Date().toISOString(),
    });
  }
}

function complaintItem(state: WalletState, complaint: StoredComplaint): HTMLElement {
  const { t, lang } = state.i18n;
  return h(
    "li",
    { class: "complaint", "data-reference": complaint.reference, "data-complaint-status": complaint.status },
    h("p", { class: "complaint-category" }, t(`category.${complaint.category}`)),
    h(
      "p",
      { class: `status complaint-status complaint-${complaint.status}` },
      t(`complaintStatus.${complaint.status}`),
    ),
    complaint.outcome && h("p", { class: "complaint-outcome" }, t("complaintOutcome", { outcome: complaint.outcome })),
    h(
      "p",
      { class: "meta" },
      `${t("complaintFiledOn", { date: formatDate(complaint.filedAt, lang) })} · ${t("complaintRef", {
        reference: complaint.reference.slice(0, 8),
      })}`,
    ),
  );
}

function reportForm(state: WalletState, entry: StoredCredential, announce: Announce, redraw: () => void) {
  const { t } = state.i18n;
  const ids = {
    category: uniqueId("complaint-category"),
    text: uniqueId("complaint-text"),
    photo: uniqueId("complaint-photo"),
    photoHint: uniqueId("complaint-photo-hint"),
    share: uniqueId("complaint-share"),
    shareHint: uniqueId("complaint-share-hint"),
  };
  const category = h(
    "select",
    { id: ids.category, name: "category" },
    ...COMPLAINT_CATEGORIES.map((value) => h("option", { value }, t(`category.${value}`))),
  );
  const text = h("textarea", { id: ids.text, name: "text", rows: "4", maxlength: String(COMPLAINT_TEXT_MAX) });
  const photo = h("input", {
    id: ids.photo,
    name: "photo",
    type: "file",
    accept: PHOTO_MEDIA_TYPES.join(","),
    "aria-describedby": ids.photoHint,
  });
  const share = h("input", { id: ids.share, name: "share", type: "checkbox", "aria-describedby": ids.shareHint });
  const submit = h("button", { type: "submit" }, t("complaintSend"));
  const form = h(
    "form",
    { class: "complaint-form" },
    h("label", { for: ids.category }, t("complaintCategory")),
    category,
    h("label", { for: ids.text }, t("complaintText")),
    text,
    h("label", { for: ids.photo }, t("complaintPhoto")),
    photo,
    h("p", { class: "hint", id: ids.photoHint }, t("complaintPhotoHint")),
    h("div", { class: "check" }, share, h("label", { for: ids.share }, t("complaintShare"))),
    h("p", { class: "hint", id: ids.shareHint }, t("complaintShareHint")),
    submit,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const words = text.value.trim();
    if (words === "") {
      announce(t("complaintTextMissing"), "error", { focus: false });
      text.focus();
      return;
    }
    const file = photo.files?.[0];
    if (file && !photoAcceptable(file)) {
      announce(t("complaintPhotoInvalid"), "error", { focus: false });
      photo.focus();
      return;
    }
    const chosen = category.value;
    if (!isCategory(chosen)) return;
    submit.disabled = true;
    announce(t("complaintSending"));
    try {
      const filed = await fileComplaint(
        fetch.bind(globalThis),
        entry.issuer,
        entry.credential,
        state.holder.privateKey,
        {
          category: chosen,
          text: words,
          ...(file ? { photo: { mediaType: file.type, data: await base64Of(file) } } : {}),
          shareIdentityWithAgency: share.checked,
        },
        new Date(),
      );
      state.complaints = await saveComplaint(state.store, {
        ...filed,
        issuer: entry.issuer,
        digest: entry.digest,
        category: chosen,
      });
      redraw();
      announce(t("complaintFiled", { reference: filed.reference.slice(0, 8) }));
    } catch (error) {
      console.error(error);
      submit.disabled = false;
      announce(t(errorCodeOf(error)), "error");
    }
  });
  return form;
}

export function complaintSection(
  state: WalletState,
  entry: StoredCredential,
  announce: Announce,
  redraw: () => void,
): HTMLElement {
  const { t } = state.i18n;
  const mine = state.complaints.filter((complaint) => complaint.digest === entry.digest);
  const check = h("button", { type: "button", class: "secondary complaint-check" }, t("complaintCheck"));
  check.addEventListener("click", async () => {
    check.disabled = true;
    await refreshComplaints(state, entry.digest);
    redraw();
    announce(t("complaintChecked"));
  });
  return h(
    "div",
    { class: "complaints-block" },
    mine.length > 0 &&
      h(
        "div",
        {},
        h("h4", {}, t("complaintsTitle")),
        h("ul", { class: "complaints" }, ...mine.map((complaint) => complaintItem(state, complaint))),
        check,
      ),
    h(
      "details",
      { class: "report" },
      h("summary", {}, t("reportTitle")),
      h("p", { class: "hint" }, t("reportHint")),
      reportForm(state, entry, announce, redraw),
    ),
  );
}
