/**
 * What the dashboard keeps, and where: the inspector's API key, and the reasons written for the flags raised
 * in this tab (the chain holds only each finding's hash), in sessionStorage only — gone when the tab closes,
 * never written to disk as localStorage would be.
 */
const KEY_ITEM = "fairledger-inspect-api-key";
const FINDINGS_ITEM = "fairledger-inspect-findings";

export const apiKey = (): string | null => sessionStorage.getItem(KEY_ITEM);
export const keepApiKey = (key: string): void => sessionStorage.setItem(KEY_ITEM, key);
export function signOut(): void {
  sessionStorage.removeItem(KEY_ITEM);
  sessionStorage.removeItem(FINDINGS_ITEM);
}

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
