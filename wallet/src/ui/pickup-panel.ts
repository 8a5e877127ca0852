/**
 * "Pick up a paper": a code or offer link, typed, pasted, or read from a photo of the QR code, and the PIN
 * when the offer needs one. The PIN field appears only then (the offer says so, or the issuer asks for it):
 * most offers have none, and an unexplained field would make the worker look for a PIN they were never given.
 */
import { errorCodeOf } from "../lib/errors.ts";
import { pickUp } from "./actions.ts";
import { h } from "./dom.ts";
import { readQrPhotoInto } from "./qr-io.ts";
import type { Announce, WalletState } from "./state.ts";

/** Errors after which the PIN field is shown (and focused): the PIN is missing or wrong. */
const PIN_ERRORS = new Set(["ERR_PIN_REQUIRED", "ERR_PIN_WRONG"]);

export function renderPickupPanel(state: WalletState, announce: Announce, redraw: () => void): HTMLElement {
  const { t } = state.i18n;
  const input = h("input", {
    id: "pickup-input",
    type: "text",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": "pickup-hint",
  });
  const pin = h("input", {
    id: "pickup-pin",
    type: "text",
    inputmode: "numeric",
    autocomplete: "one-time-code",
    pattern: "[0-9]*",
    maxlength: "8",
    "aria-describedby": "pickup-pin-hint",
  });
  const pinGroup = h(
    "div",
    { id: "pickup-pin-group", hidden: true },
    h("label", { for: "pickup-pin" }, t("pinLabel")),
    h("p", { id: "pickup-pin-hint", class: "hint" }, t("pinHint")),
    pin,
  );
  const file = h("input", { id: "pickup-file", type: "file", accept: "image/*" });
  const run = async (text: string) => {
    announce(t("pickingUp"));
    try {
      const typedPin = pin.value.replace(/\s/g, "");
      await pickUp(state, text, typedPin === "" ? undefined : typedPin);
      input.value = "";
      pin.value = "";
      pinGroup.hidden = true;
      redraw();
      announce(t("pickedUp"));
    } catch (error) {
      console.error(error);
      const code = errorCodeOf(error);
      const askPin = PIN_ERRORS.has(code);
      if (askPin) {
        pinGroup.hidden = false;
        pin.value = "";
        pin.focus();
      }
      announce(t(code), "error", { focus: !askPin });
    }
  };
  readQrPhotoInto(file, input, run, (error) => announce(t(errorCodeOf(error)), "error"));
  const form = h(
    "form",
    { id: "pickup-form" },
    h("label", { for: "pickup-input" }, t("pickupLabel")),
    h("p", { id: "pickup-hint", class: "hint" }, t("pickupHint")),
    input,
    pinGroup,
    h("button", { type: "submit" }, t("pickupButton")),
    h("label", { for: "pickup-file", class: "file-label" }, t("pickupImage")),
    file,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void run(input.value);
  });
  return h(
    "section",
    { "aria-labelledby": "pickup-heading" },
    h("h2", { id: "pickup-heading" }, t("pickupTitle")),
    form,
  );
}
