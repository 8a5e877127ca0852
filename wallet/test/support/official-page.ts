/**
 * What the browser tests of the officials' pages (the desk, the console, the dashboard) do on each: sign in
 * with an API key, switch between English and Arabic, and check the page at a phone's and a laptop's width
 * (axe-core clean, nothing wider than the screen).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { axeViolations } from "./browser.ts";

export const LAPTOP = { width: 1280, height: 900 };
export const NARROW = { width: 360, height: 780 };

export interface OfficialPageDriver {
  /** Types the key and presses Sign in (what follows is the page's to wait for). */
  signIn(apiKey: string): Promise<void>;
  chooseLanguage(lang: "en" | "ar"): Promise<void>;
  noAxeViolationsAtBothWidths(): Promise<void>;
}

/** `page` is asked at each step: the browser is launched in the suite's `before`. */
export function officialPageDriver(page: () => Page): OfficialPageDriver {
  return {
    async signIn(apiKey) {
      await page().fill("#api-key-input", apiKey);
      await page().click("#sign-in-form button[type=submit]");
    },
    async chooseLanguage(lang) {
      await page().selectOption("#language-select", lang);
      await page().waitForSelector(`html[lang=${lang}]`);
    },
    async noAxeViolationsAtBothWidths() {
      for (const size of [NARROW, LAPTOP]) {
        await page().setViewportSize(size);
        assert.deepEqual(await axeViolations(page()), [], `axe at ${size.width} px`);
        const overflow = await page().evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        assert.equal(overflow, false, `nothing wider than the screen at ${size.width} px`);
      }
    },
  };
}
