/**
 * The versioned `kid` each credential is signed under (common/src/versioned-kid.ts): the signing key's id
 * with `?versionId=` set to the block of the issuer's DID document version current at issue time, so a
 * stock ethr-did-resolver finds the key after any number of rotations.
 *
 * Which block: any block from the one that added the key up to (excluded) the one that revoked it makes
 * the stock resolver list the key. We take the document's own version (the block of its latest change)
 * once per key and process: it is the version a holder of the credential would have seen, it contains
 * the key by construction (checked here, not assumed), and it costs one resolution per key instead of
 * one per credential. The answer never changes for a key: later changes make later versions, and a key
 * that a rotation revokes is no longer the one issuance signs with.
 *
 * Issuance does not wait for the chain (it queues credentials for anchoring through an outage), so the
 * service learns each issuer's version at boot and after each rotation (CredentialIssuer.learnKidVersions),
 * while the chain answers. A key whose version is still unknown when the chain cannot be read signs
 * under its plain kid: FairLedger's verifier replays the history and needs no version; a stock resolver
 * finds that key as long as it is not rotated out.
 */
import type { Resolvable } from "did-resolver";
import { withVersionId } from "@fairledger/common";
import { ServiceError } from "../errors.ts";

export class KidVersions {
  readonly #resolver: Resolvable;
  readonly #known = new Map<string, string>();

  constructor(resolver: Resolvable) {
    this.#resolver = resolver;
  }

  /** The kid to sign under: versioned, or plain when the version is unknown and the chain cannot be read. */
  async forSigning(kid: string): Promise<string> {
    try {
      return await this.versioned(kid);
    } catch (error) {
      if (error instanceof ServiceError && error.code === "ERR_CHAIN_UNREACHABLE") return kid;
      throw error;
    }
  }

  /** `kid` (`did#delegate-N`, a key of the issuer's current document) with the document's versionId. */
  async versioned(kid: string): Promise<string> {
    const known = this.#known.get(kid);
    if (known) return known;
    const did = kid.slice(0, kid.indexOf("#"));
    // ethr-did-resolver throws (rather than answering an error) when the chain cannot be read.
    const resolution = await this.#resolver.resolve(did).catch((error: unknown) => {
      throw new ServiceError("ERR_CHAIN_UNREACHABLE", `could not resolve ${did}: ${(error as Error).message}`);
    });
    const { error, message } = resolution.didResolutionMetadata as { error?: string; message?: string };
    if (error || !resolution.didDocument)
      throw new ServiceError("ERR_CHAIN_UNREACHABLE", `could not resolve ${did}: ${message ?? error}`);
    const versionId = resolution.didDocumentMetadata.versionId;
    const listed = (resolution.didDocument.verificationMethod ?? []).some((method) => method.id === kid);
    if (!listed || !versionId)
      throw new ServiceError("ERR_CONFLICT", `signing key ${kid} is not in the current DID document of ${did}`);
    const versionedKid = withVersionId(kid, versionId);
    if (this.#known.size >= 10_000) this.#known.clear();
    this.#known.set(kid, versionedKid);
    return versionedKid;
  }
}
