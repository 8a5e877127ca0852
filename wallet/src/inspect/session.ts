/**
 * The reasons the inspector wrote for the flags raised in this tab (the chain holds only each finding's
 * hash), in sessionStorage only — gone when the tab closes or on sign-out, never written to disk as
 * localStorage would be. The API key is kept beside them by the officials' page store (ui/official-page.ts).
 */
const FINDINGS_ITEM = "fairledger-inspect-findings";

/** Finding hash → the reason the inspector wrote, for the flags raised in this tab. */
export function findingReasons(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(FINDINGS_ITEM) ?? "{}");
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function keepFindingReason(findingHash: string, reason: string): void {
  sessionStorage.setItem(FINDINGS_ITEM, JSON.stringify({ ...findingReasons(), [findingHash]: reason }));
}

export const forgetFindingReasons = (): void => sessionStorage.removeItem(FINDINGS_ITEM);
