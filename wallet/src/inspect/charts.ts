/**
 * The dashboard's two charts as inline SVG built here (no chart library: two bar charts do not earn one's
 * bytes): findings per month of closure and findings per agency, one horizontal bar per row, each bar split
 * by breach class. Readable on a black-and-white printout: every class has its own pattern (hatching, solid,
 * cross-hatching) and every bar its number written beside it. The SVG is `role="img"` with a title and a
 * description in words; the same numbers are in the table the caller puts next to it.
 */
import { uniqueId } from "../ui/dom.ts";
import type { CaseClass } from "./inspect-api.ts";

const SVG = "http://www.w3.org/2000/svg";

export interface ChartRow {
  label: string;
  counts: Partial<Record<CaseClass, number>>;
}

export interface ChartText {
  title: string;
  description: string;
  classLabel: (name: CaseClass) => string;
}

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number> = {},
  ...children: (SVGElement | string)[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  element.append(...children);
  return element;
}

/** One pattern per class: told apart without colour. */
function classPattern(id: string, name: CaseClass): SVGPatternElement {
  const pattern = svg("pattern", { id, width: 6, height: 6, patternUnits: "userSpaceOnUse" });
  switch (name) {
    case "overdue":
      pattern.append(
        svg("rect", { width: 6, height: 6, fill: "#ffffff" }),
        svg("path", { d: "M-1,7 L7,-1 M-1,1 L1,-1 M5,7 L7,5", stroke: "#7a4b00", "stroke-width": 1.6 }),
      );
      break;
    case "closed-in-breach":
      pattern.append(svg("rect", { width: 6, height: 6, fill: "#a4161a" }));
      break;
    default:
      pattern.append(
        svg("rect", { width: 6, height: 6, fill: "#ffffff" }),
        svg("path", { d: "M0,0 L6,6 M6,0 L0,6", stroke: "#1a1a1a", "stroke-width": 1.2 }),
      );
  }
  return pattern;
}

const ROW_HEIGHT = 28;
const LABEL_WIDTH = 190;
const BAR_WIDTH = 360;
const NUMBER_WIDTH = 40;
const LEGEND_HEIGHT = 30;

/** A horizontal stacked bar chart of `rows` over `classes`. */
export function findingsChart(rows: ChartRow[], classes: readonly CaseClass[], text: ChartText): SVGSVGElement {
  const titleId = uniqueId("chart-title");
  const descriptionId = uniqueId("chart-desc");
  const patternIds = new Map(classes.map((name) => [name, uniqueId(`pattern-${name}`)]));
  const width = LABEL_WIDTH + BAR_WIDTH + NUMBER_WIDTH;
  const height = LEGEND_HEIGHT + Math.max(rows.length, 1) * ROW_HEIGHT + 8;
  const max = Math.max(1, ...rows.map((row) => classes.reduce((sum, name) => sum + (row.counts[name] ?? 0), 0)));
  const chart = svg(
    "svg",
    {
      viewBox: `0 0 ${width} ${height}`,
      role: "img",
      "aria-labelledby": titleId,
      "aria-describedby": descriptionId,
      class: "chart",
      direction: "ltr",
    },
    svg("title", { id: titleId }, text.title),
    svg("desc", { id: descriptionId }, text.description),
    svg("defs", {}, ...classes.map((name) => classPattern(patternIds.get(name) ?? "", name))),
  );
  // The legend: a swatch of each pattern and the class's name.
  let x = 0;
  for (const name of classes) {
    chart.append(
      svg("rect", { x, y: 4, width: 16, height: 16, fill: `url(#${patternIds.get(name)})`, stroke: "#1a1a1a" }),
      svg("text", { x: x + 22, y: 17, "font-size": 13, fill: "#1a1a1a" }, text.classLabel(name)),
    );
    x += 22 + text.classLabel(name).length * 7 + 18;
  }
  rows.forEach((row, index) => {
    const y = LEGEND_HEIGHT + index * ROW_HEIGHT;
    const label = row.label.length > 26 ? `${row.label.slice(0, 25)}…` : row.label;
    chart.append(svg("text", { x: 0, y: y + 18, "font-size": 13, fill: "#1a1a1a" }, label));
    let start = LABEL_WIDTH;
    let total = 0;
    for (const name of classes) {
      const count = row.counts[name] ?? 0;
      if (count === 0) continue;
      const length = (count / max) * BAR_WIDTH;
      chart.append(
        svg("rect", {
          x: start,
          y: y + 4,
          width: length,
          height: ROW_HEIGHT - 8,
          fill: `url(#${patternIds.get(name)})`,
          stroke: "#1a1a1a",
          "data-class": name,
        }),
      );
      start += length;
      total += count;
    }
    chart.append(svg("text", { x: start + 6, y: y + 18, "font-size": 13, fill: "#1a1a1a" }, String(total)));
  });
  return chart;
}
