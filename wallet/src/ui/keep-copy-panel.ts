/**
 * "Keep a copy": download an encrypted backup file, restore one (on this phone or a new one), and print
 * a one-page paper with the essential facts and an offline QR code. What a restore can and cannot bring
 * back is said on the page: the phone's key never leaves the phone, so a restored paper is for reading
 * and printing until the agency issues it again to the new phone's key.
 */
import { makeBackup, restoreBackup } from "../backup/keep-copy.ts";
import { preparePaper } from "./paper-view.ts";
import { MIN_PASSPHRASE_CHARS } from "../backup/backup-file.ts";
import { errorCodeOf } from "../lib/errors.ts";
import { h } from "./dom.ts";
import type { Announce, WalletState } from "./state.ts";

function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = h("a", { href: url, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function passwordField(id: string, autocomplete: string): HTMLInputElement {
  return h("input", {
    id,
    type: "password",
    autocomplete,
    spellcheck: "false",
  });
}

function backupForm(state: WalletState, announce: Announce): HTMLElement {
  const { t } = state.i18n;
  const passphrase = passwordField("backup-passphrase", "new-password");
  const form = h(
    "form",
    { id: "backup-form", class: "no-print" },
    h("h3", {}, t("backupTitle")),
    h("p", { id: "backup-hint", class: "hint" }, t("backupHint")),
    h("label", { for: "backup-passphrase" }, t("passphraseLabel", { count: MIN_PASSPHRASE_CHARS })),
    passphrase,
    h("button", { type: "submit", id: "backup-button", disabled: state.credentials.length === 0 }, t("backupButton")),
  );
  passphrase.setAttribute("aria-describedby", "backup-hint");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const { text, fileName } = await makeBackup(state, passphrase.value, new Date());
      download(text, fileName);
      passphrase.value = "";
      announce(t("backupDone"));
    } catch (error) {
      announce(t(errorCodeOf(error)), "error", { focus: false });
      passphrase.focus();
    }
  });
  return form;
}

function restoreForm(state: WalletState, announce: Announce, redraw: () => void): HTMLElement {
  const { t } = state.i18n;
  const file = h("input", { id: "restore-file", type: "file", accept: ".json,application/json" });
  const passphrase = passwordField("restore-passphrase", "current-password");
  const form = h(
    "form",
    { id: "restore-form", class: "no-print" },
    h("h3", {}, t("restoreTitle")),
    h("p", { id: "restore-hint", class: "hint" }, t("restoreHint")),
    h("label", { for: "restore-file" }, t("restoreFileLabel")),
    file,
    h("label", { for: "restore-passphrase" }, t("restorePassphraseLabel")),
    passphrase,
    h("button", { type: "submit", id: "restore-button" }, t("restoreButton")),
  );
  passphrase.setAttribute("aria-describedby", "restore-hint");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) {
      announce(t("restoreNoFile"), "error", { focus: false });
      file.focus();
      return;
    }
    try {
      const count = await restoreBackup(state, await chosen.text(), passphrase.value);
      redraw();
      announce(t("restored", { count }));
      document.getElementById("credentials-heading")?.focus();
    } catch (error) {
      announce(t(errorCodeOf(error)), "error", { focus: false });
      document.getElementById("restore-passphrase")?.focus();
    }
  });
  return form;
}

function printBlock(state: WalletState, announce: Announce, redraw: () => void): HTMLElement {
  const { t } = state.i18n;
  const button = h(
    "button",
    { type: "button", id: "print-button", disabled: state.credentials.length === 0 },
    t("printButton"),
  );
  button.addEventListener("click", async () => {
    try {
      await preparePaper(state);
      redraw();
      // The paper's images are data URLs: decoded before the print dialog takes its snapshot.
      await Promise.all([...document.querySelectorAll<HTMLImageElement>(".paper img")].map((img) => img.decode()));
      document.body.dataset.paperReady = "true";
      window.print();
    } catch (error) {
      console.error(error);
      announce(t(errorCodeOf(error)), "error");
    }
  });
  return h(
    "div",
    { class: "no-print" },
    h("h3", {}, t("printTitle")),
    h("p", { class: "hint" }, t("printHint")),
    button,
  );
}

export function renderKeepCopyPanel(state: WalletState, announce: Announce, redraw: () => void): HTMLElement {
  const { t } = state.i18n;
  return h(
    "section",
    { "aria-labelledby": "keep-heading", class: "keep-copy no-print" },
    h("h2", { id: "keep-heading" }, t("keepTitle")),
    printBlock(state, announce, redraw),
    backupForm(state, announce),
    restoreForm(state, announce, redraw),
    h("p", { class: "hint key-note" }, t("keyNote")),
  );
}
