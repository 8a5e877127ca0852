/**
 * Agencies and authorities as did:ethr identities managed by Veramo: importing an account's key,
 * publishing an Ed25519 signing key in its DID document (registry attribute
 * did/pub/Ed25519/veriKey/base64), rotating that key. API keys are separate (keys/api-keys.ts): random, several per principal, revocable.
 */
import { randomUUID } from "node:crypto";
import { SigningKey, computeAddress } from "ethers";
import { ChainNonceManager } from "../chain/nonce-manager.ts";
import { ethrDid, jurisdictionBytes } from "@fairledger/common";
import type { IIdentifier } from "@veramo/core";
import { ServiceError, expectPresent } from "../errors.ts";
import type { Db } from "../store/database.ts";
import { atomically } from "../store/repository.ts";
import { repositoriesOf } from "../store/repositories.ts";
import type { Principal, PrincipalKind, PrincipalsRepository } from "../store/principals-repository.ts";
import type { AuditLog } from "../store/audit-log.ts";
import type { Ledger } from "../chain/ledger.ts";
import { KMS_NAME, type KeyServices } from "./agent.ts";
import type { ApiKeys } from "./api-keys.ts";

/** How long a published signing key stays valid in the DID document (the registry needs a validity). */
const SIGNING_KEY_VALIDITY_SECONDS = 10 * 365 * 24 * 3600;

export { PRINCIPAL_KINDS, type Principal, type PrincipalKind } from "../store/principals-repository.ts";

/** Every principal, oldest first, from the database alone (the admin command has no key store open). */
export function storedPrincipals(db: Db): Principal[] {
  return repositoriesOf(db).principals.all();
}

export class Identities {
  readonly #db: Db;
  readonly #principals: PrincipalsRepository;
  readonly #audit: AuditLog;
  readonly #keys: KeyServices;
  readonly #ledger: Ledger;
  readonly #apiKeys: ApiKeys;
  readonly #attached = new Set<string>();
  readonly #now: () => number;

  constructor(db: Db, keys: KeyServices, ledger: Ledger, apiKeys: ApiKeys, now: () => number = Date.now) {
    this.#now = now;
    this.#db = db;
    this.#principals = repositoriesOf(db).principals;
    this.#audit = repositoriesOf(db).audit;
    this.#keys = keys;
    this.#ledger = ledger;
    this.#apiKeys = apiKeys;
  }

  /** The principal of a key valid now, recording nothing (the rate limiter's question). */
  byApiKey(apiKey: string): Principal | undefined {
    const found = this.#apiKeys.peek(apiKey);
    return found && this.byId(found.principalId);
  }

  /** Principals an authority onboarded through the API. */
  onboardedBy(authorityId: string): Principal[] {
    return this.#principals.onboardedBy(authorityId);
  }

  byDid(did: string): Principal | undefined {
    return this.#principals.byDid(did);
  }

  byId(id: string): Principal | undefined {
    return this.#principals.byId(id);
  }

  all(): Principal[] {
    return this.#principals.all();
  }

  /** Registers every known principal's account with the ledger sender (at boot). */
  async attachAccounts(): Promise<void> {
    for (const principal of this.all()) await this.#attachAccount(principal.address, principal.did);
  }

  /**
   * Registers the principal's account with the ledger sender if this process has not yet: a principal
   * created by `fairledger-admin` while the service runs is known from the shared database only.
   */
  async ensureAttached(principal: Principal): Promise<void> {
    if (!this.#attached.has(principal.address.toLowerCase()))
      await this.#attachAccount(principal.address, principal.did);
  }

  async #attachAccount(address: string, did: string): Promise<void> {
    const identifier = await this.#keys.agent.didManagerGet({ did });
    const controllerKeyId = expectPresent(identifier.controllerKeyId, `the controller key of ${did}`);
    const signer = await this.#keys.kms.accountSigner(controllerKeyId, this.#ledger.provider);
    this.#ledger.registerAccount(address, new ChainNonceManager(signer));
    this.#attached.add(address.toLowerCase());
  }

