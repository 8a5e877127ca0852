/**
 * The verifier: a list of named checks run over one credential or presentation. The cryptographic checks
 * run first and stop at the first failure (nothing after a bad signature means anything); the ledger
 * checks then each run, and a ledger that cannot answer makes the result "cannot verify", not "invalid".
 */
import {
  credentialDigest,
  statusReferenceOf,
  type AnchorProof,
  type CredentialType,
  type StatusReference,
  type TokenStatus,
} from "@fairledger/common/node";
import { isVerifierError } from "./errors.ts";
import type { DecodedInput } from "./input/decode-input.ts";
import { decodeInput } from "./input/offline-qr-input.ts";
import { decodeCompactJws, JwsDecodeError, type DecodedJws } from "./jose/compact-jws.ts";
import {
  fail,
  indeterminate,
  outcomeOf,
  pass,
  type CheckId,
  type CheckResult,
  type VerificationResult,
} from "./result.ts";
import type { TrustSource } from "./trust/trust-source.ts";
import { checkAlgorithmAllowed, checkAlgorithmMatchesKey } from "./checks/algorithm.ts";
import { checkSdJwtVcTyp, checkTyp } from "./checks/typ.ts";
import { checkIssuerDid } from "./checks/issuer-did.ts";
import { checkIssuerKey } from "./checks/issuer-key.ts";
import { checkSignature } from "./checks/signature.ts";
import { checkTime } from "./checks/time.ts";
import { checkSdJwtVcShape, checkVcJwtShape } from "./checks/credential-shape.ts";
import { checkSdJwtVcConsistency, checkVcJwtConsistency } from "./checks/jwt-claims-consistent.ts";
import { processDisclosures } from "./checks/sd-disclosures.ts";
import { checkKeyBinding, type KeyBindingExpectation } from "./checks/key-binding.ts";
import { checkVpBinding } from "./checks/vp-binding.ts";
import { checkRequiredClaims } from "./checks/required-claims.ts";
import { checkIssuerLicensed } from "./checks/issuer-licensed.ts";
import { checkAnchored, type AnchorLocation } from "./checks/anchored.ts";
import { checkNotRevoked } from "./checks/not-revoked.ts";
import { statusInList, statusListNotice, type StatusListFetch } from "./checks/status-list.ts";
import { checkContractLatest } from "./checks/contract-latest.ts";
import { separateLookAlikes } from "./checks/look-alike-claims.ts";
import { caseFlagsOf } from "./checks/case-flags.ts";
import { checkFeeStatement } from "./checks/fee-statement.ts";
import { checkContractDocument } from "./checks/contract-document.ts";
import { checkNotReplayed, type NonceUse } from "./checks/not-replayed.ts";
import { MemoryUsedNonceStore, type UsedNonceStore } from "./replay/used-nonces.ts";

export interface VerifyOptions {
  trust: TrustSource;
  /** The verifier's own id: a presentation must be addressed to it. Required to accept a presentation. */
  audience?: string;
  /** The nonce of this verifier's request. Required to accept a presentation. */
  nonce?: string;
  /** Claims that must have been disclosed. */
  requiredClaims?: readonly string[];
  /** Verification time, unix seconds (default: now). */
  now?: number;
  /** Clock skew allowed on every time claim, seconds (default 60). */
  clockSkewSeconds?: number;
  /** How old a key-binding JWT / VP may be, seconds (default 300). */
  presentationMaxAgeSeconds?: number;
  /** The contract document the verifier holds, for the substitution check. */
  contractDocument?: Uint8Array;
  /**
   * Fetches an issuer's Token Status List token by its URI. Off by default (a border post may be
   * offline): when given, an SD-JWT VC's entry in the list its `status` claim names is compared with the
   * chain, and `not-revoked` carries a notice when they disagree. The chain's answer stays the verdict.
   */
  fetchStatusList?: StatusListFetch;
  /**
   * Accept only presentations (holder-bound, fresh, for this audience). Default: true when an audience is
   * given or the input came in a presentation envelope — a stripped key binding then fails.
   */
  requirePresentation?: boolean;
  /**
   * Where this verifier remembers the nonces it accepted, so a presentation verifies once (`not-replayed`).
   * Default: one in-memory store shared by the whole process; pass a durable store
   * (`SqliteUsedNonceStore`) to refuse replays across restarts and processes. `null` turns the check off,
   * for callers that deliberately re-verify one presentation (benchmarks).
   */
  usedNonces?: UsedNonceStore | null;
  /**
   * Read the inspectors' flags on the credential's case (`result.caseFlags`). Off by default: the read is
   * not cached (a new flag must show at the next check), so it costs a log query per presentation — the
   * border desk's OpenID4VP verdict asks for it; a batch of presentations does not pay for it.
   */
  readCaseFlags?: boolean;
}

