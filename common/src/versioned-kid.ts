/**
 * The JWS `kid` of a FairLedger credential: a DID URL naming the issuer's signing key in the version of
 * its did:ethr document that was current at issue time, `did:ethr:<network>:<address>?versionId=<block>#delegate-N`.
 *
 * Why the version: an issuer rotates its key (and the registry revokes the old one), after which a
 * plain resolution no longer lists the key older credentials were signed with. ethr-did-resolver 11
 * honours `?versionId=<block number>` (events up to that block, key expiry judged at that block's time)
 * and ignores `versionTime`, so the block number is the one version parameter every stock did:ethr
 * resolver understands. Key ids (`#delegate-N`) are the same in every version of the document.
 *
 * A verifier that replays the DID history itself (FairLedger's does, at the credential's `iat`) reads
 * the key id without the version; the version is a pointer for resolvers that cannot replay.
 */

/** `did?versionId=<block>#fragment` for a key id `did#fragment` (an existing query is replaced). */
export function withVersionId(kid: string, versionId: number | bigint | string): string {
  const hash = kid.indexOf("#");
  if (hash < 0) throw new TypeError(`kid ${kid} names no key (no #fragment)`);
  if (!/^\d+$/.test(String(versionId))) throw new TypeError(`versionId ${String(versionId)} is not a block number`);
  const did = kid.slice(0, hash).split("?")[0];
  return `${did}?versionId=${String(versionId)}${kid.slice(hash)}`;
}

export interface IssuerKidParts {
  /** The key id as the DID document lists it: `did#fragment`, without the version. */
  keyId: string;
  /** The block number of `?versionId=`, when the kid carries one. */
  versionId?: number;
}

/**
 * The key id and version of a `kid` that names a key of `issuerDid`, or null when it names another DID's
 * key, has no fragment, or carries a query other than one decimal `versionId` (anything else would mean
 * one thing to one resolver and another to the next).
 */
export function parseIssuerKid(issuerDid: string, kid: unknown): IssuerKidParts | null {
  if (typeof kid !== "string") return null;
  const hash = kid.indexOf("#");
  if (hash < 0 || hash === kid.length - 1) return null;
  const didPart = kid.slice(0, hash);
  const fragment = kid.slice(hash);
  if (didPart === issuerDid) return { keyId: kid };
  const versioned = /^(.*)\?versionId=(\d{1,15})$/.exec(didPart);
  if (!versioned || versioned[1] !== issuerDid) return null;
  return { keyId: `${issuerDid}${fragment}`, versionId: Number(versioned[2]) };
}
