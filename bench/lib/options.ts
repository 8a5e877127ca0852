/**
 * Command-line options of `npm run bench`. Quick mode runs every part on tiny sizes so the benchmark
 * can run inside `npm test` and never rot; its figures are not meant to be read.
 */
export const SECTION_NAMES = [
  "verify",
  "issue",
  "gas",
  "scale",
  "growth",
  "startup",
  "qr-size",
  "offline-desk",
] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

export interface BenchOptions {
  quick: boolean;
  /** Where results are written; bench/results.json unless `--out` says otherwise. */
  out: string;
  /** Sections to run (`--only verify,issue`); all by default. */
  only: readonly SectionName[];
}

export function parseOptions(argv: readonly string[], defaultOut: string): BenchOptions {
  let quick = false;
  let out = defaultOut;
  let only: SectionName[] = [...SECTION_NAMES];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.split("=", 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i] ?? usage(`${flag} needs a value`);
    if (flag === "--quick") quick = true;
    else if (flag === "--out") out = value();
    else if (flag === "--only") {
      only = value()
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean) as SectionName[];
      const unknown = only.filter((name) => !SECTION_NAMES.includes(name));
      if (unknown.length > 0) usage(`unknown section(s) ${unknown.join(", ")}`);
    } else if (flag === "--help" || flag === "-h") usage();
    else usage(`unknown option ${arg}`);
  }
  return { quick, out, only };
}

function usage(problem?: string): never {
  if (problem) process.stderr.write(`bench: ${problem}\n`);
  process.stderr.write(`usage: npm run bench -- [--quick] [--only ${SECTION_NAMES.join(",")}] [--out results.json]\n`);
  process.exit(problem ? 64 : 0);
}
