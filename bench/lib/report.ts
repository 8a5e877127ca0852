/**
 * The shape of a benchmark section's result (as written to bench/results.json) and the plain-text table
 * printed at the end of a run.
 */
export interface Measurement {
  name: string;
  value: number;
  unit: string;
  /** Anything else worth keeping: per-run figures, percentiles, sizes. */
  detail?: Record<string, unknown>;
}

export interface Ratio {
  name: string;
  /** numerator / denominator, both measured in this run. */
  value: number;
  numerator: string;
  denominator: string;
  /** The target the issue sets, e.g. ">= 0.8"; met is undefined when there is none. */
  target?: { atLeast?: number; atMost?: number; text: string };
  met?: boolean;
}

export interface SectionResult {
  title: string;
  status: "ok" | "partial" | "failed";
  measurements: Measurement[];
  ratios: Ratio[];
  /** Assumptions, what bounds a figure, what could not be measured and why. */
  notes: string[];
  error?: string;
}

export function emptySection(title: string): SectionResult {
  return { title, status: "ok", measurements: [], ratios: [], notes: [] };
}

export function ratio(
  name: string,
  numerator: Measurement | undefined,
  denominator: Measurement | undefined,
  target?: { atLeast?: number; atMost?: number },
): Ratio | undefined {
  if (!numerator || !denominator || !(denominator.value > 0)) return undefined;
  const value = numerator.value / denominator.value;
  const text =
    target?.atLeast !== undefined ? `>= ${target.atLeast}` : target?.atMost !== undefined ? `<= ${target.atMost}` : "";
  const met =
    target === undefined
      ? undefined
      : (target.atLeast === undefined || value >= target.atLeast) &&
        (target.atMost === undefined || value <= target.atMost);
  return {
    name,
    value: Math.round(value * 1000) / 1000,
    numerator: numerator.name,
    denominator: denominator.name,
    ...(target ? { target: { ...target, text } } : {}),
    ...(met === undefined ? {} : { met }),
  };
}

const formatNumber = (value: number): string =>
  Number.isFinite(value)
    ? value !== 0 && Math.abs(value) < 0.01
      ? value.toPrecision(3)
      : Math.abs(value) >= 100
        ? Math.round(value).toLocaleString("en-US")
        : value.toLocaleString("en-US", { maximumFractionDigits: 3 })
    : String(value);

/** A Markdown table (it reads fine in a terminal too). */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ")} |`;
  return [line(header), `| ${widths.map((width) => "-".repeat(width)).join(" | ")} |`, ...rows.map(line)].join("\n");
}

export function renderSection(section: SectionResult): string {
  const parts = [`### ${section.title}${section.status === "ok" ? "" : ` (${section.status})`}`];
  if (section.error) parts.push(`error: ${section.error}`);
  if (section.measurements.length > 0) {
    parts.push(
      markdownTable(
        ["measurement", "value", "unit"],
        section.measurements.map((m) => [m.name, formatNumber(m.value), m.unit]),
      ),
    );
  }
  if (section.ratios.length > 0) {
    parts.push(
      markdownTable(
        ["ratio (same run)", "value", "target", "met"],
        section.ratios.map((r) => [
          r.name,
          `${formatNumber(r.value)}×`,
          r.target?.text ?? "",
          r.met === undefined ? "" : r.met ? "yes" : "NO",
        ]),
      ),
    );
  }
  if (section.notes.length > 0) parts.push(section.notes.map((note) => `- ${note}`).join("\n"));
  return parts.join("\n\n");
}
