/** What the figures were measured on: they mean little without it. */
import { cpus, totalmem, loadavg, platform, arch, release } from "node:os";

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  cpuMHz: number;
  memoryGiB: number;
  platform: string;
  kernel: string;
  arch: string;
  node: string;
  v8: string;
  loadAverageAtStart: number[];
  date: string;
}

export function machineInfo(): MachineInfo {
  const cpuList = cpus();
  return {
    cpuModel: cpuList[0]?.model.trim() ?? "unknown",
    cores: cpuList.length,
    cpuMHz: cpuList[0]?.speed ?? 0,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    platform: platform(),
    kernel: release(),
    arch: arch(),
    node: process.version,
    v8: process.versions.v8,
    loadAverageAtStart: loadavg().map((load) => Math.round(load * 100) / 100),
    date: new Date().toISOString(),
  };
}
