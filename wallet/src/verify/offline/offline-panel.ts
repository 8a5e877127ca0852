/**
 * The desk's offline mode, for a post with no network between phone and desk: the officer refreshes the
 * trust snapshot while online (its age is always on screen, against the maximum age they set), presses
 * "New traveller" to show this desk's request (audience + fresh nonce) as a QR the wallet scans, then reads
 * the wallet's offline QR — camera (one code, or parts shown one at a time), a photo, or a handheld
 * scanner's text — and the page verifies it itself against the snapshot. The verdict view and the shift log
 * are the online mode's. Past the maximum age nothing is verified: CANNOT CHECK, reconnect to refresh.
 */
import QRCode from "qrcode";
import { OfflineQrAssembler, isFairLedgerError } from "@fairledger/common";
import { h } from "../../ui/dom.ts";
import type { Translator } from "../../ui/i18n.ts";
import type { ResponseVerdict } from "../desk-api.ts";
import { logCheck } from "../session.ts";
import { renderVerdict, verdictBanner } from "../verdict-view.ts";
import { startCameraScan, readCodePhoto, type CameraScan } from "./camera-scan.ts";
import {
  currentOfflineRequest,
  endOfflineRequest,
  newOfflineRequest,
  requestText,
  type OfflineRequest,
} from "./offline-request.ts";
import {
  LONGEST_MAX_AGE_HOURS,
  isTooOld,
  maxAgeHours,
  refreshSnapshot,
  setMaxAgeHours,
  snapshotAge,
  storedSnapshot,
} from "./snapshot-store.ts";

export type OfflineShown = { kind: "idle" } | { kind: "tooOld" } | { kind: "verdict"; verdict: ResponseVerdict };

export interface OfflineState {
  shown: OfflineShown;
  requestQr: { text: string; png: string } | null;
  scan: CameraScan | null;
  assembler: OfflineQrAssembler;
  codes: string[];
  /** "part 2 of 4 read" while collecting parts. */
  progress: string | null;
}

export interface OfflineDesk {
  i18n: Translator;
  offline: OfflineState;
  say(key: string, error?: boolean, params?: Record<string, string | number>): void;
  rerender(): void;
  /** Unix seconds: the desk's clock. */
  now(): number;
}

export const newOfflineState = (): OfflineState => ({
  shown: { kind: "idle" },
  requestQr: null,
  scan: null,
  assembler: new OfflineQrAssembler(),
  codes: [],
  progress: null,
});

/** "3 min", "5.2 h", "2.0 days" in the officer's language. */
export function ageWords(seconds: number, i18n: Translator): string {
  if (seconds < 120) return i18n.t("age.seconds", { n: Math.max(0, Math.round(seconds)) });
  if (seconds < 7200) return i18n.t("age.minutes", { n: Math.round(seconds / 60) });
  if (seconds < 172_800) return i18n.t("age.hours", { n: (seconds / 3600).toFixed(1) });
  return i18n.t("age.days", { n: (seconds / 86_400).toFixed(1) });
}

/** The line every mode shows: how old the desk's snapshot is, and how old it may be. */
export function snapshotAgeLine(i18n: Translator, now: number): HTMLElement {
  const snapshot = storedSnapshot();
  const max = maxAgeHours();
  if (!snapshot)
    return h(
      "p",
      { id: "snapshot-age", class: "snapshot-age stop", "data-state": "none" },
      i18n.t("offline.noSnapshot", { max }),
    );
  const tooOld = isTooOld(snapshot, now, max);
  return h(
    "p",
    { id: "snapshot-age", class: `snapshot-age ${tooOld ? "stop" : "ok"}`, "data-state": tooOld ? "too-old" : "fresh" },
    i18n.t(tooOld ? "offline.snapshotTooOldLine" : "offline.snapshotAge", {
      age: ageWords(snapshotAge(snapshot, now), i18n),
      block: snapshot.block.number,
      max,
    }),
  );
}

function resetReading(desk: OfflineDesk): void {
  desk.offline.scan?.stop();
  desk.offline.scan = null;
  desk.offline.assembler = new OfflineQrAssembler();
  desk.offline.codes = [];
  desk.offline.progress = null;
}

function asVerdict(
  result: Awaited<ReturnType<typeof import("./verify-offline.ts").verifyOfflineCodes>>,
): ResponseVerdict {
  return {
    outcome: result.outcome,
    presentations: [
      {
        queryId: "offline",
        result: {
          outcome: result.outcome,
          checks: result.checks,
          disclosed: result.disclosed,
          issuer: result.issuer,
          credentialType: result.credentialType,
        },
      },
    ],
    verifiedAt: Math.floor(Date.now() / 1000),
  };
}

