/**
 * The wallet's Web Crypto commitment check is the service's node:crypto commitment: same value for the
 * same document and salt, and a swapped document, a changed byte or another salt never matches.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { documentCommitment, documentCommitmentWeb, newDocumentSalt } from "../src/node.ts";

const contract = new TextEncoder().encode("Employment contract, Maria Santos, staff nurse, Riyadh, 24 months\n");

test("the Web Crypto commitment equals the service's commitment to the same document and salt", async () => {
  const salt = newDocumentSalt();
  assert.equal(await documentCommitmentWeb(contract, salt), documentCommitment(contract, salt));
});

test("forged: a document with one byte changed does not match the anchored commitment", async () => {
  const salt = newDocumentSalt();
  const swapped = contract.slice();
  swapped[20] = swapped[20]! ^ 1;
  assert.notEqual(await documentCommitmentWeb(swapped, salt), documentCommitment(contract, salt));
});

test("forged: the right document under another salt does not match", async () => {
  const anchored = documentCommitment(contract, newDocumentSalt());
  assert.notEqual(await documentCommitmentWeb(contract, newDocumentSalt()), anchored);
});

test("a salt that is not 32 bytes of lowercase hex gives no commitment rather than a wrong one", async () => {
  assert.equal(await documentCommitmentWeb(contract, "0x1234"), undefined);
  assert.equal(await documentCommitmentWeb(contract, `0x${"AB".repeat(32)}`), undefined);
});