/** The default store: replays inside one process are refused even when the caller passes no store. */
const processUsedNonces = new MemoryUsedNonceStore();

interface Context {
  options: VerifyOptions;
  now: number;
  skew: number;
  checks: CheckResult[];
  result: VerificationResult;
  /** Set once a key-binding JWT or VP-JWT bound the presentation to this verifier's nonce. */
  nonceUse?: NonceUse;
}

class Stop extends Error {}

function newContext(options: VerifyOptions): Context {
  return {
    options,
    now: options.now ?? Math.floor(Date.now() / 1000),
    skew: options.clockSkewSeconds ?? 60,
    checks: [],
    result: {
      verified: false,
      outcome: "invalid",
      checks: [],
      disclosed: {},
      issuer: null,
      subject: null,
      credentialType: null,
      digest: null,
      lookAlikes: [],
    },
  };
}

/** Records a check; a failed cryptographic check stops the run. */
function must(ctx: Context, check: CheckResult | null | undefined): void {
  if (!check) return;
  ctx.checks.push(check);
  if (!check.passed) throw new Stop();
}

/** `must` for a check that failed: typed `never` so the code after it knows the failure's condition is false. */
function refuse(ctx: Context, check: CheckResult): never {
  ctx.checks.push(check);
  throw new Stop();
}

/**
 * The value a check returns beside its result, once `must` has passed that result: every check returns
 * one whenever it passes, so a missing value here is a defect in this library, not in the input.
 */
function vouched<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`internal: a passing check returned no ${what}`);
  return value;
}

async function ledger(ctx: Context, id: CheckId, run: () => Promise<CheckResult>): Promise<CheckResult> {
  let check: CheckResult;
  try {
    check = await run();
  } catch (error) {
    check = isVerifierError(error)
      ? indeterminate(id, error.message)
      : indeterminate(id, `the ledger gave an unexpected answer (${(error as Error).message ?? String(error)})`);
  }
  ctx.checks.push(check);
  return check;
}

/** What the holder disclosed, its look-alike claim names set apart so nothing reads them as the real claims. */
function setDisclosed(ctx: Context, type: CredentialType, subject: Record<string, unknown>): void {
  const { claims, lookAlikes } = separateLookAlikes(type, withoutId(subject));
  ctx.result.disclosed = claims;
  ctx.result.lookAlikes = lookAlikes;
}

/** The inspectors' flags on the credential's case (case-flags.ts). Never changes the outcome. */
async function readCaseFlags(ctx: Context, subject: Record<string, unknown>): Promise<void> {
  const flags = await caseFlagsOf(ctx.options.trust, subject);
  if (flags !== undefined) ctx.result.caseFlags = flags;
}

function finish(ctx: Context): VerificationResult {
  const outcome = outcomeOf(ctx.checks);
  return { ...ctx.result, checks: ctx.checks, outcome, verified: outcome === "valid" };
}

function decode(compact: string, what: string): DecodedJws {
  try {
    return decodeCompactJws(compact, what);
  } catch (error) {
    if (error instanceof JwsDecodeError)
      throw Object.assign(new Stop(), { check: fail("input-format", error.message) });
    throw error;
  }
}

function withoutId(subject: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, ...rest } = subject;
  return rest;
}