/**
 * Verifies the codes read for the current traveller and shows the verdict. Exported for the benchmark's
 * and the handheld scanner's path: the same function the camera ends in.
 */
export async function checkCodes(desk: OfflineDesk, codes: readonly string[]): Promise<void> {
  const request = currentOfflineRequest();
  const snapshot = storedSnapshot();
  const now = desk.now();
  resetReading(desk);
  if (!request) return desk.say("offline.noRequest", true);
  if (!snapshot || isTooOld(snapshot, now, maxAgeHours())) {
    desk.offline.shown = { kind: "tooOld" };
    logCheck({ at: new Date(now * 1000).toISOString(), verdict: "cannot-verify", agencyName: null, offline: true });
    desk.rerender();
    desk.say("offline.announceTooOld");
    document.getElementById("verdict")?.focus();
    return;
  }
  const { verifyOfflineCodes } = await import("./verify-offline.ts");
  const result = await verifyOfflineCodes(codes, snapshot.text, request, now);
  // A verdict was reached on this nonce (any verdict): the next traveller gets a fresh one.
  endOfflineRequest();
  desk.offline.requestQr = null;
  const verdict = asVerdict(result);
  desk.offline.shown = { kind: "verdict", verdict };
  logCheck({ at: new Date(now * 1000).toISOString(), verdict: verdict.outcome, agencyName: null, offline: true });
  desk.rerender();
  desk.say(`announce.${verdict.outcome}`);
  document.getElementById("verdict")?.focus();
}

/** One code read (camera, photo, scanner): kept when it belongs to this presentation; true once complete. */
function readCode(desk: OfflineDesk, text: string): boolean {
  const { offline } = desk;
  let progress;
  try {
    progress = offline.assembler.add(text);
  } catch (error) {
    if (!isFairLedgerError(error)) throw error;
    desk.say("offline.notOurCode", true);
    return false;
  }
  if (!offline.codes.includes(text.trim())) offline.codes.push(text.trim());
  if (progress.complete) {
    void checkCodes(desk, [...offline.codes]);
    return true;
  }
  offline.progress = desk.i18n.t("offline.partsRead", {
    read: progress.received.length,
    total: progress.total,
    missing: progress.missing.join(", "),
  });
  const line = document.getElementById("parts-progress");
  if (line) line.textContent = offline.progress;
  return false;
}

async function startTraveller(desk: OfflineDesk): Promise<void> {
  resetReading(desk);
  const request = newOfflineRequest();
  const text = requestText(request);
  desk.offline.requestQr = {
    text,
    png: await QRCode.toDataURL(text, { errorCorrectionLevel: "M", margin: 4, scale: 6 }),
  };
  desk.offline.shown = { kind: "idle" };
  desk.rerender();
  desk.say("offline.requestShown");
  document.getElementById("scan-camera")?.focus();
}

async function startScan(desk: OfflineDesk): Promise<void> {
  const video = document.getElementById("camera-view") as HTMLVideoElement | null;
  if (!video) return;
  resetReading(desk);
  video.hidden = false;
  try {
    desk.offline.scan = await startCameraScan(video, (text) => readCode(desk, text));
    desk.say("offline.scanning");
  } catch {
    video.hidden = true;
    desk.say("offline.noCamera", true);
  }
}

function renderSnapshotBox(desk: OfflineDesk): HTMLElement {
  const { t } = desk.i18n;
  const refresh = h("button", { type: "button", id: "refresh-snapshot", class: "secondary" }, t("offline.refresh"));
  refresh.addEventListener("click", async () => {
    desk.say("offline.refreshing");
    const fetched = await refreshSnapshot(desk.now());
    if (!fetched.ok) return desk.say(fetched.failure, true);
    desk.rerender();
    desk.say("offline.refreshed", false, { block: fetched.value.block.number });
  });
  const maxInput = h("input", {
    id: "max-age-input",
    // Checked by setMaxAgeHours, whose message names the range (no min/max: the browser's own bubble would not).
    type: "text",
    inputmode: "numeric",
    value: String(maxAgeHours()),
    "aria-describedby": "max-age-hint",
  });
  const form = h(
    "form",
    { id: "max-age-form", class: "search-row" },
    h("label", { for: "max-age-input" }, t("offline.maxAgeLabel")),
    maxInput,
    h("button", { type: "submit", class: "secondary" }, t("offline.maxAgeSave")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!setMaxAgeHours(Number(maxInput.value))) {
      maxInput.setAttribute("aria-invalid", "true");
      return desk.say("offline.maxAgeInvalid", true, { max: LONGEST_MAX_AGE_HOURS });
    }
    desk.rerender();
    desk.say("offline.maxAgeSaved", false, { hours: maxAgeHours() });
  });
  return h(
    "section",
    { id: "snapshot", "aria-labelledby": "snapshot-heading" },
    h("h2", { id: "snapshot-heading" }, t("offline.snapshotHeading")),
    h("p", { class: "hint" }, t("offline.snapshotHint")),
    refresh,
    form,
    h("p", { id: "max-age-hint", class: "hint" }, t("offline.maxAgeHint", { default: 24, max: LONGEST_MAX_AGE_HOURS })),
  );
}

