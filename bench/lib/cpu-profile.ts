/**
 * CPU profile of one stretch of code (the same V8 profiler `node --cpu-prof` uses, but started and
 * stopped around the timed loop only, so set-up work does not drown the hot path).
 */
import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";

export async function profiled<T>(file: string, work: () => Promise<T>): Promise<T> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
  try {
    return await work();
  } finally {
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}
