/**
 * "Show a paper": read the verifier's request, show what it asks, let the worker tick what to show
 * (personal claims unticked), then draw the presentation as ONE offline QR code, large — or, when this
 * screen cannot show it sharply (or the worker asks), as smaller codes shown one at a time with "Next".
 */
import { isPersonalClaim } from "../credentials/describe.ts";
import { errorCodeOf } from "../lib/errors.ts";
import {
  makePresentationQr,
  partCharsFor,
  readOnlineRequestInto,
  readRequest,
  selectCredential,
  sendOnlineAnswerFromState,
  showQrAsParts,
} from "./actions.ts";
import { h } from "./dom.ts";
import { offlineQrCharsOnThisScreen, qrPngDataUrl, readQrPhotoInto } from "./qr-io.ts";
import { isOpenid4vpLink } from "@fairledger/common";
import type { Announce, WalletState } from "./state.ts";

function requestForm(state: WalletState, announce: Announce, redraw: () => void): HTMLElement {
  const { t } = state.i18n;
  const text = h("textarea", {
    id: "request-input",
    rows: "3",
    spellcheck: "false",
    "aria-describedby": "request-hint",
  });
  const file = h("input", { id: "request-file", type: "file", accept: "image/*" });
  const nonce = h("input", { id: "nonce-input", type: "text", autocomplete: "off", spellcheck: "false" });
  const aud = h("input", { id: "aud-input", type: "text", autocomplete: "off", spellcheck: "false" });
  const read = async () => {
    try {
      if (isOpenid4vpLink(text.value)) await readOnlineRequestInto(state, text.value);
      else readRequest(state, text.value, nonce.value, aud.value);
      redraw();
      document.getElementById("request-summary")?.focus();
    } catch (error) {
      announce(t(errorCodeOf(error)), "error");
    }
  };
  readQrPhotoInto(
    file,
    text,
    () => void read(),
    (error) => announce(t(errorCodeOf(error)), "error"),
  );
  const form = h(
    "form",
    { id: "request-form" },
    h("label", { for: "request-input" }, t("requestLabel")),
    h("p", { id: "request-hint", class: "hint" }, t("requestHint")),
    text,
    h("label", { for: "request-file", class: "file-label" }, t("requestImage")),
    file,
    h(
      "details",
      {},
      h("summary", {}, t("orTypeIt")),
      h("label", { for: "nonce-input" }, t("nonceLabel")),
      nonce,
      h("label", { for: "aud-input" }, t("audLabel")),
      aud,
    ),
    h("button", { type: "submit" }, t("readRequest")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void read();
  });
  return form;
}

/** Who asks, as the chain says (through the wallet's own service): an authority, or a warning. */
function onlineAsker(state: WalletState): HTMLElement | undefined {
  const { t } = state.i18n;
  const online = state.online;
  if (!online) return undefined;
  const name = online.request.clientName ?? online.request.clientDid;
  const authority = online.request.clientAuthority;
  return authority
    ? h("p", { class: "asker" }, t("askedByAuthority", { name, jurisdiction: authority }))
    : h("p", { class: "asker warning", role: "alert" }, t("notAnAuthority", { name }));
}

function disclosureForm(state: WalletState, announce: Announce, redraw: () => void): HTMLElement | undefined {
  const { t } = state.i18n;
  const request = state.request;
  if (!request) return undefined;
  const view = state.selectedDigest ? state.views.get(state.selectedDigest) : undefined;
  const claimNames = (claims: readonly string[]) => claims.map((claim) => t(`claim.${claim}`)).join(", ");
  const summary = h(
    "div",
    { id: "request-summary", tabindex: "-1" },
    h(
      "p",
      {},
      request.claims.length > 0 ? t("theyAsk", { aud: request.aud }) : t("theyAskNothing", { aud: request.aud }),
    ),
    request.claims.length > 0 && h("p", { class: "asked" }, claimNames(request.claims)),
    state.online && onlineAsker(state),
  );
  if (!view) return h("div", {}, summary, h("p", {}, t("noCredentials")));

  const select = h("select", { id: "credential-select" });
  for (const entry of state.credentials) {
    const option = h("option", { value: entry.digest }, t(`type.${state.views.get(entry.digest)?.type ?? ""}`));
    option.selected = entry.digest === state.selectedDigest;
    select.append(option);
  }
  select.addEventListener("change", () => {
    selectCredential(state, select.value);
    redraw();
  });

  const boxes = view.disclosable.map((claim) => {
    const box = h("input", { type: "checkbox", id: `claim-${claim}`, name: "claim", value: claim });
    box.checked = state.chosen.has(claim);
    box.addEventListener("change", () => {
      if (box.checked) state.chosen.add(claim);
      else state.chosen.delete(claim);
    });
    const personal = isPersonalClaim(view.type, claim);
    return h(
      "div",
      { class: personal ? "choice personal" : "choice" },
      box,
      h(
        "label",
        { for: `claim-${claim}` },
        t(`claim.${claim}`),
        personal && h("span", { class: "tag" }, ` (${t("personal")})`),
      ),
    );
  });

  const form = h(
    "form",
    { id: "disclosure-form" },
    h("label", { for: "credential-select" }, t("chooseCredential")),
    select,
    h("fieldset", {}, h("legend", {}, t("chooseClaims")), ...boxes),
    view.alwaysVisible.length > 0 &&
      h("p", { class: "hint" }, t("alwaysShown", { claims: claimNames(view.alwaysVisible) })),
    state.online
      ? h("button", { type: "submit", id: "send-answer" }, t("sendAnswer"))
      : h("button", { type: "submit", id: "make-qr" }, t("makeQr")),
    state.online?.sent &&
      h(
        "p",
        { id: "answer-sent", role: "status", tabindex: "-1" },
        t("answerSent", { name: state.request?.aud ?? "" }),
      ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      if (state.online) {
        await sendOnlineAnswerFromState(state);
        redraw();
        document.getElementById("answer-sent")?.focus();
        return;
      }
      await makePresentationQr(state, offlineQrCharsOnThisScreen());
      redraw();
      document.getElementById("qr-heading")?.focus();
    } catch (error) {
      console.error(error);
      announce(t(errorCodeOf(error)), "error");
    }
  });
  return h("div", {}, summary, form);
}

