/**
 * `--import` this into a process to list the modules it loaded, one URL or path a line, in the file named
 * by FAIRLEDGER_TEST_MODULE_LOG: ES modules as the loader loads them, CommonJS ones from require.cache at
 * exit (a `require` inside a CommonJS package does not pass through the module hooks).
 */
import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";

const log = process.env.FAIRLEDGER_TEST_MODULE_LOG;
if (log) {
  register("./record-modules-hooks.mjs", import.meta.url, { data: { log } });
  const require = createRequire(import.meta.url);
  process.on("exit", () =>
    appendFileSync(
      log,
      Object.keys(require.cache)
        .map((path) => `${path}\n`)
        .join(""),
    ),
  );
}
