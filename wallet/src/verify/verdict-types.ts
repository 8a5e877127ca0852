/** The verifier's three outcomes (verifier/src/result.ts), as the desk receives them in JSON. */
export type Outcome = "valid" | "invalid" | "cannot-verify";
