/** zod validation of request bodies; failures become problem+json naming each field (JSON pointer). */
import type { z } from "zod";
import { ServiceError } from "../errors.ts";

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    pointer: `#/${issue.path.map((part) => String(part).replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`,
    detail: issue.message,
  }));
  throw new ServiceError(
    "ERR_INPUT_INVALID",
    `invalid request: ${errors.map((e) => `${e.pointer} ${e.detail}`).join("; ")}`,
    { errors },
  );
}
