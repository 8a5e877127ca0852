/** Everything the page shows, in one place; panels read it and actions change it, then the page redraws. */
import type { CredentialView } from "../credentials/describe.ts";
import type { StoredCredential } from "../credentials/stored-credential.ts";
import type { HolderKey } from "../lib/holder-key.ts";
import type { KeyValueStore } from "../lib/idb.ts";
import type { PresentationRequest } from "../present/request.ts";
import type { StoredComplaint } from "../complaints/stored-complaints.ts";
import type { OnlineRequest } from "../present/online/online-request.ts";
import type { Translator } from "./i18n.ts";
import type { ContractCheck } from "../credentials/contract-check.ts";

export interface WalletState {
  store: KeyValueStore;
  holder: HolderKey;
  i18n: Translator;
  credentials: StoredCredential[];
  views: Map<string, CredentialView>;
  /** The reports this phone filed (ui/complaint-panel.ts). */
  complaints: StoredComplaint[];
  /** Whether each held contract document is the anchored one, by credential digest (contract-check.ts). */
  contractChecks: Map<string, ContractCheck>;
  /** The printable paper's offline QR per credential digest, made when the worker asks to print. */
  paperQrs?: Map<string, { text: string; png: string }>;
  request?: PresentationRequest;
  /** Set when the request came as an OpenID4VP link: the answer is sent online instead of shown as QR. */
  online?: { request: OnlineRequest; queryId: string; sent: boolean };
  selectedDigest?: string;
  chosen: Set<string>;
  /** The presentation as one offline QR text (`FL1:`), once made. */
  offlineQr?: string;
  /** The codes on screen: the one code, or the parts of the fallback shown one at a time. */
  qrParts: string[];
  /** Which part is on screen when there are several (0-based). */
  qrPartIndex: number;
}

export interface AnnounceOptions {
  /**
   * Errors take focus by default, so the worker (and a screen reader) lands on them; false when the caller
   * moves focus itself to the field to correct (the PIN field).
   */
  focus?: boolean;
}

/** Shows a status or error message where the eye is: the live region pinned to the top of the view. */
export type Announce = (message: string, kind?: "info" | "error", options?: AnnounceOptions) => void;
