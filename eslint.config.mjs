// ESLint for every TypeScript and JavaScript file of the repository: `npm run lint` (also the `lint` stage of
// `npm test`, with --max-warnings 0). Formatting is Prettier's job (.prettierrc.json); eslint-config-prettier,
// last in the list, turns off the rules that would disagree with it. Solidity is solhint's (.solhint.json).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";
import globals from "globals";

export default tseslint.config(
  {
    // Generated output, dependencies and local run data (.data/, git-ignored): nobody edits these by hand.
    // Prettier reads .gitignore as well as .prettierignore; ESLint reads neither, hence this list.
    ignores: [
      ".data/",
      "**/node_modules/",
      "artifacts/",
      "cache/",
      "typechain-types/",
      "issuer-service/src/chain/typechain/",
      "coverage/",
      "common/abi/",
      "**/dist/",
      "wallet/dist/",
    ],
  },
  js.configs.recommended,
  // `strict`, not `strictTypeChecked`: the type-aware rules build a TypeScript program per workspace. Measured
  // on the 2-core development machine over the whole repository: 86 s wall (48 s CPU) with strictTypeChecked,
  // and 21 scripts and e2e files outside every tsconfig not even covered, against 14 s (11 s CPU) with strict.
  // `npm run typecheck` already runs tsc over the same files.
  tseslint.configs.strict,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // `_`-prefixed parameters and variables are deliberate placeholders (Hardhat's subtask signature,
      // destructuring that drops a field); everything else unused is a finding.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests, the benchmark and the gas measurement: there a `!` is an assertion. A missing value throws on that
    // line and fails the run, which is the outcome wanted; narrowing each one first would add a line per access
    // and say nothing more. Product code (workspace src/, scripts operators run) keeps the rule.
    files: ["**/test/**", "bench/**", "scripts/gas-report.ts"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
  {
    // The wallet page runs in the browser (its service worker in a worker scope); its build script on Node.
    files: ["wallet/src/**/*.ts"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ["wallet/src/sw.ts"],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    // CommonJS: solidity-coverage reads this file with require().
    files: ["**/*.cjs", ".solcover.js"],
    languageOptions: { sourceType: "commonjs" },
  },
  prettier,
);