/** The checks every issuer-signed JWT goes through: alg, typ, issuer DID, key at issue time, signature. */
async function verifyIssuerSignature(
  ctx: Context,
  jws: DecodedJws,
  typ: readonly string[] | "sd-jwt-vc",
  what: string,
): Promise<{ issuerAddress: string; issuedAt: number }> {
  must(ctx, checkAlgorithmAllowed(jws.header, what));
  must(ctx, typ === "sd-jwt-vc" ? checkSdJwtVcTyp(jws.header, ctx.now, what) : checkTyp(jws.header, typ, what));
  const iss = jws.payload.iss;
  ctx.result.issuer = typeof iss === "string" ? iss : null;
  const { result: didCheck, address } = checkIssuerDid(iss, ctx.options.trust.chainId);
  must(ctx, didCheck);
  const issuedAt = (typeof jws.payload.iat === "number" ? jws.payload.iat : jws.payload.nbf) as unknown;
  if (typeof issuedAt !== "number" || !Number.isFinite(issuedAt))
    must(ctx, fail("time-valid", `${what} has no issue time (iat)`));
  let keyCheck;
  try {
    keyCheck = await checkIssuerKey(ctx.options.trust, iss as string, jws.header.kid, issuedAt as number);
  } catch (error) {
    if (!isVerifierError(error)) throw error;
    keyCheck = { result: indeterminate("issuer-key", error.message), key: null };
  }
  must(ctx, keyCheck.result);
  const key = vouched(keyCheck.key, "issuer key");
  must(ctx, checkAlgorithmMatchesKey(jws.header, key, what));
  must(ctx, checkSignature(jws, key, what));
  return { issuerAddress: vouched(address, "issuer address"), issuedAt: issuedAt as number };
}

async function ledgerChecks(
  ctx: Context,
  type: CredentialType,
  issuerAddress: string,
  issuedAt: number,
  subject: Record<string, unknown>,
  digest: string,
  anchor: AnchorProof | undefined,
  /** An SD-JWT VC's Token Status List entry and its issuer, compared with the chain when lists can be fetched. */
  statusList?: { reference: StatusReference; iss: string },
): Promise<void> {
  const { trust, fetchStatusList } = ctx.options;
  const compareWithList =
    statusList && fetchStatusList
      ? async (chainStatus: TokenStatus) =>
          statusListNotice(
            chainStatus,
            await statusInList(trust, statusList.reference, statusList.iss, ctx.now, fetchStatusList),
          )
      : undefined;
  await ledger(ctx, "issuer-licensed", () => checkIssuerLicensed(trust, type, issuerAddress, subject, issuedAt));
  // Set inside the callback, so TypeScript cannot narrow it from the initialiser: typed once here.
  let anchoredAt = null as AnchorLocation | null;
  await ledger(ctx, "anchored", async () => {
    const anchored = await checkAnchored(trust, type, digest, issuerAddress, subject, anchor);
    anchoredAt = anchored.location;
    return anchored.result;
  });
  const location = anchoredAt;
  if (location) await ledger(ctx, "not-revoked", () => checkNotRevoked(trust, digest, location, compareWithList));
  if (type === "EmploymentContractCredential")
    await ledger(ctx, "contract-latest", () => checkContractLatest(trust, issuerAddress, subject));
  if (type === "RecruitmentFeeStatement")
    await ledger(ctx, "fee-statement-matches-case", () => checkFeeStatement(trust, issuerAddress, subject));
  if (ctx.options.contractDocument) {
    const document = ctx.options.contractDocument;
    await ledger(ctx, "contract-document", () => checkContractDocument(trust, document, subject));
  }
  if (ctx.options.readCaseFlags) await readCaseFlags(ctx, subject);
}

/**
 * The presentation passed its key binding for this audience and nonce: remember the nonce to spend it if
 * the verification succeeds. It stays acceptable until its iat is older than the allowed age plus skew,
 * i.e. at most that long (plus skew for an iat ahead of this clock) from now.
 */
/** What the holder's proof (KB-JWT or VP-JWT) must say: this verifier's audience and nonce, recently. */
function holderBinding(ctx: Context): KeyBindingExpectation {
  return {
    audience: ctx.options.audience,
    nonce: ctx.options.nonce,
    now: ctx.now,
    skewSeconds: ctx.skew,
    maxAgeSeconds: ctx.options.presentationMaxAgeSeconds ?? 300,
  };
}

function bindNonce(ctx: Context): void {
  const { audience, nonce } = ctx.options;
  if (audience === undefined || nonce === undefined) return;
  const window = (ctx.options.presentationMaxAgeSeconds ?? 300) + 2 * ctx.skew;
  ctx.nonceUse = { audience, nonce, expiresAt: ctx.now + window };
}

