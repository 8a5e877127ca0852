/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by module and by function, so a missed
 * target can be pinned on the code that spends the time.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/run.ts --only verify
 *   npx tsx bench/profile-summary.ts /tmp/prof/CPU.*.cpuprofile [top]
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function moduleOf(url: string): string {
  if (!url) return "(native / V8)";
  const path = url.replace(/^file:\/\//, "").replace(/\?.*$/, "");
  const nodeModules = path.lastIndexOf("node_modules/");
  if (nodeModules >= 0) {
    const rest = path.slice(nodeModules + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (path.startsWith("node:")) return path;
  const workspace = /\/work\/[^/]+\/(.*)$/.exec(path);
  return workspace ? workspace[1]! : path;
}

export function summarise(profile: CpuProfile, top = 25): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byModule = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, micros] of self) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const module = moduleOf(url);
    byModule.set(module, (byModule.get(module) ?? 0) + micros);
    const fn = `${functionName || "(anonymous)"} ${module}:${lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
  }
  const lines = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([name, micros]) =>
          `${((micros / total) * 100).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`,
      );
  return [
    `total sampled ${(total / 1000).toFixed(0)} ms`,
    "self time by module:",
    ...lines(byModule),
    "",
    "self time by function:",
    ...lines(byFunction),
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write("usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]\n");
    process.exit(64);
  }
  process.stdout.write(summarise(JSON.parse(readFileSync(file, "utf8")) as CpuProfile, Number(top ?? 25)) + "\n");
}
