/**
 * Shared fixtures: a FairLedger deployment with one signer per role, and progressively richer worlds
 * (authorities registered → corridor active and agency licensed → case open), each snapshotted by
 * `loadFixture` so every test starts from the same chain state.
 */
import "./any-client";
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { FairLedger } from "../../../typechain-types";

/** ISO code as the contract's fixed-size bytes (bytes2 jurisdiction, bytes3 currency). */
export function code(iso: string): string {
  return ethers.hexlify(ethers.toUtf8Bytes(iso));
}

/** Corridor id `bytes4(origin ++ destination)`. */
export function corridor(origin: string, destination: string): string {
  return code(origin + destination);
}

/** A deterministic bytes32 for a label, e.g. `h("contract v1")`. */
export function h(label: string): string {
  return ethers.id(label);
}

export const PH = code("PH");
export const SA = code("SA");
export const IN = code("IN");
export const USD = code("USD");
export const INR = code("INR");
export const PHSA = corridor("PH", "SA");
export const INSA = corridor("IN", "SA");
/** India's legal cap used in the tests: 30,000.00 INR in paise. */
export const INDIA_CAP = 3_000_000n;
export const ADMIN_DELAY = 3 * 24 * 3600;
export const YEAR = 365 * 24 * 3600;

export const RecordKind = {
  Credential: 0,
  LicenceDocument: 1,
  EmploymentContract: 2,
  FeeReceipt: 3,
  InsurancePolicy: 4,
  Batch: 5,
  Other: 6,
} as const;
export const RecordStatus = {
  None: 0,
  Active: 1,
  Suspended: 2,
  Revoked: 3,
} as const;
export const LicenceStatus = {
  None: 0,
  Active: 1,
  Suspended: 2,
  Revoked: 3,
} as const;
export const CaseStatus = {
  None: 0,
  Open: 1,
  Closed: 2,
  ClosedInBreach: 3,
} as const;
export const Payer = { Employer: 0, Worker: 1 } as const;

export interface Actors {
  admin: HardhatEthersSigner;
  authorityPH: HardhatEthersSigner;
  authoritySA: HardhatEthersSigner;
  authorityIN: HardhatEthersSigner;
  agency: HardhatEthersSigner;
  agency2: HardhatEthersSigner;
  agencyIN: HardhatEthersSigner;
  employer: HardhatEthersSigner;
  employer2: HardhatEthersSigner;
  insurer: HardhatEthersSigner;
  inspector: HardhatEthersSigner;
  stranger: HardhatEthersSigner;
  newAdmin: HardhatEthersSigner;
}

export interface World extends Actors {
  ledger: FairLedger;
  address: string;
}

export async function deployFairLedger(admin?: HardhatEthersSigner): Promise<FairLedger> {
  const [first] = await ethers.getSigners();
  const factory = await ethers.getContractFactory("FairLedger");
  const ledger = await factory.deploy(ADMIN_DELAY, (admin ?? first!).address);
  await ledger.waitForDeployment();
  return ledger;
}

async function actors(): Promise<Actors> {
  const s = await ethers.getSigners();
  const [admin, authorityPH, authoritySA, authorityIN, agency, agency2, agencyIN, employer, employer2] = s;
  const [insurer, inspector, stranger, newAdmin] = s.slice(9);
  return {
    admin: admin!,
    authorityPH: authorityPH!,
    authoritySA: authoritySA!,
    authorityIN: authorityIN!,
    agency: agency!,
    agency2: agency2!,
    agencyIN: agencyIN!,
    employer: employer!,
    employer2: employer2!,
    insurer: insurer!,
    inspector: inspector!,
    stranger: stranger!,
    newAdmin: newAdmin!,
  };
}

/** Fresh deployment, nobody registered yet. */
export async function deployedFixture(): Promise<World> {
  const a = await actors();
  const ledger = await deployFairLedger(a.admin);
  return { ...a, ledger, address: await ledger.getAddress() };
}

/** Authorities of PH, SA and IN registered; employer registered in SA; insurer granted by PH; inspector granted. */
export async function authoritiesFixture(): Promise<World> {
  const w = await deployedFixture();
  const { ledger } = w;
  await ledger.connect(w.admin).registerAuthority(w.authorityPH.address, PH);
  await ledger.connect(w.admin).registerAuthority(w.authoritySA.address, SA);
  await ledger.connect(w.admin).registerAuthority(w.authorityIN.address, IN);
  await ledger.connect(w.authoritySA).registerEmployer(w.employer.address);
  await ledger.connect(w.authoritySA).registerEmployer(w.employer2.address);
  await ledger.connect(w.authorityPH).grantInsurer(w.insurer.address);
  await ledger.connect(w.admin).grantRole(await ledger.INSPECTOR_ROLE(), w.inspector.address);
  return w;
}

export interface LicensedWorld extends World {
  licenceFrom: number;
  licenceUntil: number;
}

/** Plus: corridors PH→SA (Employer Pays, USD) and IN→SA (cap, INR) active; agencies licensed for a year. */
export async function licensedFixture(): Promise<LicensedWorld> {
  const w = await authoritiesFixture();
  const { ledger } = w;
  await ledger.connect(w.authorityPH).proposeCorridorPolicy(PH, SA, 0, USD);
  await ledger.connect(w.authoritySA).approveCorridorPolicy(PHSA, 0, USD);
  await ledger.connect(w.authorityIN).proposeCorridorPolicy(IN, SA, INDIA_CAP, INR);
  await ledger.connect(w.authoritySA).approveCorridorPolicy(INSA, INDIA_CAP, INR);
  const now = await time.latest();
  const licenceFrom = now;
  const licenceUntil = now + YEAR;
  await ledger.connect(w.authorityPH).issueLicence(w.agency.address, h("licence agency"), licenceFrom, licenceUntil);
  await ledger.connect(w.authorityPH).issueLicence(w.agency2.address, h("licence agency2"), licenceFrom, licenceUntil);
  await ledger
    .connect(w.authorityIN)
    .issueLicence(w.agencyIN.address, h("licence agencyIN"), licenceFrom, licenceUntil);
  return { ...w, licenceFrom, licenceUntil };
}

/**
 * Revokes `agency`'s licence with effect from the revocation's own block time (no credential voided):
 * the next block's time is fixed so that `effectiveFrom` is exactly "now".
 */
export async function revokeFromNow(ledger: FairLedger, agency: string, reasonCode: number): Promise<number> {
  const now = (await time.latest()) + 1;
  await time.setNextBlockTimestamp(now);
  await (await ledger.revokeLicence(agency, reasonCode, now)).wait();
  return now;
}

export const CASE = h("case: salted commitment 1");
export const CASE_IN = h("case: salted commitment IN");

/** Plus: agency opened CASE on PH→SA and agencyIN opened CASE_IN on IN→SA. */
export async function openCaseFixture(): Promise<LicensedWorld> {
  const w = await licensedFixture();
  await w.ledger.connect(w.agency).openCase(CASE, PHSA);
  await w.ledger.connect(w.agencyIN).openCase(CASE_IN, INSA);
  return w;
}
