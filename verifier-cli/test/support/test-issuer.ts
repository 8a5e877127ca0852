/**
 * A stand-in issuer for the verifier's tests: issues credentials in exactly the README format (SD-JWT VC
 * with @sd-jwt/sd-jwt-vc, VC-JWT/VP-JWT with did-jwt-vc), signs with node:crypto keys whose public half is
 * published in the agency's did:ethr document, anchors digests in Merkle batches from the agency account,
 * and can forge every kind of bad input (any header, any payload, any key, any disclosure list).
 */
import { createHash, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { Contract, NonceManager, ZeroHash, hexlify, type HDNodeWallet } from "ethers";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import { createVerifiableCredentialJwt, createVerifiablePresentationJwt } from "did-jwt-vc";
import { EdDSASigner, ES256Signer } from "did-jwt";
import {
  FAIRLEDGER_CONTEXT,
  JOSE_TYP,
  VCDM2_CONTEXT,
  VCT,
  buildMerkleBatch,
  corridorId,
  createJwsSigner,
  credentialDigest,
  currencyBytes,
  documentCommitment,
  newDocumentSalt,
  ethrDid,
  fairLedgerAbi,
  type AnchorProof,
  type CredentialType,
  type PresentationEnvelope,
  type PublicJwk,
} from "@fairledger/common/node";
import { didJwk } from "@fairledger/common";
import { startDemoLedger, type DemoLedger } from "../../../scripts/lib/demo-ledger.mts";
import { devWallet, publishEd25519Key, DEMO_ROLES } from "../../../scripts/lib/seed.mts";

export { DEMO_ROLES };
import { ChainTrustSource } from "@fairledger/verifier";

export const b64url = (value: unknown) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

export interface KeyPair {
  privateKey: KeyObject;
  publicJwk: PublicJwk;
  privateJwk: Record<string, string>;
}

export function ed25519KeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const jwk = publicKey.export({ format: "jwk" }) as { x: string };
  return {
    privateKey,
    publicJwk: { kty: "OKP", crv: "Ed25519", x: jwk.x },
    privateJwk: privateKey.export({ format: "jwk" }) as Record<string, string>,
  };
}

export function p256KeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" }) as { x: string; y: string };
  return {
    privateKey,
    publicJwk: { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y },
    privateJwk: privateKey.export({ format: "jwk" }) as Record<string, string>,
  };
}

export { didJwk };

/** Signs any header and payload with any key (node:crypto), for valid tokens and forgeries alike. */
export function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyPair): string {
  const signingInput = `${b64url(header)}.${b64url(payload)}`;
  return `${signingInput}.${createJwsSigner(key.privateJwk as never).sign(signingInput)}`;
}

export function decodePart(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** Re-signs a compact JWS after changing its header and/or payload. */
export function resign(
  jwt: string,
  key: KeyPair,
  change: { header?: (h: Record<string, unknown>) => void; payload?: (p: Record<string, unknown>) => void },
): string {
  const [h, p] = jwt.split(".");
  const header = decodePart(h!);
  const payload = decodePart(p!);
  change.header?.(header);
  change.payload?.(payload);
  return signJwt(header, payload, key);
}

export const sdHash = (text: string) => createHash("sha256").update(text, "ascii").digest("base64url");

export interface Holder {
  key: KeyPair;
  did: string;
}

export function newHolder(): Holder {
  const key = p256KeyPair();
  return { key, did: didJwk(key.publicJwk) };
}

export interface IssueOptions {
  type?: CredentialType;
  holder: Holder;
  subject: Record<string, unknown>;
  /** Claims of credentialSubject made selectively disclosable (default: all but the always-visible ones). */
  disclosable?: string[];
  iat?: number;
  exp?: number;
  signer?: KeyPair;
  kid?: string;
  iss?: string;
  header?: Record<string, unknown>;
}

export interface PresentOptions {
  disclose: string[];
  aud: string;
  nonce: string;
  iat?: number;
  holder: Holder;
  kbHeader?: Record<string, unknown>;
  kbPayload?: Record<string, unknown>;
  kbKey?: KeyPair;
}

export interface RecruitmentCase {
  caseCommitment: string;
  corridor: string;
  contractDocument: Buffer;
  /** Secret salt of the contract commitment (goes into the worker's credential as contractSalt). */
  contractSalt: string;
  contractHash: string;
}

const hasher = (data: string | ArrayBuffer) =>
  new Uint8Array(
    createHash("sha256")
      .update(typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data))
      .digest(),
  );

/** One local chain with the demo consortium, an agency whose Ed25519 key is published, and helpers. */
export class TestIssuer {
  readonly did: string;
  readonly kid: string;
  readonly key: KeyPair;
  readonly wallet: HDNodeWallet;
  readonly agency: NonceManager;

