/**
 * An ethers signer whose key stays in the KMS: transactions, messages and EIP-712 data are signed by
 * the KMS's Secp256k1 signing (kms-local's eth_* algorithms), so no private key is held outside it.
 * Gas limits are the node's estimate plus the service's margin (chain/gas-margin-wallet.ts explains why).
 */
import {
  AbstractSigner,
  Transaction,
  copyRequest,
  getAddress,
  getBytes,
  resolveAddress,
  toUtf8Bytes,
  type Provider,
  type TransactionLike,
  type TransactionRequest,
  type TypedDataDomain,
  type TypedDataField,
} from "ethers";
import { withGasMargin } from "../chain/gas-margin-wallet.ts";

/** The KMS's signing entry point (Veramo's AbstractKeyManagementSystem.sign). */
export interface KeySigning {
  sign(args: { keyRef: { kid: string }; algorithm?: string; data: Uint8Array }): Promise<string>;
}

export class KmsAccountSigner extends AbstractSigner {
  readonly address: string;
  readonly #kms: KeySigning;
  readonly #kid: string;

  constructor(kms: KeySigning, kid: string, address: string, provider: Provider | null = null) {
    super(provider);
    this.#kms = kms;
    this.#kid = kid;
    this.address = getAddress(address);
  }

  override getAddress(): Promise<string> {
    return Promise.resolve(this.address);
  }

  override connect(provider: Provider | null): KmsAccountSigner {
    return new KmsAccountSigner(this.#kms, this.#kid, this.address, provider);
  }

  override async estimateGas(tx: TransactionRequest): Promise<bigint> {
    return withGasMargin(await super.estimateGas(tx));
  }

  /** As ethers' Wallet does: names resolved, `from` checked and dropped, then the unsigned transaction signed. */
  override async signTransaction(request: TransactionRequest): Promise<string> {
    const tx = copyRequest(request);
    const [to, from] = await Promise.all([
      tx.to ? resolveAddress(tx.to, this.provider) : undefined,
      tx.from ? resolveAddress(tx.from, this.provider) : undefined,
    ]);
    if (to != null) tx.to = to;
    if (from != null && getAddress(from) !== this.address)
      throw new Error(`transaction from ${from} cannot be signed by ${this.address}`);
    delete tx.from;
    const unsigned = Transaction.from(tx as TransactionLike<string>);
    return this.#kms.sign({
      keyRef: { kid: this.#kid },
      algorithm: "eth_signTransaction",
      data: getBytes(unsigned.unsignedSerialized),
    });
  }

  override signMessage(message: string | Uint8Array): Promise<string> {
    const data = typeof message === "string" ? toUtf8Bytes(message) : message;
    return this.#kms.sign({ keyRef: { kid: this.#kid }, algorithm: "eth_signMessage", data });
  }

  override signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string> {
    const json = JSON.stringify({ domain, types, message: value }, (_key, item: unknown) =>
      typeof item === "bigint" ? item.toString() : item,
    );
    return this.#kms.sign({ keyRef: { kid: this.#kid }, algorithm: "eth_signTypedData", data: toUtf8Bytes(json) });
  }
}
