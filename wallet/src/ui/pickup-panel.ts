/** "Pick up a paper": a code or offer link, typed, pasted, or read from a photo of the QR code. */
import { errorCodeOf } from "../lib/errors.ts";
import { pickUp } from "./actions.ts";
import { h } from "./dom.ts";
import { readQrPhotoInto } from "./qr-io.ts";
import type { Announce, WalletState } from "./state.ts";

export function renderPickupPanel(state: WalletState, announce: Announce, redraw: () => void): HTMLElement {
  const { t } = state.i18n;
  const input = h("input", {
    id: "pickup-input",
    type: "text",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": "pickup-hint",
  });
  const file = h("input", { id: "pickup-file", type: "file", accept: "image/*" });
  const run = async (text: string) => {
    announce(t("pickingUp"));
    try {
      await pickUp(state, text);
      input.value = "";
      redraw();
      announce(t("pickedUp"));
    } catch (error) {
      console.error(error);
      announce(t(errorCodeOf(error)), "error");
    }
  };
  readQrPhotoInto(file, input, run, (error) => announce(t(errorCodeOf(error)), "error"));
  const form = h(
    "form",
    { id: "pickup-form" },
    h("label", { for: "pickup-input" }, t("pickupLabel")),
    h("p", { id: "pickup-hint", class: "hint" }, t("pickupHint")),
    input,
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
