/** `fairledger-admin config`: the effective configuration, every secret replaced by whether it is set. */
import type { IssuerConfig } from "../config.ts";

export function effectiveConfig(config: IssuerConfig): Record<string, unknown> {
  const { secrets, ...rest } = config;
  return { ...rest, secrets: Object.fromEntries(Object.keys(secrets).map((name) => [name, "(set, not shown)"])) };
}
