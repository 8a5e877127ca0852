/**
 * Seeds a demo consortium on a fresh chain: two authorities who approve the PH→SA corridor's
 * zero-fee policy (ILO Employer Pays), a licensed agency, an employer, an insurer, an inspector — plus an
 * IN→AE corridor with a legal cap, for audits. On the local Hardhat node the accounts come from Hardhat's
 * well-known development mnemonic (DEMO ONLY, never on a real network); on any other chain
 * (`npm run test:external`) they are fresh random keys, funded by the deployer when the chain charges gas.
 */
import {
  Contract,
  HDNodeWallet,
  Wallet,
  NonceManager,
  encodeBytes32String,
  hexlify,
  type JsonRpcProvider,
  type Signer,
} from "ethers";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DeploymentManifest } from "./deployment.ts";

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
  return JSON.parse(
    readFileSync(join(import.meta.dirname, "..", "..", "common", "abi", `${name}.json`), "utf8"),
  ) as unknown[];
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
  corridors: {
    "PH-SA": { maxWorkerPaidFee: bigint; currency: string };
    "IN-AE": { maxWorkerPaidFee: bigint; currency: string };
  };
}

async function send(tx: Promise<{ wait(): Promise<unknown> }>): Promise<void> {
  await (await tx).wait();
}

/**
 * Sends the transactions one after another (each handed to the node before the next is signed: Hardhat's
 * automine refuses a nonce that arrives ahead of its predecessor), then waits for all their receipts.
 */
async function all(
  txs: (() => Promise<{ wait(confirmations?: number): Promise<unknown> }>)[],
  confirmations = 1,
): Promise<void> {
  const sent = [];
  for (const tx of txs) sent.push(await tx());
  await Promise.all(sent.map((tx) => tx.wait(confirmations)));
}

/** A signing key for every demo role. */
export type ConsortiumWallets = Record<DemoRole, Wallet | HDNodeWallet>;

/** The roles' keys from Hardhat's development mnemonic (index per DEMO_ROLES): the local node only. */
export function devConsortiumWallets(provider: JsonRpcProvider): ConsortiumWallets {
  return Object.fromEntries(
    Object.entries(DEMO_ROLES).map(([role, index]) => [role, devWallet(index, provider)]),
  ) as ConsortiumWallets;
}

/**
 * Fresh random keys for every role but the consortium admin, which is the deployer (it holds
 * DEFAULT_ADMIN_ROLE from the deployment). For chains where nobody may assume prefunded dev accounts.
 */
export function freshConsortiumWallets(deployer: Wallet | HDNodeWallet, provider: JsonRpcProvider): ConsortiumWallets {
  return Object.fromEntries(
    Object.keys(DEMO_ROLES).map((role) => [
      role,
      role === "admin" ? deployer.connect(provider) : Wallet.createRandom(provider),
    ]),
  ) as ConsortiumWallets;
}

/**
 * Sends each account `amountWei` from `funder` unless it already holds that much. A funder with no
 * balance at all is on a gas-free chain (Besu with zero base fee and min gas price 0): nothing to send.
 * Returns how many accounts were funded.
 */
export async function fundAccounts(
  funder: Wallet | HDNodeWallet,
  addresses: string[],
  amountWei: bigint,
  confirmations = 1,
): Promise<number> {
  const provider = funder.provider;
  if (!provider) throw new Error("the funding wallet has no provider");
  if ((await provider.getBalance(funder.address)) === 0n) return 0;
  const sender = new NonceManager(funder);
  const sent = [];
  for (const address of addresses) {
    if ((await provider.getBalance(address)) >= amountWei) continue;
    sent.push(await sender.sendTransaction({ to: address, value: amountWei }));
  }
  await Promise.all(sent.map((tx) => tx.wait(confirmations)));
  return sent.length;
}

/** Registers authorities, employers, insurer and inspector; approves both corridors; licenses the agencies. */
export async function seedDemoConsortium(
  provider: JsonRpcProvider,
  manifest: DeploymentManifest,
  wallets: ConsortiumWallets = devConsortiumWallets(provider),
  options: {
    licenceAgencies?: boolean;
    /** Blocks each transaction waits for (default 1). */ confirmations?: number;
  } = {},
): Promise<DemoConsortium> {
  // One nonce manager per account, so an account's transactions in one phase go out back to back.
  const contracts = new Map<DemoRole, Contract>();
  const as = (role: DemoRole) => {
    let contract = contracts.get(role);
    if (!contract) {
      contract = fairLedgerAt(manifest, new NonceManager(wallets[role]));
      contracts.set(role, contract);
    }
    return contract;
  };
  const latest = await provider.getBlock("latest");
  if (!latest) throw new Error("the chain returned no latest block");
  const now = Number(latest.timestamp);
  // Three phases, each waiting for the transactions before it that it depends on (not one block per
  // transaction: on a chain with 2-second blocks that took ~30 s). Within a phase nothing depends on another.
  const admin = as("admin");
  const inspectorRole = await admin.INSPECTOR_ROLE();
  await all(
    [
      ...(
        [
          ["authorityPH", "PH"],
          ["authoritySA", "SA"],
          ["authorityIN", "IN"],
          ["authorityAE", "AE"],
        ] as const
      ).map(
        ([role, code]) =>
          () =>
            admin.registerAuthority(wallets[role].address, ascii(code)),
      ),
      () => admin.grantRole(inspectorRole, wallets.inspector.address),
    ],
    options.confirmations,
  );

  // PH→SA: zero worker-paid fees (ILO Employer Pays). IN→AE: a legal cap of INR 30,000 (in paise).
  const licenceDoc = (name: string) => hexlify(Buffer.alloc(32, name));
  await all(
    [
      () => as("authorityPH").grantInsurer(wallets.insurer.address),
      () => as("authoritySA").registerEmployer(wallets.employer.address),
      () => as("authorityAE").registerEmployer(wallets.employerAE.address),
      () => as("authorityPH").proposeCorridorPolicy(ascii("PH"), ascii("SA"), 0n, ascii("PHP")),
      () => as("authorityIN").proposeCorridorPolicy(ascii("IN"), ascii("AE"), 3_000_000n, ascii("INR")),
      // Without these, the agencies' licences come through the issuer service's API (`npm run test:external`).
      ...(options.licenceAgencies === false
        ? []
        : [
            () =>
              as("authorityPH").issueLicence(
                wallets.agency.address,
                licenceDoc("PH-licence"),
                now - DAY,
                now + 365 * DAY,
              ),
            () =>
              as("authorityIN").issueLicence(
                wallets.agencyIN.address,
                licenceDoc("IN-licence"),
                now - DAY,
                now + 365 * DAY,
              ),
          ]),
    ],
    options.confirmations,
  );
  await all(
    [
      () => as("authoritySA").approveCorridorPolicy(ascii("PHSA"), 0n, ascii("PHP")),
      () => as("authorityAE").approveCorridorPolicy(ascii("INAE"), 3_000_000n, ascii("INR")),
    ],
    options.confirmations,
  );

  return {
    accounts: Object.fromEntries(
      Object.entries(wallets).map(([role, wallet]) => [
        role,
        { address: wallet.address, privateKey: wallet.privateKey },
      ]),
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