  private constructor(
    readonly ledger: DemoLedger,
    key: KeyPair,
    kid: string,
    readonly walletIndex: number,
  ) {
    this.key = key;
    this.kid = kid;
    this.wallet = devWallet(walletIndex, ledger.provider) as unknown as HDNodeWallet;
    this.agency = new NonceManager(this.wallet);
    this.did = ethrDid(ledger.manifest.chainId, this.wallet.address);
  }

  static async start(): Promise<TestIssuer> {
    const ledger = await startDemoLedger();
    try {
      const issuer = await TestIssuer.forAccount(ledger, DEMO_ROLES.agency);
      return issuer;
    } catch (error) {
      await ledger.stop();
      throw error;
    }
  }

  /** An issuer for another dev account on the same ledger (e.g. the unlicensed agency), with its own key. */
  static async forAccount(ledger: DemoLedger, index: number, validitySeconds = 365 * 24 * 3600): Promise<TestIssuer> {
    const key = ed25519KeyPair();
    const wallet = devWallet(index, ledger.provider);
    await publishEd25519Key(
      ledger.manifest as never,
      new NonceManager(wallet as never) as never,
      Buffer.from(key.publicJwk.x, "base64url"),
      validitySeconds,
    );
    const kid = await TestIssuer.kidOf(ledger, ethrDid(ledger.manifest.chainId, wallet.address), key);
    return new TestIssuer(ledger, key, kid, index);
  }

  static async kidOf(ledger: DemoLedger, did: string, key: KeyPair): Promise<string> {
    const trust = new ChainTrustSource({
      rpcUrl: ledger.chain.rpcUrl,
      manifest: ledger.manifest as never,
      cacheTtlMs: 0,
    });
    try {
      const block = await ledger.provider.getBlock("latest");
      const document = await trust.didDocumentAt(did, block!.timestamp);
      const raw = Buffer.from(key.publicJwk.x, "base64url").toString("base64");
      const method = document?.verificationMethod?.find(
        (m) => (m as { publicKeyBase64?: string }).publicKeyBase64 === raw,
      );
      if (!method) throw new Error("published key not found in the DID document");
      return method.id;
    } finally {
      trust.destroy();
    }
  }

  async stop(): Promise<void> {
    await this.ledger.stop();
  }

  get rpcUrl(): string {
    return this.ledger.chain.rpcUrl;
  }

  get manifestPath(): string {
    return this.ledger.manifestPath;
  }

  contractAs(signer: NonceManager | HDNodeWallet): Contract {
    return new Contract(this.ledger.manifest.contracts.FairLedger.address, fairLedgerAbi, signer);
  }

  /** FairLedger as another demo account (e.g. a licensing authority), nonce-managed. */
  contractAsAccount(index: number): Contract {
    return this.contractAs(new NonceManager(devWallet(index, this.ledger.provider) as never));
  }

  async now(): Promise<number> {
    return (await this.ledger.provider.getBlock("latest"))!.timestamp;
  }

  // ---------------------------------------------------------------- chain history

  /** Opens a case and anchors its employment contract, signed by the agency and the employer. */
  async openCase(corridor = "PH-SA", employerIndex: number = DEMO_ROLES.employer): Promise<RecruitmentCase> {
    const caseCommitment = hexlify(randomBytes(32));
    const ledger = this.contractAs(this.agency);
    await (await ledger.openCase(caseCommitment, corridorId(corridor))).wait();
    const contractDocument = Buffer.from(`Employment contract ${caseCommitment}: 24 months, SAR 1500 per month\n`);
    const contractSalt = newDocumentSalt();
    const contractHash = documentCommitment(contractDocument, contractSalt);
    await this.anchorContract(caseCommitment, contractHash, ZeroHash, employerIndex);
    return { caseCommitment, corridor, contractDocument, contractSalt, contractHash };
  }

  async anchorContract(
    caseCommitment: string,
    contractHash: string,
    previous: string,
    employerIndex: number = DEMO_ROLES.employer,
  ): Promise<void> {
    const employer = devWallet(employerIndex);
    const ledger = this.contractAs(this.agency);
    const digest = await ledger.contractDigest(caseCommitment, contractHash, previous, employer.address);
    const agencySignature = this.wallet.signingKey.sign(digest).serialized;
    const employerSignature = employer.signingKey.sign(digest).serialized;
    await (
      await ledger.anchorEmploymentContract(
        caseCommitment,
        contractHash,
        previous,
        employer.address,
        agencySignature,
        employerSignature,
      )
    ).wait();
  }

