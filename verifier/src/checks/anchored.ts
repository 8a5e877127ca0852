/**
 * `anchored`: the credential's digest is on chain — in a Merkle batch whose root THIS ISSUER anchored as a
 * Batch (the proof is checked locally, the root on chain), or anchored on its own by the issuer. A licence
 * credential's digest is the document hash of the agency's on-chain licence.
 */
import { verifyMerkleProof, type AnchorProof, type CredentialType } from "@fairledger/common/node";
import { fail, pass, type CheckResult } from "../result.ts";
import { RecordKind, RecordStatus, type TrustSource } from "../trust/trust-source.ts";

/** Where the credential's status lives on chain; records are kept per issuer, so each names its issuer. */
export type AnchorLocation =
  | { kind: "batch"; issuer: string; root: string }
  | { kind: "record"; issuer: string }
  | { kind: "licence"; agency: string };

const sameAddress = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export async function checkAnchored(
  trust: TrustSource,
  type: CredentialType,
  digest: string,
  issuer: string,
  subject: Record<string, unknown>,
  anchor: AnchorProof | undefined,
): Promise<{ result: CheckResult; location: AnchorLocation | null }> {
  const none = { location: null };
  if (type === "AgencyLicenceCredential") {
    const agency = /0x[0-9a-fA-F]{40}$/.exec(String(subject.id ?? ""))?.[0];
    if (!agency) return { result: fail("anchored", "the licence credential names no agency account"), ...none };
    const licence = await trust.licenceOf(agency);
    if (licence.documentHash !== digest.toLowerCase()) {
      return {
        result: fail("anchored", "this licence credential is not the document of the agency's on-chain licence"),
        ...none,
      };
    }
    return {
      result: pass("anchored", "it is the document of the agency's on-chain licence"),
      location: { kind: "licence", agency },
    };
  }
  if (anchor && !(anchor.root.toLowerCase() === digest.toLowerCase() && anchor.proof.length === 0)) {
    if (anchor.chainId !== trust.chainId || !sameAddress(anchor.ledger, trust.ledger)) {
      return {
        result: fail("anchored", `the anchor proof is for another ledger (${anchor.chainId}/${anchor.ledger})`),
        ...none,
      };
    }
    if (!verifyMerkleProof(anchor.root, digest, anchor.proof)) {
      return {
        result: fail("anchored", "the Merkle proof does not lead from this credential to the given root"),
        ...none,
      };
    }
    // Asked under the issuer: the same root anchored by any other account does not count.
    const root = await trust.recordOf(issuer, anchor.root);
    if (root.status === RecordStatus.None)
      return { result: fail("anchored", `batch root ${anchor.root} is not anchored on chain by the issuer`), ...none };
    if (root.kind !== RecordKind.Batch)
      return { result: fail("anchored", "the given root is anchored, but not as a batch"), ...none };
    const at = new Date(root.anchoredAt * 1000).toISOString();
    return {
      result: pass("anchored", `in batch ${anchor.root.slice(0, 10)}… anchored by the issuer at ${at}`),
      location: { kind: "batch", issuer, root: anchor.root },
    };
  }
  const record = await trust.recordOf(issuer, digest);
  if (record.status === RecordStatus.None) {
    return {
      result: fail(
        "anchored",
        anchor
          ? "not anchored on chain by the issuer"
          : "not anchored individually by the issuer, and no batch proof came with it",
      ),
      ...none,
    };
  }
  if (record.kind !== RecordKind.Credential)
    return { result: fail("anchored", "the digest is anchored, but not as a credential"), ...none };
  return {
    result: pass("anchored", `anchored by the issuer at ${new Date(record.anchoredAt * 1000).toISOString()}`),
    location: { kind: "record", issuer },
  };
}