function requiresPresentation(ctx: Context, input: DecodedInput): boolean {
  return ctx.options.requirePresentation ?? (ctx.options.audience !== undefined || input.enveloped);
}

async function verifySdJwtVc(ctx: Context, input: DecodedInput): Promise<void> {
  const parts = input.token.split("~");
  // split yields at least one part, so pop always returns one; "" (no key binding) only satisfies the type.
  const kbJwt = parts.pop() ?? "";
  const [issuerJwt, ...disclosures] = parts;
  if (!issuerJwt || disclosures.some((disclosure) => disclosure.length === 0))
    refuse(ctx, fail("input-format", "malformed SD-JWT: empty part"));
  const presentedPrefix = `${parts.join("~")}~`;
  ctx.result.digest = credentialDigest(issuerJwt);
  const jws = decode(issuerJwt, "credential");
  must(ctx, pass("input-format", `SD-JWT VC${kbJwt ? " presentation with key binding" : " (no key binding)"}`));
  const { issuerAddress, issuedAt } = await verifyIssuerSignature(ctx, jws, "sd-jwt-vc", "credential");
  const { result: sdCheck, processed } = processDisclosures(jws.payload, disclosures);
  must(ctx, sdCheck);
  const { claims } = vouched(processed, "processed disclosures");
  const shape = checkSdJwtVcShape(claims, ctx.now);
  must(ctx, shape.result);
  const type = vouched(shape.type, "credential type");
  ctx.result.credentialType = shape.type;
  ctx.result.subject =
    typeof shape.subject.id === "string" ? shape.subject.id : typeof claims.sub === "string" ? claims.sub : null;
  must(ctx, checkSdJwtVcConsistency(claims, shape.subject));
  must(ctx, checkTime(jws.payload, ctx.now, ctx.skew, "credential", true));
  if (kbJwt) {
    for (const check of checkKeyBinding(kbJwt, presentedPrefix, claims.cnf, holderBinding(ctx))) {
      must(ctx, check);
    }
    bindNonce(ctx);
  } else if (requiresPresentation(ctx, input)) {
    must(ctx, fail("key-binding", "no key-binding JWT: a credential, not a presentation by its holder"));
  }
  setDisclosed(ctx, type, shape.subject);
  if (ctx.options.requiredClaims?.length)
    must(ctx, checkRequiredClaims(ctx.options.requiredClaims, ctx.result.disclosed));
  const reference = statusReferenceOf(jws.payload);
  const statusList = reference && { reference, iss: jws.payload.iss as string };
  await ledgerChecks(ctx, type, issuerAddress, issuedAt, shape.subject, ctx.result.digest, input.anchor, statusList);
}

interface VerifiedVcJwt {
  /** The holder the credential was issued to (`sub`). */
  sub: unknown;
  /** Runs the ledger checks (after the holder checks, so a bad presentation costs no RPC). */
  ledgerChecks(): Promise<void>;
}

async function verifyVcJwt(ctx: Context, vcJwt: string, anchor: AnchorProof | undefined): Promise<VerifiedVcJwt> {
  ctx.result.digest = credentialDigest(vcJwt);
  const jws = decode(vcJwt, "credential");
  const { issuerAddress, issuedAt } = await verifyIssuerSignature(ctx, jws, ["JWT"], "credential");
  const shape = checkVcJwtShape(jws.payload, ctx.now);
  must(ctx, shape.result);
  const type = vouched(shape.type, "credential type");
  ctx.result.credentialType = shape.type;
  must(ctx, checkVcJwtConsistency(jws.payload));
  must(
    ctx,
    checkTime({ ...jws.payload, iat: jws.payload.iat ?? jws.payload.nbf }, ctx.now, ctx.skew, "credential", true),
  );
  const sub = jws.payload.sub ?? shape.subject.id;
  ctx.result.subject = typeof sub === "string" ? sub : null;
  setDisclosed(ctx, type, shape.subject);
  const digest = ctx.result.digest;
  return {
    sub,
    ledgerChecks: () => ledgerChecks(ctx, type, issuerAddress, issuedAt, shape.subject, digest, anchor),
  };
}