function qrOutput(state: WalletState, announce: Announce, redraw: () => void): HTMLElement {
  const { t } = state.i18n;
  // QR codes are only ever made for a request the worker has opened.
  const request = state.request;
  if (!request) throw new Error("QR codes without a presentation request");
  const n = state.qrParts.length;
  const index = Math.min(state.qrPartIndex, n - 1);
  const part = state.qrParts[index] ?? "";
  const label = n > 1 ? t("qrPart", { i: index + 1, n }) : t("qrOne");
  const img = h("img", { class: "qr", alt: label, "data-part": String(index + 1), "data-parts": String(n) });
  const save = h(
    "a",
    {
      download: n > 1 ? `fairledger-presentation-${index + 1}-of-${n}.png` : "fairledger-presentation.png",
      class: "save",
    },
    n > 1 ? t("saveImage", { i: index + 1 }) : t("saveOne"),
  );
  void qrPngDataUrl(part).then(({ url, cssWidth }) => {
    img.style.width = `${cssWidth}px`;
    img.src = url;
    save.href = url;
  });
  const step = (by: number) => {
    state.qrPartIndex = (index + by + n) % n;
    redraw();
    document.getElementById("qr-part-label")?.focus();
  };
  const switchTo = (asParts: boolean) => async () => {
    try {
      await showQrAsParts(state, asParts, offlineQrCharsOnThisScreen());
      redraw();
      document.getElementById("qr-heading")?.focus();
    } catch (error) {
      announce(t(errorCodeOf(error)), "error");
    }
  };
  const maxChars = offlineQrCharsOnThisScreen();
  const offline = state.offlineQr ?? "";
  // The toggle appears only where it changes something: parts when one code fits, one code when it fits.
  const toggle =
    n === 1 && offline.length > partCharsFor(maxChars)
      ? h("button", { type: "button", id: "qr-as-parts", class: "link" }, t("qrShowParts"))
      : n > 1 && offline.length <= maxChars
        ? h("button", { type: "button", id: "qr-as-one", class: "link" }, t("qrShowOne"))
        : undefined;
  toggle?.addEventListener("click", switchTo(n === 1));
  const previous = n > 1 && h("button", { type: "button", id: "qr-previous", class: "quiet" }, t("qrPrevious"));
  const next = n > 1 && h("button", { type: "button", id: "qr-next" }, t("qrNext"));
  if (previous) previous.addEventListener("click", () => step(-1));
  if (next) next.addEventListener("click", () => step(1));
  return h(
    "div",
    { id: "qr-output" },
    h("h3", { id: "qr-heading", tabindex: "-1" }, t("qrReady", { aud: request.aud })),
    n > 1 && h("p", {}, t("qrPartsHint")),
    h(
      "figure",
      { class: n > 1 ? "qr-one qr-part" : "qr-one" },
      img,
      h("figcaption", { id: "qr-part-label", tabindex: "-1", "aria-live": "polite" }, label),
    ),
    n > 1 && h("div", { class: "qr-nav" }, previous, next),
    save,
    toggle,
  );
}

export function renderPresentPanel(state: WalletState, announce: Announce, redraw: () => void): HTMLElement {
  const { t } = state.i18n;
  return h(
    "section",
    { "aria-labelledby": "present-heading" },
    h("h2", { id: "present-heading" }, t("presentTitle")),
    requestForm(state, announce, redraw),
    state.request && disclosureForm(state, announce, redraw),
    state.qrParts.length > 0 && qrOutput(state, announce, redraw),
  );
}
