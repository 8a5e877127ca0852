/**
 * The data directory is made ready in one step (store/data-dir.ts): created private, tightened, and
 * proven to take a durable write — the same step for the service, `fairledger-admin init` and the demo.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { securePrivateDir, WRITE_PROBE } from "../src/store/data-dir.ts";
import { StartupError } from "../src/startup-failure.ts";
import { tempDir } from "./helpers.ts";

describe("the data directory's one start-up step", () => {
  it("creates a missing directory 0700 and leaves no probe behind", () => {
    const dir = join(tempDir(), "new", "data");
    assert.deepEqual(securePrivateDir(dir), []);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(existsSync(join(dir, WRITE_PROBE)), false);
  });

  it(
    "refuses a directory that cannot take a durable write (a full disk), naming the cause",
    { skip: !existsSync("/dev/full") },
    () => {
      const dir = join(tempDir(), "full");
      mkdirSync(dir, { mode: 0o700 });
      symlinkSync("/dev/full", join(dir, WRITE_PROBE));
      assert.throws(
        () => securePrivateDir(dir),
        (error: unknown) =>
          error instanceof StartupError && error.code === "ERR_DATA_DIR_UNUSABLE" && /disk full/.test(error.message),
      );
    },
  );
});
