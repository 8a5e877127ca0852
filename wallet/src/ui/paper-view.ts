/**
 * The printable paper: one page with each paper's essential facts (type, status when printed, the
 * readable claims, the agency, whether the contract matches the anchored one) and its offline QR code.
 * Hidden on screen; the print stylesheet shows only it (styles.css, @media print).
 */
import QRCode from "qrcode";
import { OFFLINE_QR_ERROR_CORRECTION, OFFLINE_QR_QUIET_MODULES } from "@fairledger/common";
import { displayStatus } from "../credentials/describe.ts";
import { claimRows } from "./claim-rows.ts";
import { contractCheckWords } from "./contract-section.ts";
import { contactOf } from "./credential-list.ts";
import { h } from "./dom.ts";
import { formatDate } from "./format.ts";
import type { WalletState } from "./state.ts";
import { paperQr } from "../backup/keep-copy.ts";

const STATUS_WORDS: Record<string, string> = {
  valid: "statusValid",
  revoked: "statusRevoked",
  suspended: "statusSuspended",
  expired: "statusExpired",
  "not-known": "statusNotKnown",
  unknown: "statusUnknown",
};

/** Paper QR images: 4 pixels per module whatever the screen, so a printer at any scale keeps modules whole. */
async function qrImage(text: string): Promise<string> {
  return QRCode.toDataURL(text, {
    errorCorrectionLevel: OFFLINE_QR_ERROR_CORRECTION,
    margin: OFFLINE_QR_QUIET_MODULES,
    scale: 4,
  });
}

/** Makes every paper's offline QR code and its image, for renderPaper. */
export async function preparePaper(state: WalletState): Promise<void> {
  const qrs = new Map<string, { text: string; png: string }>();
  for (const entry of state.credentials) {
    const text = await paperQr(entry, state);
    if (text) qrs.set(entry.digest, { text, png: await qrImage(text) });
  }
  state.paperQrs = qrs;
}

/** Draws the paper once its QR codes are made (preparePaper); until then the page has none. */
export function renderPaper(state: WalletState): HTMLElement | false {
  const qrs = state.paperQrs;
  if (!qrs) return false;
  const { t, lang } = state.i18n;
  const now = new Date();
  const items = [];
  for (const entry of state.credentials) {
    const view = state.views.get(entry.digest);
    const qr = qrs.get(entry.digest);
    if (!view || !qr) continue;
    const status = displayStatus(view, entry.issuerStatus, now);
    const rows = claimRows(view, state.i18n).filter((row) => !row.technical);
    const check = state.contractChecks.get(entry.digest);
    items.push(
      h(
        "article",
        { class: "paper-item", "data-digest": entry.digest },
        h("h2", {}, t(`type.${view.type}`)),
        h("p", { class: "paper-status" }, `${t("paperStatus")}: ${t(STATUS_WORDS[status] ?? "statusUnknown")}`),
        entry.statusReason && h("p", {}, t("statusReason", { reason: entry.statusReason })),
        h(
          "dl",
          {},
          ...rows.flatMap((row) => [h("dt", {}, row.label), h("dd", { "data-claim": row.claim }, row.value)]),
        ),
        h("p", {}, `${t("issuedBy")}: ${contactOf(view, entry)}`),
        check && check.kind !== "none" && h("p", { class: "paper-contract" }, contractCheckWords(check, t)),
        h("img", { class: "paper-qr", src: qr.png, alt: t("paperQrAlt"), "data-qr": qr.text }),
        h("p", { class: "hint" }, t("paperQrNote")),
      ),
    );
  }
  // The printed page's main landmark (the screen's <main> is hidden in print, this one on screen).
  return h(
    "main",
    { class: "paper", id: "paper", "aria-label": t("paperTitle") },
    h("h1", {}, t("paperTitle")),
    h("p", { class: "meta" }, t("paperPrinted", { date: formatDate(now, lang) })),
    ...items,
  );
}
