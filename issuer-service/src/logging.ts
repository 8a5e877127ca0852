/**
 * The service's structured log (pino, one JSON object a line). Operators need two things from it: every
 * internal error exactly once, with the request id the client saw (X-Request-Id, also in the problem
 * body), and what the service decided about its chain (unreachable, back, deployment lost). Nothing
 * personal is logged: request bodies never are, and errors carry the code and stack, not the input.
 */
import { pino, destination, stdSerializers, stdTimeFunctions, type DestinationStream, type Logger } from "pino";

export type { Logger };

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A logger to `destination` (stdout by default), errors serialised with their stack and cause. */
export function createLogger(options: { level?: LogLevel; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? "info",
      base: { service: "fairledger-issuer" },
      timestamp: stdTimeFunctions.isoTime,
      serializers: { err: stdSerializers.errWithCause },
    },
    options.destination ?? destination({ dest: 1, sync: true }),
  );
}

/** For embedding and tests that give no logger: logs nothing. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