function renderRequest(desk: OfflineDesk, request: OfflineRequest): HTMLElement {
  const { t } = desk.i18n;
  const camera = h("button", { type: "button", id: "scan-camera" }, t("offline.scanCamera"));
  camera.addEventListener("click", () => void startScan(desk));
  const photo = h("input", { id: "scan-photo", type: "file", accept: "image/*", capture: "environment" });
  photo.addEventListener("change", async () => {
    const file = photo.files?.[0];
    if (!file) return;
    try {
      readCode(desk, await readCodePhoto(file));
    } catch {
      desk.say("offline.photoUnreadable", true);
    }
    photo.value = "";
  });
  const typed = h("textarea", {
    id: "scan-text",
    rows: "3",
    spellcheck: "false",
    dir: "ltr",
    "aria-describedby": "scan-text-hint",
  });
  const check = h("button", { type: "submit", class: "secondary" }, t("offline.checkText"));
  const textForm = h(
    "form",
    { id: "scan-text-form" },
    h("label", { for: "scan-text" }, t("offline.textLabel")),
    h("p", { id: "scan-text-hint", class: "hint" }, t("offline.textHint")),
    typed,
    check,
  );
  textForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const lines = typed.value
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    for (const line of lines) if (readCode(desk, line)) return;
    if (lines.length) typed.value = "";
  });
  return h(
    "section",
    { id: "offline-request", "aria-labelledby": "offline-request-heading" },
    h("h2", { id: "offline-request-heading" }, t("offline.requestHeading")),
    h("p", {}, t("offline.requestHint")),
    desk.offline.requestQr &&
      h("img", {
        id: "offline-request-qr",
        class: "request-qr",
        src: desk.offline.requestQr.png,
        alt: t("offline.requestQrAlt"),
      }),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, t("offline.audience")),
      h("dd", { id: "offline-aud", dir: "ltr" }, request.aud),
      h("dt", {}, t("offline.nonce")),
      h("dd", { id: "offline-nonce", dir: "ltr" }, request.nonce),
    ),
    h("h3", {}, t("offline.readHeading")),
    h("div", { class: "desk-actions" }, camera),
    h("video", {
      id: "camera-view",
      class: "camera-view",
      muted: true,
      playsinline: true,
      hidden: true,
      "aria-label": t("offline.cameraLabel"),
    }),
    h("p", { id: "parts-progress", class: "hint", "aria-live": "polite" }, desk.offline.progress ?? ""),
    h("label", { for: "scan-photo" }, t("offline.photoLabel")),
    photo,
    textForm,
  );
}

export function renderOfflinePanel(desk: OfflineDesk): HTMLElement {
  const { t } = desk.i18n;
  const start = h("button", { type: "button", id: "offline-traveller", class: "primary-large" }, t("newTraveller"));
  start.addEventListener("click", () => void startTraveller(desk));
  const request = currentOfflineRequest();
  const { shown } = desk.offline;
  // The traveller's verdict first, then how to read the next code; the snapshot's settings last (its age is
  // also in the page header, always).
  return h(
    "div",
    { id: "offline" },
    h("div", { class: "desk-actions" }, start),
    shown.kind === "tooOld" &&
      h("div", { id: "answer", tabindex: "-1" }, verdictBanner("cannot-verify", desk.i18n, t("offline.tooOld"))),
    shown.kind === "verdict" &&
      h("div", { id: "answer", tabindex: "-1" }, renderVerdict(shown.verdict, null, desk.i18n)),
    request && renderRequest(desk, request),
    renderSnapshotBox(desk),
  );
}

/** Leaving offline mode or the page: the camera goes off. */
export const stopOffline = (desk: OfflineDesk): void => resetReading(desk);
