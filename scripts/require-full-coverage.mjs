#!/usr/bin/env node
/**
 * Fails unless the last `hardhat coverage` run (coverage.json, Istanbul format) covered every branch,
 * statement and function of contracts/. solidity-coverage prints the table but has no threshold of its
 * own, so a lost branch would otherwise pass CI silently.
 */
import { readFileSync } from "node:fs";

const coverage = JSON.parse(readFileSync(new URL("../coverage.json", import.meta.url), "utf8"));
const gaps = [];
for (const [file, data] of Object.entries(coverage)) {
  for (const [id, counts] of Object.entries(data.b)) {
    counts.forEach((count, arm) => {
      if (count === 0) gaps.push(`${file}:${data.branchMap[id].line} branch ${id} arm ${arm}`);
    });
  }
  for (const [id, count] of Object.entries(data.s))
    if (count === 0) gaps.push(`${file}:${data.statementMap[id].start.line} statement`);
  for (const [id, count] of Object.entries(data.f))
    if (count === 0) gaps.push(`${file}: function ${data.fnMap[id].name}`);
}
if (gaps.length > 0) {
  console.error(`contract coverage is not complete (${gaps.length} gaps):\n  ${gaps.join("\n  ")}`);
  process.exit(1);
}
console.log(
  `contract coverage complete: every branch, statement and function of ${Object.keys(coverage).length} files`,
);
