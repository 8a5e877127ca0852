/**
 * The did:ethr document a change log describes at a block height and a time: the ERC-1056 rules of the
 * did:ethr method specification, as ethr-did-resolver 11 applies them when it resolves `?versionId=`
 * (same key ids, `#delegate-N` counted over every key event, expired or revoked ones included; same
 * ordering). ethr-did-resolver exports no function that builds a document from a change log at a chosen
 * time, only resolution at a block judged by that block's time; the verifier needs "which keys could sign
 * at the credential's iat", so it builds the document here. test/ethr-document.test.ts holds this builder
 * to ethr-did-resolver's own resolution on a real registry.
 */
import { encodeBase58, encodeBase64, toUtf8String } from "ethers";
import type { DIDDocument, Service, VerificationMethod } from "did-resolver";

/** One decoded ERC-1056 event, as the change log holds it (bytes32 names already decoded to text). */
export interface Erc1056Event {
  _eventName: string;
  blockNumber: number;
  [key: string]: unknown;
}

export interface EthrChangeLog {
  /** The DID's address (lowercase or checksummed, as in the DID). */
  address: string;
  /** Every change, oldest first. */
  history: Erc1056Event[];
  /** The public key when the DID is a did:ethr of a public key, not of an address. */
  controllerKey?: string;
  chainId: bigint;
}

const NULL_ADDRESS = "0x0000000000000000000000000000000000000000";
const RECOVERY_METHOD = "EcdsaSecp256k1RecoveryMethod2020";

/** The key purposes of `did/pub/<algorithm>/<purpose>/<encoding>` attributes, as the method names them. */
const PURPOSE_TYPES: Record<string, string> = {
  sigAuth: "SignatureAuthentication2018",
  veriKey: "VerificationKey2018",
  enc: "KeyAgreementKey2019",
};

/** Verification method types the method spec maps older type names to. */
const METHOD_TYPES: Record<string, string> = {
  Secp256k1VerificationKey2018: "EcdsaSecp256k1VerificationKey2019",
  Ed25519SignatureAuthentication2018: "Ed25519VerificationKey2018",
  Secp256k1SignatureAuthentication2018: "EcdsaSecp256k1VerificationKey2019",
  RSAVerificationKey2018: "RSAVerificationKey2018",
  Ed25519VerificationKey2018: "Ed25519VerificationKey2018",
  X25519KeyAgreementKey2019: "X25519KeyAgreementKey2019",
};

const strip0x = (hex: string): string => (hex.startsWith("0x") ? hex.slice(2) : hex);

/** The public key material of a `did/pub/...` attribute in the encoding its name asks for. */
function keyMaterial(encoding: string | undefined, value: string): Record<string, string> {
  switch (encoding) {
    case undefined:
    case "hex":
      return { publicKeyHex: strip0x(value) };
    case "base64":
      return { publicKeyBase64: encodeBase64(value) };
    case "base58":
      return { publicKeyBase58: encodeBase58(value) };
    case "pem":
      return { publicKeyPem: toUtf8String(value) };
    default:
      return { value: strip0x(value) };
  }
}

/**
 * The document at `height` (events in later blocks are ignored) with `now` (unix seconds) deciding which
 * delegates and attributes are still valid. A DID whose owner became the zero address is deactivated:
 * its document lists no keys.
 */
