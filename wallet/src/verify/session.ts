/**
 * What the desk keeps, and where: the post's API key and the shift's check log live in sessionStorage
 * only — gone when the browser tab closes, never written to disk as localStorage would be. The log holds
 * time, verdict and agency name: nothing about the traveller.
 */
const KEY_ITEM = "fairledger-verify-api-key";
const LOG_ITEM = "fairledger-verify-shift-log";

export type LoggedVerdict = "valid" | "invalid" | "cannot-verify" | "declined" | "expired";

export interface ShiftLogEntry {
  /** ISO time of the verdict. */
  at: string;
  verdict: LoggedVerdict;
  agencyName: string | null;
  /** Checked in offline mode, against the desk's trust snapshot. */
  offline?: boolean;
}

export const apiKey = (): string | null => sessionStorage.getItem(KEY_ITEM);
export const keepApiKey = (key: string): void => sessionStorage.setItem(KEY_ITEM, key);
export const signOut = (): void => sessionStorage.removeItem(KEY_ITEM);

export function shiftLog(): ShiftLogEntry[] {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(LOG_ITEM) ?? "[]");
    return Array.isArray(parsed) ? (parsed as ShiftLogEntry[]) : [];
  } catch {
    return [];
  }
}

export function logCheck(entry: ShiftLogEntry): void {
  sessionStorage.setItem(LOG_ITEM, JSON.stringify([...shiftLog(), entry]));
}

export const endShift = (): void => sessionStorage.removeItem(LOG_ITEM);