async function verifyJwtFormats(ctx: Context, input: DecodedInput): Promise<void> {
  if (input.format === "vc-jwt") {
    must(ctx, pass("input-format", "VC-JWT (VCDM 1.1)"));
    const vc = await verifyVcJwt(ctx, input.token, input.anchor);
    if (requiresPresentation(ctx, input))
      must(ctx, fail("vp-binding", "a bare VC-JWT is not a presentation by its holder: wrap it in a VP-JWT"));
    if (ctx.options.requiredClaims?.length)
      must(ctx, checkRequiredClaims(ctx.options.requiredClaims, ctx.result.disclosed));
    await vc.ledgerChecks();
    return;
  }
  const vp = decode(input.token, "presentation");
  must(ctx, pass("input-format", "VP-JWT (VCDM 1.1) holding a VC-JWT"));
  const inner = (vp.payload.vp as { verifiableCredential?: unknown } | undefined)?.verifiableCredential;
  const credentials = Array.isArray(inner) ? inner : [inner];
  if (credentials.length !== 1 || typeof credentials[0] !== "string")
    must(ctx, fail("input-format", "the VP-JWT must hold exactly one VC-JWT"));
  const vc = await verifyVcJwt(ctx, credentials[0] as string, input.anchor);
  for (const check of checkVpBinding(vp, vc.sub, holderBinding(ctx))) {
    must(ctx, check);
  }
  bindNonce(ctx);
  if (ctx.options.requiredClaims?.length)
    must(ctx, checkRequiredClaims(ctx.options.requiredClaims, ctx.result.disclosed));
  await vc.ledgerChecks();
}

/** Verifies one decoded input. Never throws for a bad credential: every problem is a failed check. */
export async function verifyDecoded(input: DecodedInput, options: VerifyOptions): Promise<VerificationResult> {
  const { result, nonceUse } = await verifyDecodedUnspent(input, options);
  return spendNonce(result, nonceUse, options);
}

/** A verification whose nonce is not spent yet: `spendNonce` finishes it (callers that order the spending). */
export interface UnspentVerification {
  result: VerificationResult;
  nonceUse: NonceUse | null;
}

/** Every check except `not-replayed`; nothing is recorded. */
export async function verifyDecodedUnspent(input: DecodedInput, options: VerifyOptions): Promise<UnspentVerification> {
  const ctx = newContext(options);
  try {
    if (input.format === "vc+sd-jwt") await verifySdJwtVc(ctx, input);
    else await verifyJwtFormats(ctx, input);
  } catch (error) {
    if (!(error instanceof Stop)) {
      if (isVerifierError(error)) ctx.checks.push(fail("input-format", error.message));
      else throw error;
    }
    const check = (error as { check?: CheckResult }).check;
    if (check) ctx.checks.push(check);
  }
  return { result: finish(ctx), nonceUse: ctx.nonceUse ?? null };
}

/**
 * Spends the presentation's nonce when every other check passed: the first successful verification
 * with a nonce is valid, any later one fails `not-replayed` (invalid). A failed or undecided
 * verification spends nothing.
 */
export async function spendNonce(
  result: VerificationResult,
  nonceUse: NonceUse | null,
  options: VerifyOptions,
): Promise<VerificationResult> {
  const store = options.usedNonces === undefined ? processUsedNonces : options.usedNonces;
  if (!nonceUse || !store || result.outcome !== "valid") return result;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const checks = [...result.checks, await checkNotReplayed(store, nonceUse, now)];
  const outcome = outcomeOf(checks);
  return { ...result, checks, outcome, verified: outcome === "valid" };
}

/** A result whose only check is a failed `input-format`, for input that cannot be decoded at all. */
function inputFormatFailure(error: unknown, options: VerifyOptions): VerificationResult {
  if (!isVerifierError(error)) throw error;
  const ctx = newContext(options);
  ctx.checks.push(fail("input-format", error.message));
  return finish(ctx);
}

/** Verifies text: a bare token, JSON, a presentation envelope, or an offline QR (`FL1:`, or its parts one per line). */
export async function verifyPresentationText(text: string, options: VerifyOptions): Promise<VerificationResult> {
  let input: DecodedInput;
  try {
    input = await decodeInput(text);
  } catch (error) {
    return inputFormatFailure(error, options);
  }
  return verifyDecoded(input, options);
}