export function buildEthrDocument(did: string, log: EthrChangeLog, height: number, now: bigint): DIDDocument {
  let controller = log.address;
  let delegateCount = 0;
  let serviceCount = 0;
  // Keyed by event identity (type, name, value), so a later revocation or expiry removes exactly its key.
  const methods = new Map<string, VerificationMethod>();
  const authentication = new Map<string, string>();
  const assertion = new Map<string, string>();
  const keyAgreement = new Map<string, string>();
  const services = new Map<string, Service>();

  for (const event of log.history) {
    if (event.blockNumber > height) continue;
    const delegateType = event.delegateType as string | undefined;
    const name = event.name as string | undefined;
    const eventKey = `${event._eventName}-${delegateType || name}-${(event.delegate as string | undefined) || (event.value as string | undefined)}`;
    const validTo = (event.validTo as bigint | undefined) || 0n;
    if (validTo && validTo >= now) {
      if (event._eventName === "DIDDelegateChanged") {
        delegateCount++;
        if (delegateType !== "sigAuth" && delegateType !== "veriKey") continue;
        const id = `${did}#delegate-${delegateCount}`;
        if (delegateType === "sigAuth") authentication.set(eventKey, id);
        methods.set(eventKey, {
          id,
          type: RECOVERY_METHOD,
          controller: did,
          blockchainAccountId: `eip155:${log.chainId}:${event.delegate as string}`,
        });
        assertion.set(eventKey, id);
      } else if (event._eventName === "DIDAttributeChanged") {
        const match = /^did\/(pub|svc)\/(\w+)(\/(\w+))?(\/(\w+))?$/.exec(name ?? "");
        if (!match) continue;
        const [, section, algorithm, , purpose, , encoding] = match as unknown as [
          string,
          string,
          string,
          string,
          string | undefined,
          string,
          string | undefined,
        ];
        const value = event.value as string;
        if (section === "pub") {
          delegateCount++;
          const id = `${did}#delegate-${delegateCount}`;
          const typeName = `${algorithm}${(purpose && PURPOSE_TYPES[purpose]) || purpose}`;
          methods.set(eventKey, {
            id,
            type: METHOD_TYPES[typeName] || algorithm,
            controller: did,
            ...keyMaterial(encoding, value),
          } as VerificationMethod);
          if (purpose === "sigAuth") {
            authentication.set(eventKey, id);
            assertion.set(eventKey, id);
          } else if (purpose === "enc") keyAgreement.set(eventKey, id);
          else assertion.set(eventKey, id);
        } else {
          serviceCount++;
          const text = toUtf8String(value);
          let endpoint: unknown;
          try {
            endpoint = JSON.parse(text);
          } catch {
            endpoint = text;
          }
          services.set(eventKey, {
            id: `${did}#service-${serviceCount}`,
            type: algorithm,
            serviceEndpoint: endpoint as Service["serviceEndpoint"],
          });
        }
      }
    } else if (event._eventName === "DIDOwnerChanged") {
      controller = event.owner as string;
      if (controller === NULL_ADDRESS)
        return { id: did, verificationMethod: [], authentication: [], assertionMethod: [] };
    } else {
      // A revoked or expired key still takes its number, so the ids of later keys never shift.
      if (
        event._eventName === "DIDDelegateChanged" ||
        (event._eventName === "DIDAttributeChanged" && /^did\/pub\//.test(name ?? ""))
      )
        delegateCount++;
      else if (event._eventName === "DIDAttributeChanged" && /^did\/svc\//.test(name ?? "")) serviceCount++;
      for (const table of [authentication, assertion, methods, services]) table.delete(eventKey);
    }
  }

  const verificationMethod: VerificationMethod[] = [
    {
      id: `${did}#controller`,
      type: RECOVERY_METHOD,
      controller: did,
      blockchainAccountId: `eip155:${log.chainId}:${controller}`,
    },
  ];
  const authenticationIds = [`${did}#controller`];
  const assertionIds = [`${did}#controller`];
  if (log.controllerKey && controller === log.address) {
    verificationMethod.push({
      id: `${did}#controllerKey`,
      type: "EcdsaSecp256k1VerificationKey2019",
      controller: did,
      publicKeyHex: strip0x(log.controllerKey),
    });
    authenticationIds.push(`${did}#controllerKey`);
    assertionIds.push(`${did}#controllerKey`);
  }
  const document: DIDDocument = {
    id: did,
    verificationMethod: [...verificationMethod, ...methods.values()],
    authentication: [...authenticationIds, ...authentication.values()],
    assertionMethod: [...assertionIds, ...assertion.values()],
  };
  if (services.size > 0) document.service = [...services.values()];
  if (keyAgreement.size > 0) document.keyAgreement = [...keyAgreement.values()];
  return document;
}
