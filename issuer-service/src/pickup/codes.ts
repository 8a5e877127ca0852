/**
 * Pickup codes and tx_code PINs. A code is 10 characters from an alphabet without look-alikes (about 49.5
 * bits): read aloud, typed from paper, so it is accepted in any case and with the spaces or hyphens
 * people put in to read it in groups. A PIN is digits only (the offer says `input_mode: numeric`), given
 * to the worker apart from the code so that whoever sees one alone cannot pick up the credential.
 */
import { randomInt } from "node:crypto";

// No 0/O/1/I/L: codes are read aloud and typed from paper.
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const CODE_LENGTH = 10;

export const TX_CODE_LENGTH = { min: 4, max: 8, default: 6 } as const;

export const newCode = () =>
  Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");

export const newTxCode = (length: number) => Array.from({ length }, () => String(randomInt(10))).join("");

/** The code as issued: upper case, without the spaces and hyphens a person may type. */
export const normalizeCode = (typed: string) => typed.replace(/[\s-]+/g, "").toUpperCase();
