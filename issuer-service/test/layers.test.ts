/**
 * The service's layers as rules a reader can check: SQL lives only in repositories (src/store/, and the
 * outbox's own tables in src/anchoring/outbox.ts), routes reach them only through use cases, and
 * statements are reused by the repositories themselves, not by patching the connection.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import Database from "better-sqlite3";
import { openDatabase } from "../src/store/database.ts";
import { repositoriesOf } from "../src/store/repositories.ts";

const SRC = new URL("../src/", import.meta.url).pathname;
/** Files allowed to compile SQL: the repositories, and the outbox (it owns `outbox` and `batches`). */
const MAY_HOLD_SQL = [/^store\//, /^anchoring\/outbox\.ts$/];
const SQL =
  /\b(SELECT\s+[\w*]|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE)\b|\.prepare\(|\.exec\(`/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? entry.name === "typechain" // generated contract types (npm run typechain), not the service's code
        ? []
        : sourceFiles(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
}

describe("issuer-service layers", () => {
  it("no module outside the repositories holds SQL or prepares a statement", () => {
    const offenders = sourceFiles(SRC)
      .map((file) => relative(SRC, file))
      .filter((file) => !MAY_HOLD_SQL.some((allowed) => allowed.test(file)))
      .filter((file) => SQL.test(readFileSync(join(SRC, file), "utf8")));
    assert.deepEqual(offenders, []);
  });

  it("route handlers send no transaction and write no audit entry themselves: use cases do", () => {
    const offenders = sourceFiles(join(SRC, "http"))
      .map((file) => relative(SRC, file))
      .filter((file) => /\.ledger\.send\(|\.audit\.record\(|\baudit\(/.test(readFileSync(join(SRC, file), "utf8")));
    assert.deepEqual(offenders, []);
  });

  it("route modules import no repository: they hand the context's repositories to the use cases they call", () => {
    // A type import (e.g. a row's shape) is not access; a value import from src/store/ would be.
    const STORE_IMPORT = /^import\s+(?!type\b)[^;]*?from\s+"\.\.\/store\//m;
    const routes = sourceFiles(join(SRC, "http")).filter((file) => /\/routes-[^/]+\.ts$/.test(file));
    assert.ok(routes.length > 5, "the route modules are found");
    const offenders = routes
      .map((file) => relative(SRC, file))
      .filter((file) => STORE_IMPORT.test(readFileSync(join(SRC, file), "utf8")));
    assert.deepEqual(offenders, []);
  });

  it("layers point one way: use cases import no route or binder, repositories import no use case or route", () => {
    const importsOf = (file: string) =>
      [...readFileSync(join(SRC, file), "utf8").matchAll(/^import\s[^;]*?from\s+"(\.[^"]+)"/gm)].map((m) =>
        relative(SRC, join(SRC, file, "..", m[1]!)),
      );
    const above: Record<string, RegExp> = {
      "use-cases/": /^(http\/|cases\/|credentials\/issuer\.ts$|pickup\/)/,
      "store/": /^(http\/|use-cases\/|cases\/|credentials\/|pickup\/)/,
    };
    const offenders = Object.entries(above).flatMap(([layer, forbidden]) =>
      sourceFiles(join(SRC, layer))
        .map((file) => relative(SRC, file))
        .flatMap((file) =>
          importsOf(file)
            .filter((target) => forbidden.test(target))
            .map((target) => `${file} -> ${target}`),
        ),
    );
    assert.deepEqual(offenders, []);
  });

  it("no module calls a contract function by a name string: contract access is typed from the compiled contract", () => {
    // The outbox's anchoring calls move with its owner's change (see the report of #12); listed here until then.
    const offenders = sourceFiles(SRC)
      .map((file) => relative(SRC, file))
      .filter((file) => /\.getFunction\(\s*["'`]/.test(readFileSync(join(SRC, file), "utf8")));
    assert.deepEqual(offenders, []);
  });

  it("no private key leaves the KMS: nothing outside it holds an ethers Wallet (a signer built from a raw key)", () => {
    const offenders = sourceFiles(SRC)
      .map((file) => relative(SRC, file))
      // The consortium admin's key, read from a file for one transaction, is not the service's: never in its KMS.
      .filter((file) => file !== "admin/register-authority.ts")
      .filter((file) =>
        /import\s*\{[^}]*\bWallet\b[^}]*\}\s*from\s*"ethers"/.test(readFileSync(join(SRC, file), "utf8")),
      );
    assert.deepEqual(offenders, []);
  });

  it("the connection's prepare is better-sqlite3's own (no monkey-patch); a repository reuses its compiled statements", () => {
    const db = openDatabase(":memory:");
    try {
      assert.equal(db.prepare, Database.prototype.prepare);
      const { cases } = repositoriesOf(db);
      const statement = (cases as unknown as { statement(sql: string): unknown }).statement.bind(cases);
      assert.equal(statement("SELECT * FROM cases WHERE id = ?"), statement("SELECT * FROM cases WHERE id = ?"));
      assert.equal(repositoriesOf(db), repositoriesOf(db));
    } finally {
      db.close();
    }
  });
});
