/**
 * What the "Keep a copy" buttons do: seal every paper into a backup file, bring papers back from one
 * (on this phone or a new one), and make the offline QR codes for the printed paper.
 */
import { encodeOfflineQr } from "@fairledger/common";
import { checkAllContracts } from "../credentials/contract-check.ts";
import { describeCredential } from "../credentials/describe.ts";
import { saveCredential, type StoredCredential } from "../credentials/stored-credential.ts";
import { WalletError } from "../lib/errors.ts";
import { sdJwtInstance } from "../lib/sd-jwt.ts";
import { assertBoundToHolder } from "../pickup/pickup.ts";
import { defaultDisclosures } from "../present/disclosure-choice.ts";
import type { WalletState } from "../ui/state.ts";
import { openBackup, sealBackup } from "./backup-file.ts";

/** The backup file's text and a file name with the day (the worker may keep several). */
export async function makeBackup(state: WalletState, passphrase: string, now: Date) {
  const text = await sealBackup(
    { holderDid: state.holder.did, createdAt: now.toISOString(), credentials: state.credentials },
    passphrase,
  );
  return { text, fileName: `fairledger-wallet-backup-${now.toISOString().slice(0, 10)}.json` };
}

async function boundHere(state: WalletState, credential: string): Promise<boolean> {
  try {
    await assertBoundToHolder(credential, state.holder);
    return true;
  } catch (error) {
    if (error instanceof WalletError && error.code === "ERR_CREDENTIAL_NOT_MINE") return false;
    throw error;
  }
}

/**
 * Restores the papers of a backup next to those already held (the same paper is replaced, not doubled).
 * A paper bound to another phone's key is marked so: this phone can read and print it, not present it.
 * Returns how many papers came back.
 */
export async function restoreBackup(state: WalletState, fileText: string, passphrase: string): Promise<number> {
  const contents = await openBackup(fileText, passphrase);
  let restored = 0;
  for (const entry of contents.credentials) {
    let view;
    try {
      view = await describeCredential(entry.credential);
    } catch {
      continue; // not a paper this wallet can read: left out rather than stored unreadable
    }
    const { boundToOtherKey: _old, ...rest } = entry;
    const restoredEntry: StoredCredential = {
      ...rest,
      ...((await boundHere(state, entry.credential)) ? {} : { boundToOtherKey: true }),
    };
    state.views.set(entry.digest, view);
    state.credentials = await saveCredential(state.store, restoredEntry);
    restored += 1;
  }
  state.contractChecks = await checkAllContracts(state.credentials, state.views);
  return restored;
}

/**
 * The printed paper's QR: the paper as issued with its purpose claims (the personal ones withheld, as at
 * a border by default) and its anchor proof, in the offline QR format — without a key-binding JWT, because
 * a paper cannot answer a verifier's fresh nonce. A verifier learns that the paper is genuine and anchored,
 * not that the person holding the sheet holds the key; the phone proves that.
 */
export async function paperQr(entry: StoredCredential, state: WalletState): Promise<string | undefined> {
  const view = state.views.get(entry.digest);
  if (!view) return undefined;
  const chosen = defaultDisclosures(view.type, view.disclosable);
  const credentialSubject = Object.fromEntries([...chosen].map((claim) => [claim, true]));
  const token = await sdJwtInstance().present(entry.credential, { credentialSubject });
  return encodeOfflineQr({
    presentations: [{ queryId: "fairledger", format: "vc+sd-jwt", token, anchor: entry.anchor }],
  });
}