  /**
   * Imports an account as a did:ethr identity and publishes a signing key if it has none. Idempotent:
   * a second call for the same account changes nothing and answers `created: false`. No API key: the
   * caller makes one (keys/api-keys.ts), in `inCommit` when given, in the commit that stores the principal.
   */
  async provision(options: {
    kind: PrincipalKind;
    name: string;
    privateKeyHex: string;
    jurisdiction?: string;
    onboardedBy?: string;
    inCommit?: (principal: Principal) => void;
  }): Promise<{ principal: Principal; created: boolean }> {
    const privateKeyHex = options.privateKeyHex.replace(/^0x/, "").toLowerCase();
    const address = computeAddress(`0x${privateKeyHex}`);
    const did = ethrDid(this.#ledger.manifest.chainId, address);
    if (options.jurisdiction) jurisdictionBytes(options.jurisdiction);

    let identifier = await this.#findIdentifier(did);
    if (!identifier) {
      const publicKeyHex = new SigningKey(`0x${privateKeyHex}`).publicKey.slice(2);
      identifier = await this.#keys.agent.didManagerImport({
        did,
        provider: this.#keys.didProvider,
        controllerKeyId: publicKeyHex,
        keys: [{ kid: publicKeyHex, type: "Secp256k1", kms: KMS_NAME, privateKeyHex, publicKeyHex }],
        services: [],
      });
    }
    await this.#attachAccount(address, did);
    const existing = this.byDid(did);
    if (existing) return { principal: await this.#ensureSigningKeyPublished(existing, identifier), created: false };

    const signing = await this.#publishSigningKey(identifier);
    const id = randomUUID();
    atomically(this.#db, () => {
      this.#principals.insert({
        id,
        kind: options.kind,
        did,
        address,
        name: options.name,
        jurisdiction: options.jurisdiction ?? null,
        signingKid: signing.jwsKid,
        signingKey: signing.kid,
        onboardedBy: options.onboardedBy ?? null,
        createdAt: this.#now(),
      });
      this.#audit.record(
        options.onboardedBy ? (this.byId(options.onboardedBy)?.did ?? "system") : "system",
        "principal.provisioned",
        did,
        {
          kind: options.kind,
          jurisdiction: options.jurisdiction ?? null,
          signingKid: signing.jwsKid,
        },
      );
      options.inCommit?.(expectPresent(this.byDid(did), `principal ${did} just stored`));
    });
    return { principal: expectPresent(this.byDid(did), `principal ${did} just stored`), created: true };
  }

  /**
   * Key rotation through the DID registry: publishes a new Ed25519 key, switches issuance to it, and
   * (unless `keepPrevious`) revokes the previous one in the registry.
   */
  async rotateSigningKey(principal: Principal, keepPrevious = false): Promise<Principal> {
    const identifier = await this.#keys.agent.didManagerGet({ did: principal.did });
    const signing = await this.#publishSigningKey(identifier);
    if (!keepPrevious) {
      await this.#ledger.exclusive(principal.address, () =>
        this.#keys.agent.didManagerRemoveKey({
          did: principal.did,
          kid: principal.signingKey,
          options: { encoding: "base64", gasLimit: 200_000 },
        }),
      );
    }
    atomically(this.#db, () => {
      this.#principals.setSigningKey(principal.id, signing.jwsKid, signing.kid);
      this.#audit.record(principal.did, "principal.key-rotated", principal.did, {
        from: principal.signingKid,
        to: signing.jwsKid,
        previousRevoked: !keepPrevious,
      });
    });
    return expectPresent(this.byId(principal.id), `principal ${principal.id}`);
  }

  /**
   * The stored signing key must still be an assertion key in the DID document (it is not when the data
   * directory outlived a local chain, or the key's registry validity ran out): otherwise publish a new one.
   */
  async #ensureSigningKeyPublished(principal: Principal, identifier: IIdentifier): Promise<Principal> {
    const key = await this.#keys.agent.keyManagerGet({ kid: principal.signingKey });
    const publicKeyBase64 = Buffer.from(key.publicKeyHex, "hex").toString("base64");
    const resolution = await this.#resolve(principal.did);
    const published = resolution.didDocument?.verificationMethod?.some(
      (vm) =>
        vm.id === principal.signingKid && (vm as { publicKeyBase64?: string }).publicKeyBase64 === publicKeyBase64,
    );
    if (published) return principal;
    const signing = await this.#publishSigningKey(identifier);
    atomically(this.#db, () => {
      this.#principals.setSigningKey(principal.id, signing.jwsKid, signing.kid);
      this.#audit.record("system", "principal.key-republished", principal.did, {
        from: principal.signingKid,
        to: signing.jwsKid,
      });
    });
    return expectPresent(this.byId(principal.id), `principal ${principal.id}`);
  }

  /**
   * The DID document, or ERR_CHAIN_UNREACHABLE. ethr-did-resolver answers a failed look-up (a timeout, a
   * refused connection) with an error instead of a document: taken as "no key published", it made the
   * service publish a new signing key because the chain was slow.
   */
  async #resolve(did: string) {
    const resolution = await this.#keys.agent.resolveDid({ didUrl: did });
    const { error, message } = resolution.didResolutionMetadata as { error?: string; message?: string };
    if (error || !resolution.didDocument)
      throw new ServiceError("ERR_CHAIN_UNREACHABLE", `could not resolve ${did}: ${message ?? error}`);
    return resolution;
  }

  async #findIdentifier(did: string): Promise<IIdentifier | undefined> {
    try {
      return await this.#keys.agent.didManagerGet({ did });
    } catch {
      return undefined;
    }
  }

  async #publishSigningKey(identifier: IIdentifier): Promise<{ kid: string; jwsKid: string }> {
    const address = identifier.did.slice(identifier.did.lastIndexOf(":") + 1);
    const key = await this.#keys.agent.keyManagerCreate({ kms: KMS_NAME, type: "Ed25519" });
    await this.#ledger.exclusive(address, () =>
      this.#keys.agent.didManagerAddKey({
        did: identifier.did,
        key,
        options: { encoding: "base64", ttl: SIGNING_KEY_VALIDITY_SECONDS, gasLimit: 200_000 },
      }),
    );
    const publicKeyBase64 = Buffer.from(key.publicKeyHex, "hex").toString("base64");
    const resolution = await this.#resolve(identifier.did);
    const method = resolution.didDocument?.verificationMethod?.find(
      (vm) => (vm as { publicKeyBase64?: string }).publicKeyBase64 === publicKeyBase64,
    );
    if (!method)
      throw new ServiceError(
        "ERR_INTERNAL",
        `published signing key of ${identifier.did} not found in its DID document`,
      );
    return { kid: key.kid, jwsKid: method.id };
  }
}
