/** Exit codes of `fairledger` (documented in --help and the README). */
export const EXIT = {
  /** Valid: every check passed (audit: no findings). */
  valid: 0,
  /** Invalid: a check failed (audit: findings). */
  invalid: 1,
  /** Cannot verify: chain unreachable, unknown issuer, snapshot missing or too old. */
  cannotVerify: 2,
  /** audit-fees: the agency or corridor is unknown on chain (an audit of nothing is not a clean audit). */
  unknownScope: 3,
  /** Usage error (sysexits EX_USAGE). */
  usage: 64,
} as const;

export const EXIT_CODES_HELP = `
Exit codes:
  0   valid (audit-fees: no findings)
  1   invalid: a check failed (audit-fees: findings)
  2   cannot verify: chain unreachable, unknown issuer, snapshot missing or too old
  3   audit-fees: unknown agency (never licensed) or corridor (no fee policy in force)
  64  usage error`;