  /** Amends a case's contract: the old version is no longer the latest. */
  async amendContract(recruitmentCase: RecruitmentCase): Promise<RecruitmentCase> {
    const contractDocument = Buffer.concat([recruitmentCase.contractDocument, Buffer.from("Amendment: 36 months\n")]);
    const contractSalt = newDocumentSalt();
    const contractHash = documentCommitment(contractDocument, contractSalt);
    await this.anchorContract(recruitmentCase.caseCommitment, contractHash, recruitmentCase.contractHash);
    return { ...recruitmentCase, contractDocument, contractSalt, contractHash };
  }

  /** Records receipts (payer 0 employer, 1 worker) and closes the case with the receipts' Merkle root. */
  async recordAndClose(
    recruitmentCase: RecruitmentCase,
    receipts: { payer: 0 | 1; amount: bigint; document: Buffer }[],
    currency: string,
    close = true,
  ): Promise<{ receiptsRoot: string; workerPaidTotal: bigint; receiptHashes: string[]; receiptSalts: string[] }> {
    const ledger = this.contractAs(this.agency);
    const receiptHashes: string[] = [];
    const receiptSalts: string[] = [];
    let workerPaidTotal = 0n;
    let employerPaidTotal = 0n;
    for (const receipt of receipts) {
      const salt = newDocumentSalt();
      const hash = documentCommitment(receipt.document, salt);
      receiptHashes.push(hash);
      receiptSalts.push(salt);
      if (receipt.payer === 1) workerPaidTotal += receipt.amount;
      else employerPaidTotal += receipt.amount;
      await (
        await ledger.recordFeeReceipt(
          recruitmentCase.caseCommitment,
          hash,
          receipt.payer,
          receipt.amount,
          currencyBytes(currency),
          1,
        )
      ).wait();
    }
    const receiptsRoot = receiptHashes.length ? buildMerkleBatch(receiptHashes).root : ZeroHash;
    if (close) {
      await (
        await ledger.closeCase(
          recruitmentCase.caseCommitment,
          receiptsRoot,
          receipts.length,
          workerPaidTotal,
          employerPaidTotal,
        )
      ).wait();
    }
    return { receiptsRoot, workerPaidTotal, receiptHashes, receiptSalts };
  }

  /** Anchors credential digests as one Merkle batch from the agency; returns each one's anchor proof. */
  async anchorBatch(credentials: string[], from: NonceManager = this.agency): Promise<AnchorProof[]> {
    const digests = credentials.map((credential) => credentialDigest(credential));
    const batch = buildMerkleBatch(digests);
    const receipt = await (await this.contractAs(from).anchorBatch(batch.root, batch.size)).wait();
    return batch.proofs.map((proof) => ({
      chainId: this.ledger.manifest.chainId,
      ledger: this.ledger.manifest.contracts.FairLedger.address,
      root: batch.root,
      proof,
      transactionHash: receipt.hash,
      blockNumber: receipt.blockNumber,
    }));
  }

  async setBatchStatus(anchor: AnchorProof, credential: string, status: 1 | 2 | 3): Promise<void> {
    const ledger = this.contractAs(this.agency);
    await (
      await ledger.setBatchRecordStatus(anchor.root, credentialDigest(credential), anchor.proof, status, 7)
    ).wait();
  }

  // ---------------------------------------------------------------- credentials

  employmentSubject(recruitmentCase: RecruitmentCase, holder: Holder): Record<string, unknown> {
    return {
      id: holder.did,
      caseCommitment: recruitmentCase.caseCommitment,
      corridor: recruitmentCase.corridor,
      contractHash: recruitmentCase.contractHash,
      contractSalt: recruitmentCase.contractSalt,
      employerName: "Riyadh Build Co.",
      employerId: devWallet(DEMO_ROLES.employer).address,
      jobTitle: "Electrician",
      worksiteCountry: "SA",
      contractStart: "2027-01-01",
      contractMonths: 24,
      workerName: "Maria Santos",
      passportNumber: "P1234567A",
      birthDate: "1994-03-12",
      nationality: "PH",
      monthlyWage: "150000",
    };
  }

