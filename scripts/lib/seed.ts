/**
 * Seeds a demo consortium on a fresh local chain: two authorities who approve the PH→SA corridor's
 * zero-fee policy (ILO Employer Pays), a licensed agency, an employer, an insurer, an inspector — plus an
 * IN→AE corridor with a legal cap, for audits. Accounts come from Hardhat's well-known development
 * mnemonic: DEMO ONLY, never on a real network.
 */
import {
  Contract,
  HDNodeWallet,
  NonceManager,
  encodeBytes32String,
  hexlify,
  type JsonRpcProvider,
  type Signer,
} from "ethers";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DeploymentManifest } from "./deployment";

export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

export const DEMO_ROLES = {
  admin: 0,
  authorityPH: 1,
  authoritySA: 2,
  agency: 3,
  employer: 4,
  insurer: 5,
  inspector: 6,
  unlicensedAgency: 7,
  authorityIN: 8,
  authorityAE: 9,
  agencyIN: 10,
  employerAE: 11,
} as const;
export type DemoRole = keyof typeof DEMO_ROLES;

export function devWallet(index: number, provider?: JsonRpcProvider): HDNodeWallet {
  const wallet = HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, `m/44'/60'/0'/0/${index}`);
  return provider ? wallet.connect(provider) : wallet;
}

function abi(name: "FairLedger" | "EthereumDIDRegistry"): unknown[] {
  return JSON.parse(readFileSync(join(__dirname, "..", "..", "common", "abi", `${name}.json`), "utf8")) as unknown[];
}

export function fairLedgerAt(manifest: DeploymentManifest, signer: Signer): Contract {
  return new Contract(manifest.contracts.FairLedger.address, abi("FairLedger") as never, signer);
}

export function didRegistryAt(manifest: DeploymentManifest, signer: Signer): Contract {
  return new Contract(manifest.contracts.EthereumDIDRegistry.address, abi("EthereumDIDRegistry") as never, signer);
}

const ascii = (text: string) => hexlify(Buffer.from(text, "ascii"));
const DAY = 24 * 3600;

export interface DemoConsortium {
  accounts: Record<DemoRole, { address: string; privateKey: string }>;
  corridors: { "PH-SA": { maxWorkerPaidFee: bigint; currency: string }; "IN-AE": { maxWorkerPaidFee: bigint; currency: string } };
}

async function send(tx: Promise<{ wait(): Promise<unknown> }>): Promise<void> {
  await (await tx).wait();
}

/** Registers authorities, employers, insurer and inspector; approves both corridors; licenses the agencies. */
export async function seedDemoConsortium(provider: JsonRpcProvider, manifest: DeploymentManifest): Promise<DemoConsortium> {
  const wallets = Object.fromEntries(
    Object.entries(DEMO_ROLES).map(([role, index]) => [role, devWallet(index, provider)]),
  ) as Record<DemoRole, HDNodeWallet>;
  const as = (role: DemoRole) => fairLedgerAt(manifest, new NonceManager(wallets[role]));
  const now = Number((await provider.getBlock("latest"))!.timestamp);

  const admin = as("admin");
  for (const [role, code] of [
    ["authorityPH", "PH"],
    ["authoritySA", "SA"],
    ["authorityIN", "IN"],
    ["authorityAE", "AE"],
  ] as const) {
    await send(admin.registerAuthority(wallets[role].address, ascii(code)));
  }
  await send(admin.grantRole(await admin.INSPECTOR_ROLE(), wallets.inspector.address));
  await send(as("authorityPH").grantInsurer(wallets.insurer.address));
  await send(as("authoritySA").registerEmployer(wallets.employer.address));
  await send(as("authorityAE").registerEmployer(wallets.employerAE.address));

  // PH→SA: zero worker-paid fees (ILO Employer Pays). IN→AE: a legal cap of INR 30,000 (in paise).
  await send(as("authorityPH").proposeCorridorPolicy(ascii("PH"), ascii("SA"), 0n, ascii("PHP")));
  await send(as("authoritySA").approveCorridorPolicy(ascii("PHSA"), 0n, ascii("PHP")));
  await send(as("authorityIN").proposeCorridorPolicy(ascii("IN"), ascii("AE"), 3_000_000n, ascii("INR")));
  await send(as("authorityAE").approveCorridorPolicy(ascii("INAE"), 3_000_000n, ascii("INR")));

  const licenceDoc = (name: string) => hexlify(Buffer.alloc(32, name));
  await send(as("authorityPH").issueLicence(wallets.agency.address, licenceDoc("PH-licence"), now - DAY, now + 365 * DAY));
  await send(as("authorityIN").issueLicence(wallets.agencyIN.address, licenceDoc("IN-licence"), now - DAY, now + 365 * DAY));

  return {
    accounts: Object.fromEntries(
      Object.entries(wallets).map(([role, wallet]) => [role, { address: wallet.address, privateKey: wallet.privateKey }]),
    ) as DemoConsortium["accounts"],
    corridors: {
      "PH-SA": { maxWorkerPaidFee: 0n, currency: "PHP" },
      "IN-AE": { maxWorkerPaidFee: 3_000_000n, currency: "INR" },
    },
  };
}

/** The ERC-1056 attribute name under which an Ed25519 signing key is published (→ assertionMethod). */
export const ED25519_KEY_ATTRIBUTE = encodeBytes32String("did/pub/Ed25519/veriKey/base64");

/** Publishes a raw 32-byte Ed25519 public key in `identity`'s did:ethr document for `validitySeconds`. */
export async function publishEd25519Key(
  manifest: DeploymentManifest,
  identity: Signer,
  publicKey: Uint8Array,
  validitySeconds: number,
): Promise<void> {
  const registry = didRegistryAt(manifest, identity);
  const address = await identity.getAddress();
  await send(registry.setAttribute(address, ED25519_KEY_ATTRIBUTE, hexlify(publicKey), validitySeconds));
}
