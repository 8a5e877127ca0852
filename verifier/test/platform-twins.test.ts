/**
 * The verifier's platform seam: its browser twins (platform/*.browser.ts, swapped in by the package's
 * `browser` map) read bytes and hash exactly as Buffer and node:crypto do — including where Buffer is
 * lenient (a dangling base64 character, malformed UTF-8), so a page and Node read one token alike.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as verifierBytes from "../src/platform/bytes.ts";
import * as verifierBytesBrowser from "../src/platform/bytes.browser.ts";
import * as verifierSha256 from "../src/platform/sha256.ts";
import * as verifierSha256Browser from "../src/platform/sha256.browser.ts";

describe("the verifier's platform seam: the browser twins read bytes and hash as Buffer and node:crypto do", () => {
  it("base64url to text, including a dangling last character and malformed UTF-8", () => {
    const samples = [
      Buffer.from('{"a":"é"}').toString("base64url"),
      `${Buffer.from("abcd").toString("base64url")}A`,
      Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString("base64url"),
      "",
    ];
    for (const sample of samples)
      assert.equal(verifierBytesBrowser.base64urlToUtf8(sample), verifierBytes.base64urlToUtf8(sample), sample);
    assert.equal(
      verifierBytesBrowser.utf8ToBase64url('{"typ":"kb+jwt"}'),
      verifierBytes.utf8ToBase64url('{"typ":"kb+jwt"}'),
    );
    const raw = randomBytes(32).toString("base64");
    assert.deepEqual([...verifierBytesBrowser.base64ToBytes(raw)], [...verifierBytes.base64ToBytes(raw)]);
  });

  it("SD-JWT hashes and used-nonce keys", () => {
    for (const input of ["eyJhbGciOiJFUzI1NiJ9.e30.sig~WyJz~", "non-ascii é"])
      assert.equal(verifierSha256Browser.sha256AsciiBase64url(input), verifierSha256.sha256AsciiBase64url(input));
    const parts = [randomBytes(4), randomBytes(40)];
    assert.equal(verifierSha256Browser.sha256Hex(parts), verifierSha256.sha256Hex(parts));
  });
});