  /** An SD-JWT VC in the README format, issued with @sd-jwt/sd-jwt-vc and signed with node:crypto. */
  async issueSdJwt(options: IssueOptions): Promise<string> {
    const type = options.type ?? "EmploymentContractCredential";
    const signerKey = options.signer ?? this.key;
    const iat = options.iat ?? (await this.now());
    const exp = options.exp ?? iat + 365 * 24 * 3600;
    const iss = options.iss ?? this.did;
    const signer = createJwsSigner(signerKey.privateJwk as never);
    const instance = new SDJwtVcInstance({
      hasher,
      hashAlg: "sha-256",
      saltGenerator: () => randomBytes(16).toString("base64url"),
      signer: (data: string) => signer.sign(data),
      signAlg: signer.alg,
    });
    const always = new Set(["id", "caseCommitment", "corridor", "contractHash", "jurisdiction"]);
    const disclosable = options.disclosable ?? Object.keys(options.subject).filter((claim) => !always.has(claim));
    const payload = {
      "@context": [VCDM2_CONTEXT, FAIRLEDGER_CONTEXT],
      type: ["VerifiableCredential", type],
      id: `urn:uuid:${crypto.randomUUID()}`,
      issuer: iss,
      iss,
      iat,
      exp,
      validFrom: new Date(iat * 1000).toISOString().replace(".000Z", "Z"),
      validUntil: new Date(exp * 1000).toISOString().replace(".000Z", "Z"),
      vct: VCT[type],
      credentialSchema: { id: `urn:fairledger:schema:${type}:1`, type: "JsonSchema" },
      credentialSubject: options.subject,
      cnf: { jwk: options.holder.key.publicJwk },
    };
    return instance.issue(payload as never, { credentialSubject: { _sd: disclosable } } as never, {
      header: { typ: JOSE_TYP.sdJwtVc, kid: options.kid ?? this.kid, ...options.header },
    });
  }

  /** Discloses the chosen claims and appends a key-binding JWT (by default the holder's, ES256). */
  async present(credential: string, options: PresentOptions): Promise<string> {
    const instance = new SDJwtVcInstance({ hasher, hashAlg: "sha-256" });
    const frame = { credentialSubject: Object.fromEntries(options.disclose.map((claim) => [claim, true])) };
    const withoutKb = await instance.present(credential, frame as never);
    return `${withoutKb}${this.keyBindingJwt(withoutKb, options)}`;
  }

  keyBindingJwt(presented: string, options: PresentOptions): string {
    const key = options.kbKey ?? options.holder.key;
    const header = { typ: "kb+jwt", alg: key.publicJwk.crv === "P-256" ? "ES256" : "EdDSA", ...options.kbHeader };
    const payload = {
      iat: options.iat ?? Math.floor(Date.now() / 1000),
      aud: options.aud,
      nonce: options.nonce,
      sd_hash: sdHash(presented),
      ...options.kbPayload,
    };
    return signJwt(header, payload, key);
  }

  envelope(presentation: string, anchor?: AnchorProof, format: PresentationEnvelope["format"] = "vc+sd-jwt"): string {
    return JSON.stringify({ type: "FairLedgerPresentation", version: 1, format, presentation, anchor });
  }

  /** A VCDM 1.1 VC-JWT issued with did-jwt-vc (EdDSA, the same published key). */
  async issueVcJwt(options: {
    holder: Holder;
    subject: Record<string, unknown>;
    type?: CredentialType;
    iat?: number;
    exp?: number;
    payload?: Record<string, unknown>;
  }): Promise<string> {
    const type = options.type ?? "EmploymentContractCredential";
    const iat = options.iat ?? (await this.now());
    const { id: _id, ...claims } = options.subject;
    const secret = Buffer.from(this.key.privateJwk.d!, "base64url");
    return createVerifiableCredentialJwt(
      {
        sub: options.holder.did,
        nbf: iat,
        exp: options.exp ?? iat + 365 * 24 * 3600,
        vc: {
          "@context": ["https://www.w3.org/2018/credentials/v1", FAIRLEDGER_CONTEXT],
          type: ["VerifiableCredential", type],
          credentialSubject: claims,
        },
        ...options.payload,
      } as never,
      { did: this.did, signer: EdDSASigner(secret), alg: "EdDSA" },
      { header: { kid: this.kid } as never },
    );
  }

  /** A VP-JWT by the holder (ES256, did:jwk) wrapping a VC-JWT, with did-jwt-vc. */
  async presentVpJwt(
    vcJwt: string,
    options: { holder: Holder; aud: string; nonce: string; iat?: number; signerKey?: KeyPair },
  ): Promise<string> {
    const key = options.signerKey ?? options.holder.key;
    const secret = Buffer.from(key.privateJwk.d!, "base64url");
    return createVerifiablePresentationJwt(
      {
        vp: {
          "@context": ["https://www.w3.org/2018/credentials/v1"],
          type: ["VerifiablePresentation"],
          verifiableCredential: [vcJwt],
        },
        aud: options.aud,
        nonce: options.nonce,
        iat: options.iat ?? Math.floor(Date.now() / 1000),
      } as never,
      { did: options.holder.did, signer: ES256Signer(secret), alg: "ES256" },
      { header: { kid: `${options.holder.did}#0` } as never },
    );
  }
}
