/**
 * The shift's check log, in sessionStorage only — gone when the browser tab closes or at "End shift", never
 * written to disk as localStorage would be. It holds time, verdict and agency name: nothing about the
 * traveller. (The post's API key is kept beside it by the officials' page store, ui/official-page.ts.)
 */
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
