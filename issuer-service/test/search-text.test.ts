/** How the public agency register compares what was typed: case, accents, spaces and punctuation do not count. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { matchesSearch, searchKey } from "../src/use-cases/search-text.ts";

describe("agency search keys", () => {
  it("ignores case, accents, spaces and punctuation", () => {
    for (const typed of ["Bayanihan Manpower", "BAYANÍHAN  manpower", " bayanihan-manpower ", "Bayanihan\tManpower"])
      assert.ok(matchesSearch("Bayanihan Manpower Services", searchKey(typed)), typed);
    assert.ok(matchesSearch("DMW-LB-0421-2026", searchKey("dmw lb 0421")));
    assert.ok(matchesSearch("POE/KL/2026/117", searchKey("poe kl 2026 117")));
  });

  it("keeps letters of every script, so a Hindi or Arabic name is found by its own letters", () => {
    assert.ok(matchesSearch("केरल ओवरसीज़ प्लेसमेंट्स", searchKey("केरल")));
    assert.ok(matchesSearch("مكتب الاستقدام", searchKey("الاستقدام")));
    assert.notEqual(searchKey("केरल"), "");
  });

  it("finds nothing for a name that is not there, an empty key or a missing candidate", () => {
    assert.equal(matchesSearch("Bayanihan Manpower Services", searchKey("Kerala")), false);
    assert.equal(matchesSearch("Bayanihan Manpower Services", searchKey(" - ")), false);
    assert.equal(matchesSearch(null, searchKey("bayanihan")), false);
  });
});
