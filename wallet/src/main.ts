/**
 * The worker's wallet page: makes (once) and keeps the holder key, picks up credentials, lists them
 * in plain words, and shows them as QR codes with only what the worker chooses to disclose.
 */
import { describeCredential } from "./credentials/describe.ts";
import { loadCredentials } from "./credentials/stored-credential.ts";
import { loadOrCreateHolderKey } from "./lib/holder-key.ts";
import { memoryKeyValueStore, openKeyValueStore } from "./lib/idb.ts";
import { refreshLedgerInfo } from "./ui/actions.ts";
import { renderCredentialList } from "./ui/credential-list.ts";
import { h } from "./ui/dom.ts";
import { applyLanguage, initialLanguage, loadTranslator } from "./ui/i18n.ts";
import { renderPickupPanel } from "./ui/pickup-panel.ts";
import { renderPresentPanel } from "./ui/present-panel.ts";
import type { Announce, WalletState } from "./ui/state.ts";
import { languagePicker } from "./ui/language-picker.ts";
import { loadComplaints } from "./complaints/stored-complaints.ts";
import { refreshComplaints } from "./ui/complaint-panel.ts";
import { checkAllContracts } from "./credentials/contract-check.ts";
import { renderKeepCopyPanel } from "./ui/keep-copy-panel.ts";
import { renderPaper } from "./ui/paper-view.ts";

function pageElement(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html has no #${id} element`);
  return element;
}

const status = pageElement("status");
const app = pageElement("app");

/**
 * The one live region, pinned to the top of the view (styles.css: sticky), so a message is seen wherever
 * the worker scrolled to on a long page, and announced by screen readers. An error also takes focus,
 * which brings it into view; other messages are scrolled to when they would be off screen.
 */
const announce: Announce = (message, kind = "info", options = {}) => {
  status.textContent = message;
  status.className = kind === "error" ? "status-line error" : "status-line";
  status.hidden = message === "";
  if (message === "") return;
  if (kind === "error" && options.focus !== false) status.focus();
  else status.scrollIntoView({ block: "nearest" });
};

function render(state: WalletState): void {
  const redraw = () => render(state);
  const { t } = state.i18n;
  document.title = t("appTitle");
  app.replaceChildren(
    h(
      "header",
      {},
      h("h1", {}, t("appTitle")),
      h("p", { class: "tagline" }, t("tagline")),
      languagePicker(state.i18n, (translator) => {
        state.i18n = translator;
        // The last message was in the old language: it goes rather than stay in words the worker just left.
        announce("");
        redraw();
      }),
      !navigator.onLine && h("p", { class: "offline", role: "note" }, t("offline")),
    ),
    h(
      "main",
      {},
      renderCredentialList(state, announce, redraw),
      // Next to the papers it keeps; "Show a paper" stays last, its QR code at the foot of the page.
      renderKeepCopyPanel(state, announce, redraw),
      renderPickupPanel(state, announce, redraw),
      renderPresentPanel(state, announce, redraw),
    ),
    h("footer", {}, h("p", { class: "did" }, t("yourId", { did: `${state.holder.did.slice(0, 24)}…` }))),
  );
  const paper = renderPaper(state);
  if (paper) app.append(paper);
}

async function start(): Promise<void> {
  const lang = initialLanguage();
  applyLanguage(lang);
  const i18n = await loadTranslator(lang);
  // WebCrypto exists only in a secure context (https, or localhost itself): opened by plain http on a LAN
  // address the page could never make or use the worker's key, so it says how to open it instead.
  if (!window.isSecureContext || !crypto.subtle) {
    announce(i18n.t("ERR_INSECURE_CONTEXT"), "error");
    return;
  }
  const store = await openKeyValueStore().catch(() => memoryKeyValueStore());
  // The holder key cannot be copied anywhere: ask the browser never to evict it under storage pressure.
  void navigator.storage?.persist?.().catch(() => false);
  let holder;
  try {
    holder = await loadOrCreateHolderKey(store);
  } catch (error) {
    console.error(error);
    announce(i18n.t("ERR_KEY_UNAVAILABLE"), "error");
    return;
  }
  const state: WalletState = {
    store,
    holder,
    i18n,
    credentials: await loadCredentials(store),
    views: new Map(),
    complaints: await loadComplaints(store),
    contractChecks: new Map(),
    chosen: new Set(),
    qrParts: [],
    qrPartIndex: 0,
  };
  for (const entry of state.credentials) {
    try {
      state.views.set(entry.digest, await describeCredential(entry.credential));
    } catch (error) {
      console.error("unreadable stored credential", entry.digest, error);
    }
  }
  state.contractChecks = await checkAllContracts(state.credentials, state.views);
  render(state);
  if (navigator.onLine && state.credentials.length > 0) {
    for (const entry of state.credentials) await refreshLedgerInfo(state, entry).catch(() => undefined);
    await refreshComplaints(state).catch(() => undefined);
    render(state);
  }
  document.body.dataset.ready = "true";
  window.addEventListener("online", () => render(state));
  window.addEventListener("offline", () => render(state));
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("sw.js").catch((error: unknown) => console.error("service worker", error));
  }
}

void start();
